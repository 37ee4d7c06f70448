/// <summary>
/// The morning burst at national size (issue 15): weekly reports for <c>--seconds</c> to village teams
/// drawn at random from the whole hierarchy file, with no warm-up, so that on a national tree nearly every
/// team's activation is cold. Teams are taken in a random order, each once per week, so no two reports share
/// a team and period; weeks are from the first year in which the root counts nothing. Then checks that the
/// root's rollup for those years equals the acknowledged reports and how long after the last
/// acknowledgement it showed them all.
/// </summary>
static class NationalBurst
{
    /// <summary>Bounds the reports a burst may number (its latencies are kept in one array): far more per second than two cores take.</summary>
    const int MaxReportsPerSecond = 20_000;

    public static async Task<int> RunAsync(HttpClient http, SeedFile file, BenchOptions options, string runId)
    {
        var root = file.Root;
        var order = file.Leaves().ToArray();
        Random.Shared.Shuffle(order);
        var teams = order.ToList();
        var processes = ServiceProcesses.Parse(options.Pids);
        var firstYear = await Rollup.FirstEmptyYearAsync(http, root, 2030);
        var before = await Rollup.ReportsAsync(http, root);
        Console.WriteLine($"burst              {teams.Count:N0} village teams under {root}; {options.Seconds} s at concurrency {options.Concurrency}, weeks of {firstYear} on");

        using var sampling = new CancellationTokenSource();
        var peaks = processes.PeakResidentAsync(sampling.Token);
        var result = await Load.RunAsync(http, teams, options.Seconds * MaxReportsPerSecond, options.Concurrency, runId, firstYear, TimeSpan.FromSeconds(options.Seconds));
        var (seen, freshness) = await Rollup.WaitForAsync(http, root, before + result.Accepted);
        await sampling.CancelAsync();

        var weeks = (result.Accepted + result.Failed + teams.Count - 1) / teams.Count;
        var lastYear = firstYear + Math.Max(0, weeks - 1) / 52;
        var period = lastYear == firstYear ? $"{firstYear}" : $"{firstYear}..{lastYear}";
        var inPeriod = await Rollup.ReportsAsync(http, root, period);
        var exact = inPeriod == result.Accepted && seen == before + result.Accepted;

        Console.WriteLine($"burst reports/s    {result.Accepted / result.Elapsed.TotalSeconds:F0} ({result.Accepted:N0} acknowledged in {result.Elapsed.TotalSeconds:F1} s, {result.Failed:N0} failed)");
        Console.WriteLine($"burst ack latency  p50 {result.Percentile(50):F1} ms, p99 {result.Percentile(99):F1} ms, max {result.Percentile(100):F1} ms");
        Console.WriteLine($"burst root exact   {(exact ? "yes" : "NO")}: the root counts {inPeriod:N0} reports for {period}, {result.Accepted:N0} were acknowledged");
        var reached = file.Reached(teams.Take(result.Accepted + result.Failed));
        var reachedUnits = reached.Sum(tier => tier.Units);
        Console.WriteLine($"burst units        {reachedUnits:N0} reached, {(double)reachedUnits / Math.Max(1, result.Accepted + result.Failed):F2} a report: "
            + string.Join(" · ", reached.Select(tier => $"{tier.Tier} {tier.Units:N0}")));
        Console.WriteLine(seen >= before + result.Accepted
            ? $"burst freshness    {freshness.TotalMilliseconds:F0} ms from the last acknowledgement until the root shows them all"
            : $"burst freshness    the root still short by {before + result.Accepted - seen:N0} reports after {freshness.TotalSeconds:F0} s");
        foreach (var (name, peak) in await peaks)
        {
            Console.WriteLine($"burst RSS {name,-8} peak {peak / 1024 / 1024:N0} MiB sampled every 250 ms (VmHWM since start {processes.HighWaterMark(name) / 1024 / 1024:N0} MiB)");
        }
        Console.WriteLine($"burst machine load {File.ReadAllText("/proc/loadavg").Split(' ')[0]} (1-minute average at the end)");
        return exact && result.Failed == 0 ? 0 : 1;
    }
}
