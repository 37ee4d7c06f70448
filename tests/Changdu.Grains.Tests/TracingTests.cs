using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Changdu.Grains.Tests;

public class TracingTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task A_reports_trace_continues_from_the_caller_through_every_offer_to_the_root()
    {
        var exported = new List<Activity>();
        using var caller = new ActivitySource("Changdu.Tests.Caller");
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", ChangduTelemetry.Name, caller.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(exported)
            .Build();
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var draft = new ReportDraft("traced-w10", Cadence.Weekly, Period.Parse("2016-W10"), new ReportFigures(1, 2, 1), null);
        // Defining the tree is traced too: once no unit holds a change its parent lacks, the report's change is the next one offered.
        var backlogs = fixture.Cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<RollupBacklog>()).ToList();
        await Eventually.Returns(() => Task.FromResult(backlogs.Max(backlog => backlog.OldestAge(DateTimeOffset.UtcNow))), age => age == TimeSpan.Zero);

        ActivityTraceId traceId;
        using (var request = caller.StartActivity("POST /api/units/{unitId}/reports", ActivityKind.Server))
        {
            traceId = request!.TraceId;
            await _grains.GetGrain<IUnitGrain>(tree.Teams[0].Value).SubmitReportAsync(draft);
        }
        await Eventually.Returns(() => _grains.GetGrain<IRollupNode>(tree.City.Value).GetRollupAsync(null), rollup => rollup!.Totals.Reports == 1);
        var trace = await Eventually.Returns(() =>
        {
            tracing.ForceFlush();
            lock (exported)
            {
                return Task.FromResult(exported.Where(span => span.TraceId == traceId).ToList());
            }
        }, spans => spans.Any(span => span.DisplayName == "rollup reached root"));

        Assert.Contains(trace, span => span.GetTagItem("changdu.report.id") as string == "traced-w10" && span.GetTagItem("changdu.unit.tier") as string == "village-team");
        Assert.Equal(["county", "township", "village-team"],
            trace.Where(span => span.DisplayName == "rollup offer").Select(span => (string)span.GetTagItem("changdu.unit.tier")!).Order());
        Assert.Equal("city", trace.Single(span => span.DisplayName == "rollup reached root").GetTagItem("changdu.unit.tier"));
        // Every span hangs from the caller's request: one trace, no orphans.
        var ids = trace.Select(span => span.SpanId).ToHashSet();
        Assert.All(trace.Where(span => span.DisplayName != "POST /api/units/{unitId}/reports"), span => Assert.Contains(span.ParentSpanId, ids));
    }
}
