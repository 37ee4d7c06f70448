using System.Net.Http.Json;
using Changdu.Gateway.Api;

namespace Changdu.Testing;

public static class Reports
{
    public static object Weekly(string reportId, string week, int meetings = 1, int identified = 2, int resolved = 1, string? notes = null) => new
    {
        reportId,
        cadence = "weekly",
        period = week,
        meetingsHeld = meetings,
        problemsIdentified = identified,
        problemsResolved = resolved,
        notes,
    };

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>())!;

    public static Task<HttpResponseMessage> PostReport(this HttpClient client, string unitId, object body) =>
        client.PostAsJsonAsync($"/api/units/{unitId}/reports", body);

    public static async Task<RollupDto> Rollup(this HttpClient client, string unitId, string? period = null) =>
        (await client.GetFromJsonAsync<RollupDto>($"/api/units/{unitId}/rollup" + (period is null ? "" : $"?period={period}")))!;

    /// <summary>Polls the rollup until it satisfies <paramref name="done"/> or the time is up; returns the last one read.</summary>
    public static async Task<RollupDto> RollupOnce(this HttpClient client, string unitId, Func<RollupDto, bool> done, string? period = null, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var rollup = await client.Rollup(unitId, period);
            if (done(rollup) || DateTime.UtcNow > deadline)
            {
                return rollup;
            }
            await Task.Delay(25);
        }
    }
}
