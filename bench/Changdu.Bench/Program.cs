using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Changdu.ReferenceYear;

// Load generator: submits weekly reports over HTTP with C concurrent clients spread over every
// village team, then measures how long the city rollup takes to show them all; or, with
// --scenario check-ins, the morning burst of daily check-ins (CheckInBurst.cs); or, with
// --scenario history, the cost of a report before and after years of history (HistoryCost.cs); with
// --scenario national-burst, weekly reports to teams drawn from a whole hierarchy file (NationalBurst.cs);
// with --scenario dashboard, the requests of the dashboard opening the file's root and a township (DashboardLoad.cs).
//   dotnet run -c Release --project bench/Changdu.Bench -- --url http://127.0.0.1:5000 --token <office token> --reports 20000 --concurrency 32
//   … --scenario check-ins --cadres-per-team 4 --mornings 5 --concurrency 32
//   … --scenario history --pid <gateway pid> --years 10 --seconds 30 --concurrency 64 [--pgbench-rate <rows/s>]
//   … --scenario national-burst --seed-file <hierarchy file> --seconds 60 --concurrency 64 [--pids gateway=<pid>,…]
//   … --scenario dashboard --seed-file <hierarchy file> [--opens 5]
var options = BenchOptions.Parse(args);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = options.Url,
    Timeout = TimeSpan.FromSeconds(60),
};
if (options.Token is { } token)
{
    http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
}
const string City = "540300000000";

var runId = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
if (options.Scenario == "national-burst")
{
    return await NationalBurst.RunAsync(http, SeedFile.Load(options.RequiredSeedFile), options, runId);
}
if (options.Scenario == "dashboard")
{
    return await DashboardLoad.RunAsync(http, SeedFile.Load(options.RequiredSeedFile), options.Opens);
}

var teams = await Hierarchy.TeamsAsync(http, City);
if (options.Scenario == "check-ins")
{
    Console.WriteLine($"gateway {options.Url}: {teams.Count} village teams; {options.CadresPerTeam} cadres each, {options.Mornings} mornings at concurrency {options.Concurrency}");
    return await CheckInBurst.RunAsync(http, City, teams, options.CadresPerTeam, options.Mornings, options.Concurrency, runId);
}
if (options.Scenario == "history")
{
    Console.WriteLine($"gateway {options.Url}: {teams.Count} village teams; {options.Seconds} s measured before and after {options.Years} years of weekly reports, at concurrency {options.Concurrency}");
    return await HistoryCost.RunAsync(http, City, teams, options, runId);
}
Console.WriteLine($"gateway {options.Url}: {teams.Count} village teams; warm-up {teams.Count} reports, then {options.Reports} reports at concurrency {options.Concurrency}");

var firstYear = await Rollup.FirstEmptyYearAsync(http, City, 2030);
var baseline = await Load.WarmUpAsync(http, City, teams, options.Concurrency, runId, firstYear);
var result = await Load.RunAsync(http, teams, options.Reports, options.Concurrency, runId, firstYear + 1);
var expected = baseline + result.Accepted;
var (seen, freshness) = await Rollup.WaitForAsync(http, City, expected);

Console.WriteLine($"accepted           {result.Accepted} of {options.Reports} ({result.Failed} failed)");
Console.WriteLine($"throughput         {result.Accepted / result.Elapsed.TotalSeconds:F0} reports/s over {result.Elapsed.TotalSeconds:F1} s");
Console.WriteLine($"ack latency        p50 {result.Percentile(50):F1} ms, p99 {result.Percentile(99):F1} ms, max {result.Percentile(100):F1} ms");
Console.WriteLine(seen >= expected
    ? $"freshness          city shows every report {freshness.TotalMilliseconds:F0} ms after the last acknowledgement"
    : $"freshness          city still short by {expected - seen} reports after {freshness.TotalSeconds:F0} s");
return seen >= expected && result.Failed == 0 ? 0 : 1;

sealed record BenchOptions(Uri Url, int Reports, int Concurrency, string? Token, string Scenario, int CadresPerTeam, int Mornings,
    int Years, int Seconds, int? GatewayPid, double? PgbenchRate, string? SeedFile, string? Pids, int Opens)
{
    public string RequiredSeedFile => SeedFile ?? throw new ArgumentException($"--seed-file: the hierarchy file the service was seeded with is needed for --scenario {Scenario}.");

    public static BenchOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }
        var scenario = Value("--scenario", "reports");
        return new BenchOptions(
            new Uri(Value("--url", "http://127.0.0.1:5000")),
            int.Parse(Value("--reports", "20000"), CultureInfo.InvariantCulture),
            int.Parse(Value("--concurrency", scenario is "history" or "national-burst" ? "64" : "32"), CultureInfo.InvariantCulture),
            Value("--token", "") is { Length: > 0 } token ? token : null,
            scenario,
            int.Parse(Value("--cadres-per-team", "4"), CultureInfo.InvariantCulture),
            int.Parse(Value("--mornings", "5"), CultureInfo.InvariantCulture),
            int.Parse(Value("--years", "10"), CultureInfo.InvariantCulture),
            int.Parse(Value("--seconds", scenario == "national-burst" ? "60" : "30"), CultureInfo.InvariantCulture),
            Value("--pid", "") is { Length: > 0 } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
            Value("--pgbench-rate", "") is { Length: > 0 } rate ? double.Parse(rate, CultureInfo.InvariantCulture) : null,
            Value("--seed-file", "") is { Length: > 0 } seedFile ? seedFile : null,
            Value("--pids", "") is { Length: > 0 } pids ? pids : null,
            int.Parse(Value("--opens", "5"), CultureInfo.InvariantCulture));
    }
}

