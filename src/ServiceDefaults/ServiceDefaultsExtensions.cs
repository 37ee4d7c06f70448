using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Changdu.ServiceDefaults;

/// <summary>Telemetry and health checks shared by every process (silo and gateway).</summary>
public static class ServiceDefaultsExtensions
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    /// <summary>Meters and activity sources every process exports: Orleans's and the project's own.</summary>
    static readonly string[] Meters = ["Microsoft.Orleans", "Changdu.*"];
    static readonly string[] Sources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Changdu.*"];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Every log record carries the trace and span it happened in, so a log line leads to its trace.
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (!builder.Environment.IsDevelopment())
        {
            // One JSON object per line for the log pipeline; development keeps the readable console.
            builder.Logging.ClearProviders().AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(Meters)
                .AddPrometheusExporter());

        // Traces and log records cost a span per HTTP request and grain call (measured: 20% of
        // report throughput), so they are recorded only when there is a collector to send them to.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            });
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(Sources)
                    .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = context => !IsOperationalPath(context.Request.Path))
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LivenessHeartbeat>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<LivenessHeartbeat>());
        builder.Services.AddHealthChecks().AddCheck<LivenessHeartbeat>("heartbeat", tags: [LiveTag]);
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c> (the process answers), <c>/health/ready</c> (storage and cluster usable), both
    /// public for probes; <c>/metrics</c> (Prometheus), behind <paramref name="metricsPolicy"/> where the
    /// port also serves the public API.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, string? metricsPolicy = null)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) })
            .WithTags("Operations");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) })
            .WithTags("Operations");
        var metrics = app.MapPrometheusScrapingEndpoint("/metrics");
        if (metricsPolicy is not null)
        {
            metrics.RequireAuthorization(metricsPolicy);
        }
        return app;
    }

    static bool IsOperationalPath(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);
}
