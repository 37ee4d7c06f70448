using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Changdu.Gateway.Tests;

/// <summary>The gateway with tracing on (a collector configured) and every finished span also kept in memory.</summary>
public sealed class TracedGatewayFactory : GatewayFactory
{
    public List<Activity> Spans { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Nothing listens there: the OTLP exporter fails quietly, the in-memory one keeps the spans.
        builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9");
        builder.ConfigureServices(services => services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(Spans)));
    }
}

public class TracingTests(TracedGatewayFactory factory) : IClassFixture<TracedGatewayFactory>
{
    [Fact]
    public async Task A_submission_is_one_trace_from_the_http_request_through_every_offer_to_the_city()
    {
        using var client = factory.CreateCityOfficeClient();
        var team = Seeded.Teams[1000];
        // Seeding is traced too: once no unit holds a change its parent lacks, the report's change is the next one offered.
        var backlog = factory.Services.GetRequiredService<Grains.RollupBacklog>();
        await Eventually.Returns(() => Task.FromResult(backlog.OldestAge(DateTimeOffset.UtcNow)), age => age == TimeSpan.Zero, TimeSpan.FromSeconds(30));

        var response = await client.PostReport(team, Reports.Weekly("traced-http", "2016-W30"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await client.RollupOnce(Seeded.City, rollup => rollup.Totals.Reports == 1, "2016-W30");

        // The listener hears every host in this test process, so the trace is found by this report's own span. It is
        // waited for whole: the county's offer span ends after the city's, since a quiet city writes before it answers.
        var trace = await Eventually.Returns(() =>
        {
            lock (factory.Spans)
            {
                var submitted = factory.Spans.FirstOrDefault(span => span.GetTagItem("changdu.report.id") as string == "traced-http");
                return Task.FromResult(submitted is null ? [] : factory.Spans.Where(span => span.TraceId == submitted.TraceId).ToList());
            }
        }, spans => spans.Any(span => span.DisplayName == "rollup reached root") && spans.Count(span => span.DisplayName == "rollup offer") >= 3,
            TimeSpan.FromSeconds(20));

        Assert.Contains(trace, span => span.Kind == ActivityKind.Server && span.DisplayName.StartsWith("POST /api/units/{unitId}/reports", StringComparison.Ordinal)
            && span.GetTagItem("url.path") as string == $"/api/units/{team}/reports");
        Assert.Equal(["county", "township", "village-team"],
            trace.Where(span => span.DisplayName == "rollup offer").Select(span => (string)span.GetTagItem("changdu.unit.tier")!).Order());
        Assert.Contains(trace, span => span.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        Assert.Equal("city", trace.Single(span => span.DisplayName == "rollup reached root").GetTagItem("changdu.unit.tier"));
    }
}
