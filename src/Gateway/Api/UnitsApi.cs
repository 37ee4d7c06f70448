using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

public static class UnitsApi
{
    public static RouteGroupBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/units").WithTags("Units");
        group.MapGet("/", GetRootsAsync)
            .AllowAnonymous()
            .LimitPerCaller()
            .WithName("GetRootUnits")
            .WithSummary("Where the tree starts: the root units (today the city)");
        app.MapGet("/api/tiers", GetTiersAsync)
            .AllowAnonymous()
            .LimitPerCaller()
            .WithTags("Units")
            .WithName("GetTiers")
            .WithSummary("The tiers of the hierarchy in order, each with the cadences it reports: a unit's children are of the tier after its own")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        // Public: the programme's structure (which offices and teams exist) carries no personal data.
        app.MapUnitRoutes().MapGet("", GetUnitAsync)
            .PublicUnit()
            .WithTags("Units")
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithName("GetUnit")
            .WithSummary("A unit of the hierarchy with its parent and children")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Ok<IReadOnlyList<ChildUnitDto>>> GetRootsAsync(IGrainFactory grains)
    {
        var applied = await grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).GetAppliedAsync();
        var roots = new List<ChildUnitDto>();
        foreach (var root in applied?.Roots ?? [])
        {
            if (await grains.GetGrain<IUnitGrain>(root.Value).GetDefinitionAsync() is { } unit)
            {
                roots.Add(new ChildUnitDto(unit.UnitId.Value, unit.Name, unit.Tier));
            }
        }
        return TypedResults.Ok<IReadOnlyList<ChildUnitDto>>(roots);
    }

    static async Task<Ok<IReadOnlyList<TierDto>>> GetTiersAsync(IGrainFactory grains) =>
        TypedResults.Ok<IReadOnlyList<TierDto>>((await grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).GetTiersAsync())
            .Select(tier => new TierDto(tier.Name, tier.Cadences.Select(cadence => cadence.ToName()).ToList())).ToList());

    static async Task<Results<Ok<UnitDto>, ProblemHttpResult>> GetUnitAsync(RouteUnit unitId, IGrainFactory grains) =>
        await grains.GetGrain<IUnitGrain>(unitId.Key).GetDefinitionAsync() is { } definition
            ? TypedResults.Ok(UnitDto.From(definition))
            : Problems.UnknownUnit(unitId.Key);
}

/// <summary>A unit with its children; <c>openedOn</c> is null for a unit open since the programme began, <c>closedOn</c> the first day closed.</summary>
public sealed record UnitDto(string UnitId, string Name, string Tier, string? ParentId, IReadOnlyList<ChildUnitDto> Children)
{
    public DateOnly? OpenedOn { get; init; }

    public DateOnly? ClosedOn { get; init; }

    public static UnitDto From(UnitDefinition unit) => new(
        unit.UnitId.Value,
        unit.Name,
        unit.Tier,
        unit.ParentId?.Value,
        unit.Children.Select(child => new ChildUnitDto(child.UnitId.Value, child.Name, child.Tier) { ClosedOn = child.ClosedOn }).ToList())
    {
        OpenedOn = unit.OpenedOn,
        ClosedOn = unit.ClosedOn,
    };
}

public sealed record TierDto(string Name, IReadOnlyList<string> Cadences);

public sealed record ChildUnitDto(string UnitId, string Name, string Tier)
{
    public DateOnly? ClosedOn { get; init; }
}
