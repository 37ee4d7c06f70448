using System.Diagnostics;
using System.Globalization;

/// <summary>
/// The cost of a report over years of history (issue 12). Measures <c>--seconds</c> of weekly reports
/// while every team's history is empty ("fresh"), files <c>--years</c> years of weekly reports for every
/// team as fast as the service takes them ("fill", one phase per year, oldest first), then measures the
/// same again ("late"). Each phase: reports/s, acknowledgement latency, freshness at the city, the
/// gateway's disk bytes written per acknowledged report and its memory. The fill takes the years before
/// the current one; the measured phases take years from 2030 on (the API takes any period up to 2100,
/// future ones included), so no two phases file the same team and week.
/// </summary>
static class HistoryCost
{
    /// <summary>Bounds a measured phase's weeks so the late phase knows where the fresh one ended; far more than a phase files in its seconds.</summary>
    const int MaxYearsPerPhase = 10;

    sealed record Phase(string Name, LoadResult Load, TimeSpan? Freshness, long BytesWritten, long ResidentBytes)
    {
        public double ReportsPerSecond => Load.Accepted / Load.Elapsed.TotalSeconds;
        public double BytesPerReport => Load.Accepted == 0 ? 0 : (double)BytesWritten / Load.Accepted;
    }

    public static async Task<int> RunAsync(HttpClient http, string city, List<string> teams, BenchOptions options, string runId)
    {
        var gateway = new GatewayProcess(options.GatewayPid ?? throw new ArgumentException("--pid: the gateway's process id is needed to read its disk writes and memory."));
        var duration = TimeSpan.FromSeconds(options.Seconds);
        var reportsPerYear = teams.Count * 52;
        var firstYear = await Rollup.FirstEmptyYearAsync(http, city, 2030);
        var expected = await Load.WarmUpAsync(http, city, teams, options.Concurrency, runId, firstYear);
        var phases = new List<Phase>();

        // A phase runs from its first request until the city counts every report, so the rollups'
        // own writes are charged to the reports that caused them.
        async Task<Phase> MeasureAsync(string name, Func<Task<LoadResult>> load)
        {
            var writtenBefore = gateway.BytesWritten();
            var result = await load();
            expected += result.Accepted;
            var (seen, freshness) = await Rollup.WaitForAsync(http, city, expected);
            var phase = new Phase(name, result, seen >= expected ? freshness : null, gateway.BytesWritten() - writtenBefore, gateway.ResidentBytes());
            phases.Add(phase);
            Console.WriteLine($"{name,-18} {result.Accepted:N0} reports in {result.Elapsed.TotalSeconds:F1} s = {phase.ReportsPerSecond:N0}/s" +
                (result.Failed > 0 ? $" ({result.Failed:N0} failed)" : "") +
                $"; ack p50 {result.Percentile(50):F1} ms, p99 {result.Percentile(99):F1} ms; " +
                (phase.Freshness is { } shown ? $"city counts them all {shown.TotalMilliseconds:F0} ms after the last ack" : $"city still short by {expected - seen:N0} after {freshness.TotalSeconds:F0} s") +
                $"; {phase.BytesPerReport:N0} bytes written per report; RSS {phase.ResidentBytes / 1024 / 1024} MiB" +
                $"; machine load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"); // the machine may be shared: a busy one explains a slow phase
            return phase;
        }

        var fresh = await MeasureAsync("fresh", () => Load.RunAsync(http, teams, reportsPerYear * MaxYearsPerPhase, options.Concurrency, runId + "a", firstYear + 1, duration));

        var fillStarted = Stopwatch.GetTimestamp();
        var currentYear = DateTime.UtcNow.Year;
        var filled = 0L;
        for (var year = currentYear - options.Years; year < currentYear; year++)
        {
            filled += (await MeasureAsync($"fill {year}", () => Load.RunAsync(http, teams, reportsPerYear, options.Concurrency, $"{runId}f{year}", year))).Load.Accepted;
        }
        Console.WriteLine($"fill               {filled:N0} reports ({options.Years} years × 52 weeks × {teams.Count:N0} teams, {currentYear - options.Years}–{currentYear - 1}) " +
            $"in {Stopwatch.GetElapsedTime(fillStarted).TotalSeconds:F0} s");

        var freshYears = (fresh.Load.Accepted + fresh.Load.Failed + reportsPerYear - 1) / reportsPerYear;
        await MeasureAsync("late", () => Load.RunAsync(http, teams, reportsPerYear * MaxYearsPerPhase, options.Concurrency, runId + "b", firstYear + 1 + freshYears, duration));

        PrintTable(phases, options.PgbenchRate);
        return phases.All(phase => phase.Load.Failed == 0 && phase.Freshness is not null) ? 0 : 1;
    }

    static void PrintTable(List<Phase> phases, double? pgbenchRate)
    {
        Console.WriteLine();
        Console.WriteLine("| phase | reports | reports/s | ack p50 | ack p99 | freshness | bytes/report | RSS | reports/s ÷ pgbench |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var phase in phases)
        {
            Console.WriteLine($"| {phase.Name} | {phase.Load.Accepted:N0} | {phase.ReportsPerSecond:N0} | {phase.Load.Percentile(50):F1} ms | {phase.Load.Percentile(99):F1} ms | " +
                $"{(phase.Freshness is { } freshness ? $"{freshness.TotalMilliseconds:N0} ms" : "> 60 s")} | {phase.BytesPerReport:N0} | {phase.ResidentBytes / 1024 / 1024} MiB | " +
                $"{(pgbenchRate is { } rate ? (phase.ReportsPerSecond / rate).ToString("F2", CultureInfo.InvariantCulture) : "—")} |");
        }
        Console.WriteLine(pgbenchRate is { } rows
            ? $"pgbench: PostgreSQL's durable one-row INSERT, 32 clients: {rows:N0} rows/s"
            : "pgbench: not measured (bench/run.sh measures it for this scenario)");
    }
}

/// <summary>The gateway's counters in /proc (Linux): bytes it caused to be written to disk, and its resident memory.</summary>
sealed class GatewayProcess(int pid)
{
    public long BytesWritten() => Field($"/proc/{pid}/io", "write_bytes:");

    public long ResidentBytes() => Field($"/proc/{pid}/status", "VmRSS:") * 1024; // reported in kB

    public static long Field(string path, string name) =>
        long.Parse(File.ReadLines(path).First(line => line.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
