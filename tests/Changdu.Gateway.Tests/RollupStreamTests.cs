using System.Net;
using Changdu.Gateway.Live;
using Microsoft.Extensions.DependencyInjection;

namespace Changdu.Gateway.Tests;

public class RollupStreamTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    readonly HttpClient _client = factory.CreateCityOfficeClient();

    async Task<ServerSentEventReader> Open(string unitId, string? query = null, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/units/{unitId}/rollup/stream{query}");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new ServerSentEventReader(response);
    }

    [Fact]
    public async Task Stream_sends_the_rollup_at_once_then_each_change()
    {
        var team = Seeded.Teams[300];
        var county = Seeded.ParentOf(Seeded.ParentOf(team));
        await using var stream = await Open(county, "?period=2016-W12");

        var first = await stream.NextAsync(Patience);
        await _client.PostReport(team, Reports.Weekly("live-1", "2016-W12", 1, 7, 0));
        var second = await stream.NextAsync(Patience);

        Assert.Equal(("rollup", county, "2016-W12"), (first.Event, first.Rollup.UnitId, first.Rollup.Period));
        Assert.Equal(first.Rollup.Version.ToString(), first.Id);
        Assert.Equal(first.Rollup.Totals.ProblemsIdentified + 7, second.Rollup.Totals.ProblemsIdentified);
        Assert.True(long.Parse(second.Id!) > long.Parse(first.Id!));
    }

    [Fact]
    public async Task Reconnecting_with_the_last_event_id_skips_what_was_seen()
    {
        var team = Seeded.Teams[301];
        var township = Seeded.ParentOf(team);
        string seenId;
        await using (var stream = await Open(township))
        {
            seenId = (await stream.NextAsync(Patience)).Id!;
        }

        await using var resumed = await Open(township, lastEventId: seenId);
        await _client.PostReport(team, Reports.Weekly("live-2", "2016-W13", 1, 1, 1));
        // Other changes may come first (the schedule closing a month): every event is newer than the one seen.
        var next = await resumed.NextAsync(Patience);
        Assert.True(long.Parse(next.Id!) > long.Parse(seenId));
        while (next.Rollup.Children.Single(child => child.UnitId == team).Totals.Reports == 0)
        {
            next = await resumed.NextAsync(Patience);
        }
        Assert.Equal(1, next.Rollup.Children.Single(child => child.UnitId == team).Totals.Reports);
    }

    [Fact]
    public async Task Many_streams_on_one_unit_share_one_watch()
    {
        var team = Seeded.Teams[302];
        var township = Seeded.ParentOf(team);
        var streams = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Open(township)));
        var initial = await Task.WhenAll(streams.Select(stream => stream.NextAsync(Patience)));

        await _client.PostReport(team, Reports.Weekly("live-3", "2016-W14", 1, 1, 1));
        var updates = await Task.WhenAll(streams.Select(stream => stream.NextAsync(Patience)));

        Assert.Equal(1, factory.Services.GetRequiredService<RollupFeed>().ActiveWatches);
        Assert.All(updates, update => Assert.Equal(initial[0].Rollup.Totals.Reports + 1, update.Rollup.Totals.Reports));
        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }
    }

    [Fact]
    public async Task Stream_of_an_unknown_unit_is_404()
    {
        var response = await _client.GetAsync("/api/units/540300000099/rollup/stream");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
