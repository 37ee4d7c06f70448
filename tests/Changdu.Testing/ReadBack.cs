using System.Net;
using Changdu.Gateway.Api;

namespace Changdu.Testing;

/// <summary>What came back of a load test's reports after a crash: those stored, those not, and any stored with other figures.</summary>
public sealed record ReadBack(
    List<(int Meetings, int Identified, int Resolved)> Stored,
    List<(string Team, string ReportId)> Missing,
    List<string> Altered)
{
    /// <summary>GETs every attempted report; anything but 200 or 404 is a failure of its own.</summary>
    public static async Task<ReadBack> ReadAsync(HttpClient client, IEnumerable<KeyValuePair<(string Team, string ReportId), (int Meetings, int Identified, int Resolved)>> attempted)
    {
        var result = new ReadBack([], [], []);
        foreach (var ((team, reportId), figures) in attempted)
        {
            using var response = await client.GetAsync($"/api/units/{team}/reports/{reportId}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                result.Missing.Add((team, reportId));
                continue;
            }
            response.EnsureSuccessStatusCode();
            var report = await response.ReadAsync<ReportDto>();
            if ((report.MeetingsHeld, report.ProblemsIdentified, report.ProblemsResolved) != figures)
            {
                result.Altered.Add(reportId);
            }
            result.Stored.Add(figures);
        }
        return result;
    }

    /// <summary>What every rollup above must count: the sum of the stored reports.</summary>
    public ReportCounts Totals => new(Stored.Count, Stored.Sum(f => f.Meetings), Stored.Sum(f => f.Identified), Stored.Sum(f => f.Resolved));
}
