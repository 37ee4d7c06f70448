using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace Changdu.Cluster.Tests;

public partial class ClusterFormationTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    readonly LocalCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task Two_silos_form_a_cluster_and_units_live_on_both()
    {
        await using var database = NpgsqlDataSource.Create(_cluster.Postgres.ConnectionString);
        await using var active = database.CreateCommand("SELECT count(*) FROM membership WHERE status = 3");
        var activeSilos = (long)(await active.ExecuteScalarAsync())!;

        // Seeding writes rows and activates no unit: units activate when asked for, on either silo.
        var seeded = await ActivationsPerSilo();
        Assert.True(seeded.Sum() < Seeded.Teams.Count, $"seeding activated units: {string.Join(", ", seeded)}");
        using var gateway = _cluster.CreateGatewayClient();
        await Parallel.ForEachAsync(Seeded.Teams, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (team, cancellation) => Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync($"/api/units/{team}", cancellation)).StatusCode));
        var activations = await Eventually(ActivationsPerSilo, perSilo => perSilo.All(count => count > 0) && perSilo.Sum() >= Seeded.Teams.Count, TimeSpan.FromSeconds(30));

        Assert.Equal(2, activeSilos);
        Assert.All(activations, count => Assert.True(count > 0, $"activations per silo: {string.Join(", ", activations)}"));
        Assert.True(activations.Sum() >= Seeded.Teams.Count, $"every team read was activated: {activations.Sum()}");
    }

    async Task<List<long>> ActivationsPerSilo()
    {
        var perSilo = new List<long>();
        foreach (var silo in _cluster.Silos)
        {
            using var client = silo.CreateClient();
            perSilo.Add(UnitActivations(await client.GetStringAsync("/metrics")));
        }
        return perSilo;
    }

    [Fact]
    public async Task Reports_through_the_gateway_roll_up_across_silos()
    {
        using var client = _cluster.CreateGatewayClient();
        var teams = Seeded.Teams.Take(40).ToList();

        foreach (var (team, i) in teams.Select((team, i) => (team, i)))
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostReport(team, Reports.Weekly($"x{i}", "2016-W20", 1, 2, 1))).StatusCode);
        }
        var city = await client.RollupOnce(Seeded.City, rollup => rollup.Totals.Reports == teams.Count, "2016-W20", seconds: 5);

        Assert.Equal(teams.Count, city.Totals.Reports);
        Assert.Equal(teams.Count * 2, city.Totals.ProblemsIdentified);
    }

    static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            value = await read();
        }
        return value;
    }

    /// <summary>Unit grain activations a silo has created, from its Prometheus endpoint.</summary>
    static long UnitActivations(string metrics) =>
        UnitGrainActivations().Matches(metrics).Sum(match => long.Parse(match.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex("""^orleans_catalog_activation_created_total\{[^}]*grain_type="unit"[^}]*\} (?<count>\d+)""", RegexOptions.Multiline)]
    private static partial Regex UnitGrainActivations();
}
