using Orleans.Runtime.Messaging;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Changdu.Gateway.Hosting;

/// <summary>
/// A grain call that timed out or reached a silo that is gone is answered 503 with Retry-After,
/// not 500: the cluster is recovering (a dead silo is evicted within seconds) and every write is
/// idempotent, so the client should simply send the same request again.
/// </summary>
public sealed class ClusterUnavailableExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException))
        {
            return false;
        }
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = "urn:changdu:problem:cluster-unavailable",
                Title = "Service briefly unavailable",
                Detail = $"The cluster did not answer in time. Nothing was lost; send the same request again after {RetryAfterSeconds} s.",
            },
        });
    }
}
