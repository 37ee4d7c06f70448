using System.Net.Http.Json;
using System.Text.Json;

namespace Changdu.Gateway.Tests;

/// <summary>
/// <c>--demo</c> runs the reference year (the replay benchmark's program) through the API of a fresh store, and leaves a store
/// holding reports alone; it files the year live on the programme's clock, so the figures read as a running programme's.
/// </summary>
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

    [Fact]
    public async Task Demo_files_the_year_on_the_programme_clock_so_reports_are_on_time_problems_months_old_and_today_on_duty()
    {
        // A township of several teams fills in seconds; the city's demo runs the same program over more units.
        var township = Seeded.Townships.First(unit => Seeded.Teams.Count(team => Seeded.ParentOf(team) == unit) >= 8);
        var token = await ServiceProcess.MintTokenAsync(Seeded.City, "office", $"--Storage:DataDirectory={_dataDirectory}");
        await using (var demo = await ServiceProcess.StartGatewayAsync(_dataDirectory, "--demo", $"--Demo:Root={township}"))
        {
            using var client = demo.CreateClient(token);
            await Eventually.Returns(() => Task.FromResult(demo.Output), text => text.Contains("Demo: the reference year is filed", StringComparison.Ordinal), TimeSpan.FromSeconds(240));

            // The programme's today is the day after the reference year; the real clock is years later.
            Assert.Equal(new DateOnly(2016, 11, 1), await TodayAsync(client));
            var rollup = await client.GetFromJsonAsync<JsonElement>($"/api/units/{township}/rollup?period=2015-12..2016-10");
            Assert.InRange(rollup.GetProperty("onTimeRate").GetDouble(), 0.9, 1.0);
            // The findings of May's inspection round still open: months old, not years.
            var oldest = rollup.GetProperty("openProblems").GetProperty("oldestDays").GetInt32();
            Assert.InRange(oldest, 150, new DateOnly(2016, 11, 1).DayNumber - new DateOnly(2015, 12, 1).DayNumber);
            var duty = await client.GetFromJsonAsync<JsonElement>($"/api/units/{township}/duty?date=2016-11-01");
            var planned = duty.GetProperty("planned").GetInt32();
            var checkedIn = duty.GetProperty("checkedIn").GetInt32();
            Assert.True(planned > 0, demo.Output);
            Assert.InRange(checkedIn, planned * 8 / 10, planned);
            await demo.StopAsync();
        }

        // The programme's offset is kept with the store: a restart goes on from the day it had reached.
        await using var again = await ServiceProcess.StartGatewayAsync(_dataDirectory, "--demo", $"--Demo:Root={township}");
        using var againClient = again.CreateClient(token);
        Assert.Equal(new DateOnly(2016, 11, 1), await TodayAsync(againClient));
    }

    static async Task<DateOnly> TodayAsync(HttpClient client) =>
        DateOnly.Parse((await client.GetFromJsonAsync<JsonElement>("/api/today")).GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    static async Task<long> CityReportsAsync(HttpClient client)
    {
        var rollup = await client.GetFromJsonAsync<JsonElement>($"/api/units/{Seeded.City}/rollup");
        return rollup.GetProperty("totals").GetProperty("reports").GetInt64();
    }
}
