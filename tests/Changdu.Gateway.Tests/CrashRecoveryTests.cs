using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Changdu.Gateway.Api;
using Changdu.Testing;

namespace Changdu.Gateway.Tests;

public sealed class CrashRecoveryTests : IDisposable
{
    readonly string _dataDirectory = Directory.CreateTempSubdirectory("changdu-crash-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Killed_gateway_loses_no_acknowledged_report_and_audits_each_stored_one_once()
    {
        var attempted = new ConcurrentDictionary<(string Team, string ReportId), (int Meetings, int Identified, int Resolved)>();
        var acknowledged = new ConcurrentBag<(string Team, string ReportId)>();

        var token = await ServiceProcess.MintTokenAsync(Seeded.City, "office", $"--Storage:DataDirectory={_dataDirectory}");
        await using (var gateway = await ServiceProcess.StartGatewayAsync(_dataDirectory))
        {
            using var client = gateway.CreateClient(token);
            using var stop = new CancellationTokenSource();
            var next = -1;
            var writers = Enumerable.Range(0, 16).Select(async _ =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var n = Interlocked.Increment(ref next);
                    var team = Seeded.Teams[n % Seeded.Teams.Count];
                    var week = 1 + n / Seeded.Teams.Count;
                    var figures = (1, n % 7, n % 5);
                    attempted[(team, $"crash-{n}")] = figures;
                    try
                    {
                        var response = await client.PostReport(team, Reports.Weekly($"crash-{n}", $"2016-W{week:D2}", figures.Item1, figures.Item2, figures.Item3));
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged.Add((team, $"crash-{n}"));
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the process is gone
                    }
                }
            }).ToList();

            while (acknowledged.Count < 400)
            {
                await Task.Delay(10);
            }
            // Kill while writes are still in flight, right after the last acknowledgements.
            await gateway.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        await using var restarted = await ServiceProcess.StartGatewayAsync(_dataDirectory);
        using var reader = restarted.CreateClient(token);
        // Before anything else touches the teams: the start-up sweep alone must bring every acknowledged report back to the city.
        var swept = await reader.RollupOnce(Seeded.City, rollup => rollup.Totals.Reports >= acknowledged.Count, seconds: 15);
        Assert.True(swept.Totals.Reports >= acknowledged.Count, $"The city counts {swept.Totals.Reports} reports after restart; {acknowledged.Count} were acknowledged.");

        var readBack = await ReadBack.ReadAsync(reader, attempted);
        Assert.Empty(readBack.Altered);
        Assert.Empty(readBack.Missing.Intersect(acknowledged));
        var expected = readBack.Totals;
        var city = await reader.RollupOnce(Seeded.City, rollup => rollup.Totals.Counts() == expected, seconds: 15);
        Assert.True(acknowledged.Count >= 400);
        Assert.Equal(expected, city.Totals.Counts());
        var counties = await Task.WhenAll(Seeded.Counties.Select(county => reader.Rollup(county)));
        Assert.Equal(expected, counties.Aggregate(ReportCounts.Zero, (sum, county) => sum + county.Totals.Counts()));
        // The audit entry is written in the transaction of its report: the kill can split neither from the other.
        var (notOnce, withoutWrite) = await AuditReadBack.CheckReportsAsync(reader, Seeded.City, readBack.StoredIds);
        Assert.Empty(notOnce);
        Assert.Empty(withoutWrite);
    }
}