static class Hierarchy
{
    sealed record Unit(string UnitId, string Tier, List<Unit> Children);

    /// <summary>Every village team below the root, found through the public units API.</summary>
    public static async Task<List<string>> TeamsAsync(HttpClient http, string root)
    {
        var teams = new List<string>();
        var level = new List<string> { root };
        while (level.Count > 0)
        {
            var units = await Task.WhenAll(level.Select(id => http.GetFromJsonAsync<Unit>($"/api/units/{id}", JsonSerializerOptions.Web)));
            teams.AddRange(units.Where(unit => unit!.Tier == "village-team").Select(unit => unit!.UnitId));
            level = units.SelectMany(unit => unit!.Children.Select(child => child.UnitId)).ToList();
        }
        return teams;
    }
}

static class Rollup
{
    sealed record Totals(long Reports);
    sealed record View(Totals Totals);

    public static async Task<long> ReportsAsync(HttpClient http, string unit, string? period = null) =>
        (await http.GetFromJsonAsync<View>($"/api/units/{unit}/rollup" + (period is null ? "" : $"?period={period}"), JsonSerializerOptions.Web))!.Totals.Reports;

    /// <summary>The first year from <paramref name="from"/> on in which the unit counts no report: each run files its reports in years no earlier run used, so a store can be benchmarked again.</summary>
    public static async Task<int> FirstEmptyYearAsync(HttpClient http, string unit, int from)
    {
        var year = from;
        while (await ReportsAsync(http, unit, year.ToString(CultureInfo.InvariantCulture)) > 0)
        {
            year++;
        }
        return year;
    }

    /// <summary>Polls until the unit counts <paramref name="expected"/> reports, for at most a minute: answers what it counted last and how long after the call.</summary>
    public static async Task<(long Seen, TimeSpan Elapsed)> WaitForAsync(HttpClient http, string unit, long expected)
    {
        var since = Stopwatch.GetTimestamp();
        long seen;
        while ((seen = await ReportsAsync(http, unit)) < expected && Stopwatch.GetElapsedTime(since) < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(5);
        }
        return (seen, Stopwatch.GetElapsedTime(since));
    }
}

sealed record LoadResult(int Accepted, int Failed, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double Percentile(double p) =>
        LatenciesMs.Length == 0 ? 0 : LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)Math.Ceiling(p / 100 * LatenciesMs.Length) - 1)];
}

static class Load
{
    /// <summary>
    /// One report per team in <paramref name="year"/> activates every grain on the path before anything is timed;
    /// answers the reports the root counts once it shows them.
    /// </summary>
    public static async Task<long> WarmUpAsync(HttpClient http, string root, List<string> teams, int concurrency, string runId, int year)
    {
        var before = await Rollup.ReportsAsync(http, root);
        var warmUp = await RunAsync(http, teams, teams.Count, concurrency, runId + "w", year);
        var baseline = before + warmUp.Accepted;
        while (await Rollup.ReportsAsync(http, root) < baseline)
        {
            await Task.Delay(5);
        }
        return baseline;
    }

    /// <summary>
    /// Report n goes to team n mod T for week n div T (52 weeks a year from <paramref name="firstYear"/>), so no two reports
    /// share a team and period. A 503 is sent again as the API asks, so every report is counted exactly once: a 200 then
    /// means the earlier attempt stored it.
    /// </summary>
    public static Task<LoadResult> RunAsync(HttpClient http, List<string> teams, int count, int concurrency, string runId, int firstYear, TimeSpan? duration = null) =>
        SendAsync(count, concurrency, n =>
        {
            var week = n / teams.Count;
            return http.PostPatientlyAsync($"/api/units/{teams[n % teams.Count]}/reports", new
            {
                reportId = $"bench-{runId}-{n}",
                cadence = "weekly",
                period = $"{firstYear + week / 52}-W{week % 52 + 1:D2}",
                meetingsHeld = 1,
                problemsIdentified = n % 7,
                problemsResolved = n % 5,
            });
        }, status => status is HttpStatusCode.Created or HttpStatusCode.OK, duration);

    /// <summary>
    /// Sends request n = 0 … count − 1 from <paramref name="concurrency"/> clients, or fewer when <paramref name="duration"/>
    /// passes first; a request succeeds when its answer's status is <paramref name="acknowledged"/>.
    /// </summary>
    public static async Task<LoadResult> SendAsync(int count, int concurrency, Func<int, Task<HttpResponseMessage>> send, Func<HttpStatusCode, bool> acknowledged, TimeSpan? duration = null)
    {
        var latencies = new double[count];
        var accepted = 0;
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var deadline = duration is { } limit ? started + (long)(limit.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int n;
            // The deadline is checked before a number is taken, so every number taken below count is sent.
            while (Stopwatch.GetTimestamp() < deadline && (n = Interlocked.Increment(ref next)) < count)
            {
                var sent = Stopwatch.GetTimestamp();
                using var response = await send(n);
                latencies[n] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                if (acknowledged(response.StatusCode))
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        }));
        var sentCount = Math.Min(next + 1, count);
        Array.Sort(latencies, 0, sentCount);
        return new LoadResult(accepted, sentCount - accepted, Stopwatch.GetElapsedTime(started), latencies[..sentCount]);
    }
}
