using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

public static class UnitsApi
{
    public static RouteGroupBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/units").WithTags("Units");
        group.MapGet("/", GetRootsAsync)
            .AllowAnonymous()
            .RequireRateLimiting(Security.SecurityServiceExtensions.PerCallerPolicy)
            .WithName("GetRootUnits")
            .WithSummary("Where the tree starts: the root units (today the city)");
        // Public: the programme's structure (which offices and teams exist) carries no personal data.
        group.MapGet("/{unitId}", GetUnitAsync)
            .AllowAnonymous()
            .RequireRateLimiting(Security.SecurityServiceExtensions.PerCallerPolicy)
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

    static async Task<Results<Ok<UnitDto>, ProblemHttpResult>> GetUnitAsync(string unitId, IGrainFactory grains)
    {
        if (!UnitId.TryParse(unitId, out var id))
        {
            return Problems.UnknownUnit(unitId);
        }
        var definition = await grains.GetGrain<IUnitGrain>(id.Value).GetDefinitionAsync();
        return definition is null ? Problems.UnknownUnit(unitId) : TypedResults.Ok(UnitDto.From(definition));
    }
}

public sealed record UnitDto(string UnitId, string Name, string Tier, string? ParentId, IReadOnlyList<ChildUnitDto> Children)
{
    public static UnitDto From(UnitDefinition unit) => new(
        unit.UnitId.Value,
        unit.Name,
        unit.Tier,
        unit.ParentId?.Value,
        unit.Children.Select(child => new ChildUnitDto(child.UnitId.Value, child.Name, child.Tier)).ToList());
}

public sealed record ChildUnitDto(string UnitId, string Name, string Tier);
