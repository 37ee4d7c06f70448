using System.Net.Http.Headers;
using System.Net.Http.Json;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Changdu.Gateway.Hosting;

/// <summary>
/// <c>--demo</c>: once the gateway listens, fills a fresh store through the public API with a
/// plausible Dec 2015 – Oct 2016 whose totals are the published ones (DOMAIN.md): 1,447 reporting
/// meetings, 5,798 problems identified, 4,869 resolved, spread over every tier's cadence.
/// Deterministic (fixed seed), paced by the gateway's own rate limit, so the dashboard fills up live.
/// </summary>
public sealed partial class DemoData(
    IServer server,
    IHostApplicationLifetime lifetime,
    IGrainFactory grains,
    TokenIssuer tokens,
    ILogger<DemoData> logger) : BackgroundService
{
    const int Meetings = 1_447;
    const int Identified = 5_798;
    const int Resolved = 4_869;
    // Only periods wholly inside Dec 2015 – Oct 2016, so the reference range shows the published totals.
    static readonly string[] HalfYears = ["2016-H1"];
    static readonly string[] Quarters = ["2016-Q1", "2016-Q2", "2016-Q3"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(started.SetResult);
        await started.Task.WaitAsync(stoppingToken);
        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://[::]", "://127.0.0.1");
        var root = (await grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).GetAppliedAsync())!.Roots[0];
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue(root, Roles.Office, "demo", TimeSpan.FromHours(2)));

        var city = await http.GetFromJsonAsync<RollupProbe>($"/api/units/{root}/rollup", stoppingToken);
        if (city!.Totals.Reports > 0)
        {
            LogSkipped(logger);
            return;
        }
        var reports = await PlanAsync(root);
        LogFilling(logger, reports.Count, address);
        var sent = 0;
        foreach (var (unit, body) in reports)
        {
            while (true)
            {
                using var response = await http.PostAsJsonAsync($"/api/units/{unit}/reports", body, stoppingToken);
                if (response.IsSuccessStatusCode)
                {
                    break;
                }
                // Paced by the rate limit like any other caller.
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), stoppingToken);
            }
            sent++;
        }
        LogFilled(logger, sent);
    }

    /// <summary>Which unit files which report: every tier by its cadence, figures summing to the published totals.</summary>
    async Task<List<(UnitId Unit, object Body)>> PlanAsync(UnitId root)
    {
        var random = new Random(2016);
        var byTier = new Dictionary<string, List<UnitId>>();
        var level = new List<UnitId> { root };
        while (level.Count > 0)
        {
            var next = new List<UnitId>();
            foreach (var id in level)
            {
                var unit = (await grains.GetGrain<IUnitGrain>(id.Value).GetDefinitionAsync())!;
                (byTier.TryGetValue(unit.Tier, out var list) ? list : byTier[unit.Tier] = []).Add(id);
                next.AddRange(unit.Children.Select(child => child.UnitId));
            }
            level = next;
        }

        var slots = new List<(UnitId Unit, string Cadence, string Period)>();
        foreach (var period in HalfYears)
        {
            slots.Add((root, "half-yearly", period));
        }
        foreach (var county in byTier.GetValueOrDefault("county") ?? [])
        {
            slots.AddRange(Quarters.Select(period => (county, "quarterly", period)));
            slots.Add((county, "half-yearly", "2016-H1"));
        }
        var months = Period.Parse("2015-12").Start;
        foreach (var township in byTier.GetValueOrDefault("township") ?? [])
        {
            // Each township office's monthly meetings, some months missing.
            slots.AddRange(Enumerable.Range(0, 11).Where(_ => random.NextDouble() < 0.45)
                .Select(m => (township, "monthly", Period.Month(months.AddMonths(m).Year, months.AddMonths(m).Month).ToString())));
        }
        var weeks = Period.Parse("2015-12").Split(PeriodKind.Week).First();
        var teams = byTier.GetValueOrDefault("village-team") ?? [];
        while (slots.Count < Meetings)
        {
            var team = teams[random.Next(teams.Count)];
            var day = weeks.Start.AddDays(7 * random.Next(0, 47)).ToDateTime(TimeOnly.MinValue);
            var week = Period.Week(System.Globalization.ISOWeek.GetYear(day), System.Globalization.ISOWeek.GetWeekOfYear(day));
            if (!slots.Contains((team, "weekly", week.ToString())))
            {
                slots.Add((team, "weekly", week.ToString()));
            }
        }
        slots = slots.Take(Meetings).OrderBy(slot => Period.Parse(slot.Period).Start).ThenBy(_ => random.Next()).ToList();

        var identified = Spread(Identified, slots.Count, random, _ => int.MaxValue);
        var resolved = Spread(Resolved, slots.Count, random, i => identified[i]);
        return slots.Select((slot, i) => (slot.Unit, (object)new
        {
            reportId = $"demo-{slot.Cadence}-{slot.Period}",
            cadence = slot.Cadence,
            period = slot.Period,
            meetingsHeld = 1,
            problemsIdentified = identified[i],
            problemsResolved = resolved[i],
            notes = (string?)null,
        })).ToList();
    }

    /// <summary>Deals <paramref name="total"/> out over <paramref name="count"/> reports at random, each at most its cap.</summary>
    static int[] Spread(int total, int count, Random random, Func<int, int> cap)
    {
        var dealt = new int[count];
        for (var left = total; left > 0;)
        {
            var i = random.Next(count);
            if (dealt[i] < cap(i))
            {
                dealt[i]++;
                left--;
            }
        }
        return dealt;
    }

    sealed record RollupProbe(TotalsProbe Totals);

    sealed record TotalsProbe(long Reports);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: filling the store with {Reports} reports through {Address}; the dashboard shows them as they arrive")]
    static partial void LogFilling(ILogger logger, int reports, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: {Reports} reports filed")]
    static partial void LogFilled(ILogger logger, int reports);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: the store already holds reports; nothing added")]
    static partial void LogSkipped(ILogger logger);
}
