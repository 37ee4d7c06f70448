using Changdu.Gateway.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Security;

/// <summary>
/// Finds the route's unit and authorises by place in the tree (docs/architecture.md §7): the unit must be
/// within what the caller's role and unit allow. Runs after authentication, so an anonymous caller
/// never gets here; without an <c>access</c> (what the programme publishes) it only finds the unit.
/// Either way a handler then takes the unit as a <see cref="RouteUnit"/>, parsed and found.
/// </summary>
public sealed class UnitAccessFilter(Access? access) : IEndpointFilter
{
    const string PathKey = "changdu.unit-path";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var unitText = http.GetRouteValue("unitId") as string ?? "";
        var caller = Caller.From(http.User);
        if (access is not null && caller is null)
        {
            return Problems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Forbidden",
                $"The token names no unit or no known role ({string.Join(", ", Roles.All)}).");
        }
        if (!UnitId.TryParse(unitText, out var unit)
            || await http.RequestServices.GetRequiredService<UnitPlaces>().PathAsync(unit) is not { } path)
        {
            return Problems.UnknownUnit(unitText);
        }
        if (access is { } needed && Refusal(caller!, needed, path) is { } refusal)
        {
            return refusal;
        }
        Authorised(http, path);
        return await next(context);
    }

    static ProblemHttpResult? Refusal(Caller caller, Access access, IReadOnlyList<UnitId> path)
    {
        // Points entered by hand need write access first; a caller who has it but is not above the unit hears the points rule.
        var required = access == Access.AwardPoints ? Access.Write : access;
        if (!caller.May(required, path))
        {
            return Problems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Forbidden",
                $"A {caller.Role} token of unit {caller.Unit} may not {required.ToString().ToLowerInvariant()} unit {path[^1]}.");
        }
        return caller.May(access, path)
            ? null
            : Problems.Problem(StatusCodes.Status403Forbidden, "points-from-above", "Points come from an office above",
                "Points are entered by the office of a unit above this one, never by the unit itself.");
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
        endpoint.AllowAnonymous().LimitPerCaller().WithTags(tag);

    /// <summary>What the programme publishes about a unit (its place in the tree, red flags, leave rosters): no token, and 404 for a unit that does not exist.</summary>
    public static RouteHandlerBuilder PublicUnit(this RouteHandlerBuilder endpoint) =>
        endpoint.AllowAnonymous().LimitPerCaller().AddEndpointFilter(new UnitAccessFilter(access: null));

    static TBuilder Guarded<TBuilder>(this TBuilder builder, IEndpointFilter filter) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization()
            .LimitPerCaller()
            .AddEndpointFilter(filter)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
