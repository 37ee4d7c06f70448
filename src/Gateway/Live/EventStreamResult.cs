using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Changdu.Gateway.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Changdu.Gateway.Live;

/// <summary>
/// Writes rollups as server-sent events (<c>id:</c> the version, <c>event: rollup</c>, <c>data:</c> the JSON).
/// Headers go out at once, so a browser knows it is connected even before the first change, and a
/// comment line every so often keeps proxies from closing an idle stream.
/// </summary>
public sealed class EventStreamResult(IAsyncEnumerable<RollupView> views, TimeSpan heartbeat)
    : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public const string ContentType = "text/event-stream";

    public int? StatusCode => StatusCodes.Status200OK;

    string IContentTypeHttpResult.ContentType => ContentType;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var cancellation = httpContext.RequestAborted;
        var json = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.Body.FlushAsync(cancellation);

        try
        {
            await using var events = views.GetAsyncEnumerator(cancellation);
            var clock = httpContext.RequestServices.GetRequiredService<TimeProvider>();
            var first = true;
            var next = events.MoveNextAsync().AsTask();
            while (true)
            {
                if (await Task.WhenAny(next, Task.Delay(heartbeat, cancellation)) != next)
                {
                    await response.WriteAsync(": keep-alive\n\n", cancellation);
                    await response.Body.FlushAsync(cancellation);
                    continue;
                }
                if (!await next)
                {
                    return;
                }
                var view = events.Current;
                var data = JsonSerializer.Serialize(RollupDto.From(view), json);
                await response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"id: {view.Version}\nevent: rollup\ndata: {data}\n\n"), Encoding.UTF8, cancellation);
                await response.Body.FlushAsync(cancellation);
                ChangduTelemetry.StreamEvents.Add(1);
                // The first event is the rollup as it stands, however long ago it last changed; later ones are changes, whose age is the stream's backlog.
                if (!first)
                {
                    ChangduTelemetry.StreamEventAge.Record((clock.GetUtcNow() - view.AsOf).TotalSeconds);
                }
                first = false;
                next = events.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The browser went away; nothing to answer.
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(RollupDto), [ContentType]));
}
