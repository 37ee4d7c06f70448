using System.Net;
using Changdu.Gateway.Api;

namespace Changdu.Testing;

/// <summary>What came back of a load test's reports after a crash: those stored, those not, and any stored with other figures.</summary>
public sealed record ReadBack(
    List<(int Meetings, int Identified, int Resolved)> Stored,
    List<(string Team, string ReportId)> Missing,
    List<string> Altered)
{
    /// <summary>The reports found stored, by team and id.</summary>
    public List<(string Team, string ReportId)> StoredIds { get; } = [];

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
            result.StoredIds.Add((team, reportId));
        }
        return result;
    }

    /// <summary>What every rollup above must count: the sum of the stored reports.</summary>
    public ReportCounts Totals => new(Stored.Count, Stored.Sum(f => f.Meetings), Stored.Sum(f => f.Identified), Stored.Sum(f => f.Resolved));
}

/// <summary>The audit log of a subtree, read through the API page by page.</summary>
public static class AuditReadBack
{
    public static async Task<List<Gateway.Audit.AuditEntry>> ReadAllAsync(HttpClient client, string unit)
    {
        var entries = new List<Gateway.Audit.AuditEntry>();
        long? after = 0;
        while (after is { } next)
        {
            using var response = await client.GetAsync($"/api/units/{unit}/audit?limit=500&after={next}");
            response.EnsureSuccessStatusCode();
            var page = await response.ReadAsync<Gateway.Audit.AuditPage>();
            entries.AddRange(page.Items);
            after = page.Next;
        }
        return entries;
    }

    /// <summary>Stored reports with no "Created" audit entry, or more than one; and such entries for reports not stored.</summary>
    public static async Task<(List<string> NotOnce, List<string> WithoutWrite)> CheckReportsAsync(HttpClient client, string root, IEnumerable<(string Team, string ReportId)> stored)
    {
        var created = (await ReadAllAsync(client, root))
            .Where(entry => entry.Action == "submit-report" && entry.Outcome == "Created")
            .GroupBy(entry => (entry.TargetUnit, entry.Target!))
            .ToDictionary(group => group.Key, group => group.Count());
        var storedSet = stored.ToHashSet();
        return (storedSet.Where(report => created.GetValueOrDefault(report) != 1).Select(report => $"{report.Team}/{report.ReportId}: {created.GetValueOrDefault(report)}").ToList(),
            created.Keys.Where(report => !storedSet.Contains(report)).Select(report => $"{report.Item1}/{report.Item2}").ToList());
    }
}
