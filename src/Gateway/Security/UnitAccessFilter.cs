using Changdu.Gateway.Api;

namespace Changdu.Gateway.Security;

/// <summary>
/// Authorises by place in the tree (ARCHITECTURE §7): the route's unit must be within what the
/// caller's role and unit allow. Runs after authentication, so an anonymous caller never gets here.
/// </summary>
public sealed class UnitAccessFilter(Access access) : IEndpointFilter
{
    const string PathKey = "changdu.unit-path";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var unitText = http.GetRouteValue("unitId") as string ?? "";
        if (Caller.From(http.User) is not { } caller)
        {
            return Problems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Forbidden",
                $"The token names no unit or no known role ({string.Join(", ", Roles.All)}).");
        }
        if (!UnitId.TryParse(unitText, out var unit)
            || await http.RequestServices.GetRequiredService<UnitPlaces>().PathAsync(unit) is not { } path)
        {
            return Problems.UnknownUnit(unitText);
        }
        if (!caller.May(access, path))
        {
            return Problems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Forbidden",
                $"A {caller.Role} token of unit {caller.Unit} may not {access.ToString().ToLowerInvariant()} unit {unit}.");
        }
        Authorised(http, path);
        return await next(context);
    }

    /// <summary>Remembers the unit the request was authorised on, for the audit trail.</summary>
    public static void Authorised(HttpContext http, IReadOnlyList<UnitId> path) => http.Items[PathKey] = path;

    /// <summary>The authorised unit's path from the root, as the filter found it.</summary>
    public static IReadOnlyList<UnitId> PathOf(HttpContext http) => (IReadOnlyList<UnitId>)http.Items[PathKey]!;
}

public static class UnitAccessExtensions
{
    /// <summary>Requires a token whose role and unit allow <paramref name="access"/> to the route's unit.</summary>
    public static TBuilder RequireUnitAccess<TBuilder>(this TBuilder builder, Access access) where TBuilder : IEndpointConventionBuilder =>
        builder.Guarded(new UnitAccessFilter(access));

    /// <summary>Requires a city-level token whose role allows <paramref name="access"/> (what only the city handles).</summary>
    public static TBuilder RequireCityAccess<TBuilder>(this TBuilder builder, Access access) where TBuilder : IEndpointConventionBuilder =>
        builder.Guarded(new CityAccessFilter(access));

    /// <summary>What the programme publishes (cards' verification, leave rosters, bulletins): no token, the anonymous caller's rate limit.</summary>
    public static RouteHandlerBuilder Public(this RouteHandlerBuilder endpoint, string tag) =>
        endpoint.AllowAnonymous().RequireRateLimiting(SecurityServiceExtensions.PerCallerPolicy).WithTags(tag);

    static TBuilder Guarded<TBuilder>(this TBuilder builder, IEndpointFilter filter) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization()
            .RequireRateLimiting(SecurityServiceExtensions.PerCallerPolicy)
            .AddEndpointFilter(filter)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
