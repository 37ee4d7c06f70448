using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

public static class CompletenessApi
{
    const int MaxListed = 2_000;

    public static RouteGroupBuilder MapCompletenessApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapUnitRoutes().MapGroup("/missing").WithTags("Reports");
        group.MapGet("/", GetMissingAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("GetMissingReports")
            .WithSummary("The units at and below this one that have not filed every report their cadences call for in the period, with the periods missed")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Results<Ok<MissingDto>, ValidationProblem, ProblemHttpResult>> GetMissingAsync(RouteUnit unitId, string? period, IGrainFactory grains)
    {
        if (!Fields.TryRange(period, required: true, out var range, out var invalid))
        {
            return invalid;
        }
        var missing = await grains.GetGrain<IRollupNode>(unitId.Key).FindMissingAsync(range!.Value, MaxListed + 1);
        return TypedResults.Ok(new MissingDto(
            unitId.Key,
            range.Value.ToString(),
            missing.Take(MaxListed).Select(entry => new MissingUnitDto(entry.Unit.UnitId.Value, entry.Unit.Name, entry.Unit.Tier,
                entry.Periods.Select(missed => missed.ToString()).ToList())).ToList(),
            missing.Count > MaxListed));
    }
}

public sealed record MissingUnitDto(string UnitId, string Name, string Tier, IReadOnlyList<string> Periods);

/// <summary>Units that owe reports for the period; <c>truncated</c> when there were more than listed.</summary>
public sealed record MissingDto(string UnitId, string Period, IReadOnlyList<MissingUnitDto> Units, bool Truncated);
