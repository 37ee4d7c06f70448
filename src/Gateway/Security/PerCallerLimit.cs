using System.Globalization;
using Changdu.Gateway.Api;

namespace Changdu.Gateway.Security;

/// <summary>Marks an endpoint whose requests take from the caller's budget (<see cref="CallerBudgets"/>).</summary>
public sealed class PerCallerLimit
{
    public static readonly PerCallerLimit Instance = new();

    PerCallerLimit()
    {
    }

    /// <summary>Whose budget a request takes from: the token's name and unit, or the address of an anonymous caller.</summary>
    public static string CallerOf(HttpContext http) =>
        Caller.From(http.User) is { } caller ? $"{caller.Name}@{caller.Unit}" : "ip:" + http.Connection.RemoteIpAddress;
}

public static class PerCallerLimitExtensions
{
    /// <summary>Requests to this endpoint take from the caller's budget; over it they get 429 with <c>Retry-After</c>.</summary>
    public static TBuilder LimitPerCaller<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(PerCallerLimit.Instance);
}

/// <summary>Refuses a request over its caller's budget with a 429 problem and <c>Retry-After</c>; runs after authentication, which names the caller.</summary>
public sealed class PerCallerLimitMiddleware(RequestDelegate next, CallerBudgets budgets)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<PerCallerLimit>() is null || budgets.TryTake(PerCallerLimit.CallerOf(http), out var wait))
        {
            await next(http);
            return;
        }
        var retryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await Problems.Problem(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests",
            $"At most {budgets.Limits.PermitsPerSecond} requests a second per caller (bursts of {budgets.Limits.Burst}); try again in {retryAfter} s.").ExecuteAsync(http);
    }
}
