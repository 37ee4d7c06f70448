using System.Diagnostics;
using System.Text.Json;

/// <summary>
/// How long the dashboard takes to open a unit (issue 15: ≤ 1 s at the national root and at any township),
/// timed as the requests src/Gateway/wwwroot makes, in its order: the page and the files it links (app.js
/// imports i18n.js), then renderUnit's unit, each ancestor one after the other and the rollup for the
/// default period, then in parallel what it draws (the chart's series, the tiers for an office's forms, the
/// practices' lists, the people's duty and, at the root, the summons candidates) and the rollup stream up
/// to its first event. The first open is cold; later ones show it warm.
/// </summary>
static class DashboardLoad
{
    /// <summary>app.js's default period: the reference scenario.</summary>
    const string Period = "2015-12..2016-10";
    const string PeriodYear = "2016";

    sealed record UnitView(string UnitId, string? ParentId, List<JsonElement> Children);

    sealed record Request(string Path, int Status, TimeSpan Elapsed);

    public static async Task<int> RunAsync(HttpClient http, SeedFile file, int opens)
    {
        var failed = false;
        foreach (var (label, unitId) in new[] { ("root", file.Root), ("township", file.Largest("township")) })
        {
            var times = new List<TimeSpan>();
            List<Request> first = [];
            for (var open = 0; open < opens; open++)
            {
                var requests = new List<Request>();
                var started = Stopwatch.GetTimestamp();
                await OpenAsync(http, unitId, requests);
                times.Add(Stopwatch.GetElapsedTime(started));
                if (open == 0)
                {
                    first = requests;
                }
                failed |= requests.Any(request => request.Status >= 400);
            }
            var refused = first.Where(request => request.Status >= 400).Select(request => $"{request.Path} {request.Status}").ToList();
            var slowest = first.MaxBy(request => request.Elapsed)!;
            var warm = times.Skip(1).Order().ToList();
            Console.WriteLine($"dashboard {label}: {unitId} opened in {times[0].TotalMilliseconds:F0} ms cold" +
                (warm.Count > 0 ? $", {warm[warm.Count / 2].TotalMilliseconds:F0} ms warm (median of {warm.Count})" : "") +
                $"; {first.Count} requests, slowest {slowest.Path} {slowest.Elapsed.TotalMilliseconds:F0} ms" +
                (refused.Count > 0 ? $"; answered with errors: {string.Join(", ", refused)}" : ""));
        }
        return failed ? 1 : 0;
    }

    static async Task OpenAsync(HttpClient http, string unitId, List<Request> requests)
    {
        await GetAsync(http, $"/units/{unitId}", requests);
        await Task.WhenAll(GetAsync(http, "/app.css", requests), GetAsync(http, "/lib/echarts.min.js", requests),
            GetAsync(http, "/app.js", requests).ContinueWith(_ => GetAsync(http, "/i18n.js", requests), TaskScheduler.Default).Unwrap());

        var unit = await GetUnitAsync(http, unitId, requests);
        var path = new List<UnitView> { unit };
        while (path[0].ParentId is { } parentId)
        {
            path.Insert(0, await GetUnitAsync(http, parentId, requests));
        }
        await GetAsync(http, $"/api/units/{unitId}/rollup?period={Period}", requests);

        var month = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var hasChildren = unit.Children.Count > 0;
        var isRoot = path.Count == 1;
        await Task.WhenAll(new[]
        {
            GetAsync(http, $"/api/units/{unitId}/rollup/series?period={Period}&by=month", requests),
            // The bench's token is the root's office, on every unit's path: the page offers its forms and asks for the tiers.
            GetAsync(http, "/api/tiers", requests),
            GetAsync(http, $"/api/units/{unitId}/missing?period={Period}&limit=100", requests),
            hasChildren ? GetAsync(http, $"/api/units/{unitId}/inspections/coverage?year={PeriodYear}&limit=0", requests) : null,
            GetAsync(http, $"/api/units/{unitId}/flags", requests),
            GetAsync(http, $"/api/units/{unitId}/duty?month={month}", requests),
            isRoot ? GetAsync(http, $"/api/dispatching-units/summons-candidates?month={month}", requests) : null,
            FirstStreamEventAsync(http, $"/api/units/{unitId}/rollup/stream?period={Period}", requests),
        }.OfType<Task>());
    }

    static async Task<UnitView> GetUnitAsync(HttpClient http, string unitId, List<Request> requests)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync($"/api/units/{unitId}");
        var body = await response.Content.ReadAsStringAsync();
        Record(requests, $"/api/units/{unitId}", (int)response.StatusCode, started);
        // The page shows an error instead of the unit: nothing more to time.
        response.EnsureSuccessStatusCode();
        return JsonSerializer.Deserialize<UnitView>(body, JsonSerializerOptions.Web) ?? throw new InvalidDataException($"/api/units/{unitId} answered no unit.");
    }

    static async Task GetAsync(HttpClient http, string path, List<Request> requests)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(path);
        await response.Content.LoadIntoBufferAsync();
        Record(requests, path, (int)response.StatusCode, started);
    }

    /// <summary>The page shows the stream's first event (the rollup as it stands) and then stays connected; timed up to that event.</summary>
    static async Task FirstStreamEventAsync(HttpClient http, string path, List<Request> requests)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        if (response.IsSuccessStatusCode)
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            string? line;
            do
            {
                line = await reader.ReadLineAsync();
            }
            while (line is not null && line != "event: rollup");
        }
        Record(requests, path, (int)response.StatusCode, started);
    }

    static void Record(List<Request> requests, string path, int status, long started)
    {
        lock (requests)
        {
            requests.Add(new Request(path, status, Stopwatch.GetElapsedTime(started)));
        }
    }
}
