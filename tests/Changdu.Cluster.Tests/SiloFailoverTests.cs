using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Changdu.Gateway.Api;
using Npgsql;
using Xunit.Abstractions;

namespace Changdu.Cluster.Tests;

public sealed class SiloFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    readonly ClusterFixture _fixture = new();

    LocalCluster Cluster => _fixture.Cluster;

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Killed_silo_loses_no_acknowledged_report_and_audits_each_stored_one_once()
    {
        using var client = Cluster.CreateGatewayClient();
        var attempted = new ConcurrentDictionary<(string Team, string ReportId), (int Meetings, int Identified, int Resolved)>();
        var acknowledgedAt = new ConcurrentBag<(long At, string Team, string ReportId)>();
        var retries = new ConcurrentBag<long>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var next = -1;

        async Task WriteAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref next);
                var team = Seeded.Teams[n % Seeded.Teams.Count];
                var figures = (1, n % 6, n % 4);
                attempted[(team, $"f-{n}")] = figures;
                var report = Reports.Weekly($"f-{n}", $"2017-W{1 + n / Seeded.Teams.Count:D2}", figures.Item1, figures.Item2, figures.Item3);
                // A client that is told 503, or whose call fails, sends the same report again: writes are idempotent.
                while (true)
                {
                    var status = await TrySubmitAsync(client, team, report);
                    if (status is HttpStatusCode.Created or HttpStatusCode.OK)
                    {
                        acknowledgedAt.Add((clock.ElapsedMilliseconds, team, $"f-{n}"));
                        break;
                    }
                    retries.Add(clock.ElapsedMilliseconds);
                    await Task.Delay(200);
                }
            }
        }

        var writers = Enumerable.Range(0, 16).Select(_ => Task.Run(WriteAsync)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var victim = Cluster.Silos[1];
        var killedAt = clock.ElapsedMilliseconds;
        await victim.KillAsync();
        var evictedAfter = await MillisecondsUntilDeclaredDeadAsync(victim.SiloPort);
        await Task.Delay(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var afterKill = acknowledgedAt.Select(ack => ack.At).Where(at => at > killedAt).Order().ToList();
        var longestStall = afterKill.Zip(afterKill.Skip(1), (a, b) => b - a).Prepend(afterKill.FirstOrDefault() - killedAt).Max();
        var lastRetry = retries.Where(at => at > killedAt).DefaultIfEmpty(killedAt).Max();

        var acknowledged = acknowledgedAt.Select(ack => (ack.Team, ack.ReportId)).ToHashSet();
        var readBack = await ReadBack.ReadAsync(client, attempted);
        Assert.Empty(readBack.Altered);
        Assert.Empty(readBack.Missing.Intersect(acknowledged));
        var expected = readBack.Totals;
        var convergeClock = Stopwatch.StartNew();
        var city = await client.RollupOnce(Seeded.City, rollup => rollup.Totals.Counts() == expected, seconds: 30);

        string[] summary =
        [
            $"acknowledged {acknowledged.Count} reports ({readBack.Stored.Count} stored); silo killed at {killedAt} ms, declared dead {evictedAfter} ms later",
            $"time to recovery: longest gap without an acknowledgement after the kill {longestStall} ms; last retry {lastRetry - killedAt} ms after the kill",
            $"city rollup equal to the stored reports {convergeClock.ElapsedMilliseconds} ms after the load stopped",
        ];
        Array.ForEach(summary, output.WriteLine);
        // tests/run.sh prints this file after the run, so the figures reach CI's log.
        await File.WriteAllLinesAsync(Path.Combine(Directory.CreateDirectory(RepositoryRoot.Combine("TestResults")).FullName, "failover.txt"), summary);
        Assert.Equal(expected, city.Totals.Counts());
        var (notOnce, withoutWrite) = await AuditReadBack.CheckReportsAsync(client, Seeded.City, readBack.StoredIds);
        Assert.Empty(notOnce);
        Assert.Empty(withoutWrite);
        Assert.True(evictedAfter < 5_000, $"the killed silo was declared dead only after {evictedAfter} ms");
        Assert.True(afterKill.Count > 0, "no report was acknowledged after the silo was killed");
        Assert.True(lastRetry - killedAt < 15_000, $"writes still failing {lastRetry - killedAt} ms after the kill");
    }

    /// <summary>Polls the membership table until the silo on <paramref name="siloPort"/> has status Dead (6).</summary>
    async Task<long> MillisecondsUntilDeclaredDeadAsync(int siloPort)
    {
        await using var database = NpgsqlDataSource.Create(Cluster.Postgres.ConnectionString);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await using var status = database.CreateCommand("SELECT max(status) FROM membership WHERE port = @port AND status = 6");
            status.Parameters.AddWithValue("port", siloPort);
            if (await status.ExecuteScalarAsync() is int)
            {
                return waited.ElapsedMilliseconds;
            }
            await Task.Delay(50);
        }
        return waited.ElapsedMilliseconds;
    }

    static async Task<HttpStatusCode?> TrySubmitAsync(HttpClient client, string team, object report)
    {
        try
        {
            using var response = await client.PostReport(team, report);
            return response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
