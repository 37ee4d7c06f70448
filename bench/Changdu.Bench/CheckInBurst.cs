using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>
/// The morning burst (issue 7): every cadre of every team checks in within minutes. Registers
/// <c>--cadres-per-team</c> cadres on every team (not timed), then replays <c>--mornings</c> mornings,
/// each a burst of one check-in per cadre in random order, and measures how long the city's duty
/// takes to count them all.
/// </summary>
static class CheckInBurst
{
    const string IdNumber = "540302198503151232";

    public static async Task<int> RunAsync(HttpClient http, string city, List<string> teams, int cadresPerTeam, int mornings, int concurrency, string runId)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var cadres = teams.SelectMany(team => Enumerable.Range(0, cadresPerTeam).Select(n => (Team: team, CadreId: $"bench-{runId}-{team}-{n}"))).ToList();
        var registration = await Load.SendAsync(cadres.Count, concurrency, n => http.PostAsJsonAsync($"/api/units/{cadres[n].Team}/cadres", new
        {
            cadreId = cadres[n].CadreId,
            name = "Bench",
            gender = "female",
            politicalStatus = "party member",
            nationalIdNumber = IdNumber,
            phone = "13900000000",
            dispatchingUnit = "Bench Bureau",
            role = n % cadresPerTeam == 0 ? "leader" : "member",
            from = today.AddDays(-mornings).ToString("yyyy-MM-dd"),
        }), status => status == HttpStatusCode.Created);
        Console.WriteLine($"registered         {registration.Accepted} cadres on {teams.Count} teams in {registration.Elapsed.TotalSeconds:F1} s ({registration.Failed} failed)");

        var failed = 0;
        for (var morning = mornings - 1; morning >= 0; morning--)
        {
            var day = today.AddDays(-morning);
            var before = await CheckedInAsync(http, city, day);
            var order = cadres.OrderBy(_ => Random.Shared.Next()).ToList();
            var burst = await Load.SendAsync(order.Count, concurrency, n => http.PostAsJsonAsync($"/api/units/{order[n].Team}/check-ins", new
            {
                cadreId = order[n].CadreId,
                date = day.ToString("yyyy-MM-dd"),
                time = new TimeOnly(7, 30).AddMinutes(n % 90).ToString("HH:mm:ss"),
                latitude = 31.14m,
                longitude = 97.17m,
            }), status => status == HttpStatusCode.Created);
            var lastAck = Stopwatch.GetTimestamp();
            long seen;
            while ((seen = await CheckedInAsync(http, city, day)) < before + burst.Accepted && Stopwatch.GetElapsedTime(lastAck) < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(5);
            }
            var freshness = Stopwatch.GetElapsedTime(lastAck);
            failed += burst.Failed + (seen < before + burst.Accepted ? 1 : 0);
            Console.WriteLine($"morning {day:yyyy-MM-dd}   {burst.Accepted} check-ins in {burst.Elapsed.TotalSeconds:F1} s = {burst.Accepted / burst.Elapsed.TotalSeconds:F0}/s; " +
                $"ack p50 {burst.Percentile(50):F1} ms, p99 {burst.Percentile(99):F1} ms; city counts them all {freshness.TotalMilliseconds:F0} ms after the last ack" +
                (burst.Failed > 0 ? $"; {burst.Failed} failed" : ""));
        }
        return failed == 0 ? 0 : 1;
    }

    sealed record Duty(long CheckedIn);

    static async Task<long> CheckedInAsync(HttpClient http, string unit, DateOnly day) =>
        (await http.GetFromJsonAsync<Duty>($"/api/units/{unit}/duty?date={day:yyyy-MM-dd}", JsonSerializerOptions.Web))!.CheckedIn;
}
