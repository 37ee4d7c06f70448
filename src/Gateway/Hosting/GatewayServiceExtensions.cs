using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Text.Json.Serialization;
using Changdu.Gateway.Live;
using Changdu.Hosting;

namespace Changdu.Gateway.Hosting;

public enum ClusterMode
{
    Embedded = 1,
    Client = 2,
}

/// <summary>Which cluster the gateway talks to, bound from the "Cluster" configuration section (gateway only).</summary>
public sealed class ClusterConnectionOptions
{
    public const string Section = "Cluster";

    [EnumDataType(typeof(ClusterMode))]
    public ClusterMode Mode { get; set; } = ClusterMode.Embedded;
}

public static class GatewayServiceExtensions
{
    /// <summary>
    /// The cluster the gateway talks to, chosen by <c>Cluster:Mode</c>: <c>Embedded</c> (default) hosts a
    /// silo in this process; <c>Client</c> joins a cluster of separate silos as an Orleans client.
    /// </summary>
    public static WebApplicationBuilder AddChangduCluster(this WebApplicationBuilder builder)
    {
        var mode = builder.Services.AddValidatedOptions<ClusterConnectionOptions>(builder.Configuration, ClusterConnectionOptions.Section).Mode;
        if (mode == ClusterMode.Client)
        {
            builder.UseOrleansClient(client => client.UseChangduClient(builder.Configuration));
        }
        else
        {
            builder.UseOrleans(silo => silo.UseChangduSilo(builder.Configuration));
        }
        return builder;
    }

    /// <summary>Problem details, strict JSON, request limits, OpenAPI and the live feed.</summary>
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<ClusterUnavailableExceptionHandler>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            options.SerializerOptions.MaxDepth = 16;
        });
        services.AddValidatedOptions<RequestLimitOptions>(RequestLimitOptions.Section);
        services.AddValidatedOptions<LiveOptions>(LiveOptions.Section);
        services.AddSingleton<RollupFeed>();
        services.AddValidatedOptions<Changdu.Grains.ReportingOptions>(Changdu.Grains.ReportingOptions.Section);
        services.AddSingleton<OfficeCalendar>();
        services.AddProgrammeClock();
        services.AddValidatedOptions<Photos.PhotoOptions>(Photos.PhotoOptions.Section);
        services.AddSingleton<Photos.PhotoStore>();
        services.AddValidatedOptions<Api.SummonsOptions>(Api.SummonsOptions.Section);
        services.AddOpenApi(options => options.AddDocumentTransformer<BearerSecurityTransformer>().AddDocumentTransformer<LintCleanDocumentTransformer>());
        return builder;
    }

    public static WebApplication UseGatewayPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<Security.PerCallerLimitMiddleware>();
        app.MapOpenApi();
        return app;
    }
}
