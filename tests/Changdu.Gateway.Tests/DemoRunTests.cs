using System.Net.Http.Json;
using System.Text.Json;

namespace Changdu.Gateway.Tests;

/// <summary><c>--demo</c> runs the reference year (the replay benchmark's program) through the API of a fresh store, and leaves a store holding reports alone.</summary>
public sealed class DemoRunTests : IDisposable
{
    readonly string _dataDirectory = Directory.CreateTempSubdirectory("changdu-demo-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Demo_files_the_reference_year_into_a_fresh_store_and_nothing_into_one_holding_reports()
    {
        var token = await ServiceProcess.MintTokenAsync(Seeded.City, "office", $"--Storage:DataDirectory={_dataDirectory}");
        await using (var fresh = await ServiceProcess.StartGatewayAsync(_dataDirectory, "--demo"))
        {
            using var client = fresh.CreateClient(token);

            // Cadres and cards come first, then the weeks of Dec 2015.
            var reports = await Eventually.Returns(() => CityReportsAsync(client), count => count > 0, TimeSpan.FromSeconds(180));

            Assert.True(reports > 0, fresh.Output);
            Assert.Contains("Demo: filling the store with the reference year", fresh.Output, StringComparison.Ordinal);
            await fresh.StopAsync();
        }

        await using var again = await ServiceProcess.StartGatewayAsync(_dataDirectory, "--demo");
        var output = await Eventually.Returns(() => Task.FromResult(again.Output), text => text.Contains("Demo: the store already holds reports", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        Assert.Contains("Demo: the store already holds reports; nothing added", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Demo: filling the store", output, StringComparison.Ordinal);
    }

    static async Task<long> CityReportsAsync(HttpClient client)
    {
        var rollup = await client.GetFromJsonAsync<JsonElement>($"/api/units/{Seeded.City}/rollup");
        return rollup.GetProperty("totals").GetProperty("reports").GetInt64();
    }
}
