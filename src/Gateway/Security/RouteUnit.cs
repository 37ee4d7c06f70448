namespace Changdu.Gateway.Security;

/// <summary>
/// The route's <c>{unitId}</c> as a handler takes it. Binding never fails here: the unit filter
/// (<see cref="UnitAccessExtensions.RequireUnitAccess"/>, <see cref="UnitAccessExtensions.PublicUnit"/>)
/// answers 404 for an id that does not parse or names no unit before any handler runs, so a handler
/// reads <see cref="Id"/> without checking it again.
/// </summary>
public readonly record struct RouteUnit(UnitId Id)
{
    public static bool TryParse(string? text, out RouteUnit unit)
    {
        unit = UnitId.TryParse(text, out var id) ? new RouteUnit(id) : default;
        return true;
    }

    /// <summary>The grain key of the unit.</summary>
    public string Key => Id.Value;

    public override string ToString() => Id.Value;
}

/// <summary>The one parent group of every route under a unit, <c>/api/units/{unitId}</c>.</summary>
public static class UnitRoutes
{
    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IEndpointRouteBuilder, RouteGroupBuilder> Groups = new();

    /// <summary>The group of routes under a unit, made once per application, so each resource's file adds its routes to the same group.</summary>
    public static RouteGroupBuilder MapUnitRoutes(this IEndpointRouteBuilder app) =>
        Groups.GetValue(app, builder => builder.MapGroup("/api/units/{unitId}"));
}
