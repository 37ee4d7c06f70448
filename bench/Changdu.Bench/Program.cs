using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

// Load generator: submits weekly reports over HTTP with C concurrent clients spread over every
// village team, then measures how long the city rollup takes to show them all; or, with
// --scenario check-ins, the morning burst of daily check-ins (CheckInBurst.cs).
//   dotnet run -c Release --project bench/Changdu.Bench -- --url http://127.0.0.1:5000 --token <office token> --reports 20000 --concurrency 32
//   … --scenario check-ins --cadres-per-team 4 --mornings 5 --concurrency 32
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

var teams = await Hierarchy.TeamsAsync(http, City);
var runId = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
if (options.Scenario == "check-ins")
{
    Console.WriteLine($"gateway {options.Url}: {teams.Count} village teams; {options.CadresPerTeam} cadres each, {options.Mornings} mornings at concurrency {options.Concurrency}");
    return await CheckInBurst.RunAsync(http, City, teams, options.CadresPerTeam, options.Mornings, options.Concurrency, runId);
}
Console.WriteLine($"gateway {options.Url}: {teams.Count} village teams; warm-up {teams.Count} reports, then {options.Reports} reports at concurrency {options.Concurrency}");

// Warm-up: one report per team activates every grain on the path before anything is timed.
// Each run files its reports in years no earlier run used, so a store can be benchmarked again.
var firstYear = 2030;
while (await Rollup.ReportsAsync(http, City, firstYear.ToString(CultureInfo.InvariantCulture)) > 0)
{
    firstYear++;
}
var before = await Rollup.ReportsAsync(http, City);
var warmUp = await Load.RunAsync(http, teams, teams.Count, options.Concurrency, runId + "w", firstYear);
var baseline = before + warmUp.Accepted;
while (await Rollup.ReportsAsync(http, City) < baseline)
{
    await Task.Delay(5);
}

var result = await Load.RunAsync(http, teams, options.Reports, options.Concurrency, runId, firstYear + 1);
var lastAck = Stopwatch.GetTimestamp();
var expected = baseline + result.Accepted;
long seen;
while ((seen = await Rollup.ReportsAsync(http, City)) < expected && Stopwatch.GetElapsedTime(lastAck) < TimeSpan.FromSeconds(60))
{
    await Task.Delay(5);
}
var freshness = Stopwatch.GetElapsedTime(lastAck);

Console.WriteLine($"accepted           {result.Accepted} of {options.Reports} ({result.Failed} failed)");
Console.WriteLine($"throughput         {result.Accepted / result.Elapsed.TotalSeconds:F0} reports/s over {result.Elapsed.TotalSeconds:F1} s");
Console.WriteLine($"ack latency        p50 {result.Percentile(50):F1} ms, p99 {result.Percentile(99):F1} ms, max {result.Percentile(100):F1} ms");
Console.WriteLine(seen >= expected
    ? $"freshness          city shows every report {freshness.TotalMilliseconds:F0} ms after the last acknowledgement"
    : $"freshness          city still short by {expected - seen} reports after {freshness.TotalSeconds:F0} s");
return seen >= expected && result.Failed == 0 ? 0 : 1;

sealed record BenchOptions(Uri Url, int Reports, int Concurrency, string? Token, string Scenario, int CadresPerTeam, int Mornings)
{
    public static BenchOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }
        return new BenchOptions(
            new Uri(Value("--url", "http://127.0.0.1:5000")),
            int.Parse(Value("--reports", "20000"), CultureInfo.InvariantCulture),
            int.Parse(Value("--concurrency", "32"), CultureInfo.InvariantCulture),
            Value("--token", "") is { Length: > 0 } token ? token : null,
            Value("--scenario", "reports"),
            int.Parse(Value("--cadres-per-team", "4"), CultureInfo.InvariantCulture),
            int.Parse(Value("--mornings", "5"), CultureInfo.InvariantCulture));
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
}

sealed record LoadResult(int Accepted, int Failed, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double Percentile(double p) =>
        LatenciesMs.Length == 0 ? 0 : LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)Math.Ceiling(p / 100 * LatenciesMs.Length) - 1)];
}

static class Load
{
    /// <summary>Report n goes to team n mod T for week n div T, so no two reports share a team and period.</summary>
    public static Task<LoadResult> RunAsync(HttpClient http, List<string> teams, int count, int concurrency, string runId, int firstYear) =>
        SendAsync(count, concurrency, n =>
        {
            var week = n / teams.Count;
            return http.PostAsJsonAsync($"/api/units/{teams[n % teams.Count]}/reports", new
            {
                reportId = $"bench-{runId}-{n}",
                cadence = "weekly",
                period = $"{firstYear + week / 52}-W{week % 52 + 1:D2}",
                meetingsHeld = 1,
                problemsIdentified = n % 7,
                problemsResolved = n % 5,
            });
        }, HttpStatusCode.Created);

    /// <summary>Sends request n = 0 … count − 1 from <paramref name="concurrency"/> clients; a request succeeds when answered <paramref name="success"/>.</summary>
    public static async Task<LoadResult> SendAsync(int count, int concurrency, Func<int, Task<HttpResponseMessage>> send, HttpStatusCode success)
    {
        var latencies = new double[count];
        var accepted = 0;
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < count)
            {
                var sent = Stopwatch.GetTimestamp();
                using var response = await send(n);
                latencies[n] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                if (response.StatusCode == success)
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        }));
        Array.Sort(latencies);
        return new LoadResult(accepted, count - accepted, Stopwatch.GetElapsedTime(started), latencies);
    }
}
