using System.Net;
using System.Net.Http.Json;
using Changdu.Gateway.Api;

namespace Changdu.Cluster.Tests;

public sealed class ClusterRestartTests : IAsyncLifetime
{
    readonly ClusterFixture _fixture = new();

    LocalCluster Cluster => _fixture.Cluster;

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task State_survives_a_full_cluster_restart()
    {
        var teams = Seeded.Teams.Skip(500).Take(60).ToList();
        using (var client = Cluster.CreateGatewayClient())
        {
            foreach (var (team, i) in teams.Select((team, i) => (team, i)))
            {
                Assert.Equal(HttpStatusCode.Created, (await client.PostReport(team, Reports.Weekly($"keep-{i}", "2016-W33", 2, i % 4, 1))).StatusCode);
            }
        }

        await Cluster.StopProcessesAsync();
        await Cluster.StartProcessesAsync();

        using var restarted = Cluster.CreateGatewayClient();
        var expected = new ReportCounts(teams.Count, teams.Count * 2, Enumerable.Range(0, teams.Count).Sum(i => i % 4), teams.Count);
        var city = await restarted.RollupOnce(Seeded.City, rollup => rollup.Totals.Counts() == expected, "2016-W33", seconds: 15);
        Assert.Equal(expected, city.Totals.Counts());
        var stored = await restarted.GetFromJsonAsync<ReportDto>($"/api/units/{teams[7]}/reports/keep-7");
        Assert.Equal((2, 3), (stored!.MeetingsHeld, stored.ProblemsIdentified));
    }
}
