using System.Net;
using Changdu.Gateway.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Changdu.Gateway.Security;

/// <summary>
/// The dashboard's development sign-in: mints a token for a chosen unit and role, but only in
/// embedded mode, only when <c>Auth:DevelopmentSignIn</c> is on, and only for a browser on this
/// machine (loopback). Anyone who can reach a laptop's loopback can already read its data directory.
/// </summary>
public static class DevelopmentSignInApi
{
    public static RouteHandlerBuilder MapDevelopmentSignIn(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/dev/token", Issue)
            .AllowAnonymous()
            .WithTags("Sign-in")
            .WithName("DevelopmentSignIn")
            .WithSummary("Development only (embedded mode, loopback callers): a token for a unit and role")
            .ProducesProblem(StatusCodes.Status403Forbidden);

    static Results<Ok<DevelopmentToken>, ValidationProblem, ProblemHttpResult> Issue(
        DevelopmentTokenRequest body, HttpContext http, IOptions<AuthOptions> auth, IServiceProvider services)
    {
        var issuer = services.GetService<TokenIssuer>();
        var remote = http.Connection.RemoteIpAddress;
        if (!auth.Value.DevelopmentSignIn || issuer is null || services.GetService<ISiloStatusOracle>() is null
            || (remote is not null && !IPAddress.IsLoopback(remote)))
        {
            return Problems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Development sign-in is off",
                "Development sign-in works only in embedded mode, for a browser on the same machine; mint a token with the gateway's token command instead.");
        }
        if (!UnitId.TryParse(body.UnitId, out var unit) || body.Role is not { } role || !Roles.All.Contains(role))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["unitId"] = ["A 12-digit unit id."],
                ["role"] = [$"One of {string.Join(", ", Roles.All)}."],
            });
        }
        return TypedResults.Ok(new DevelopmentToken(issuer.Issue(unit, role, $"dev-{role}", TimeSpan.FromHours(8))));
    }
}

public sealed record DevelopmentTokenRequest(string? UnitId, string? Role);

public sealed record DevelopmentToken(string Token);
