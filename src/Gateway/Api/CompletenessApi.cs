using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

public static class CompletenessApi
{
    const int MaxListed = 2_000;

    public static RouteGroupBuilder MapCompletenessApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/units/{unitId}/missing").WithTags("Reports");
        group.MapGet("/", GetMissingAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("GetMissingReports")
            .WithSummary("The units at and below this one that have not filed every report their cadences call for in the period, with the periods missed")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Results<Ok<MissingDto>, ValidationProblem, ProblemHttpResult>> GetMissingAsync(string unitId, string? period, IGrainFactory grains)
    {
        if (!UnitId.TryParse(unitId, out var id))
        {
            return Problems.UnknownUnit(unitId);
        }
        if (!PeriodRange.TryParse(period, out var range))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["period"] = [$"Required: a period such as 2016-W23, 2016-05, 2016-Q2, 2016-H1, 2016 or 2015-12..2016-10; '{period}' is not one."] },
                title: "The period is not valid", type: Problems.TypeOf("invalid-period"));
        }
        var missing = await grains.GetGrain<IRollupNode>(id.Value).FindMissingAsync(range, MaxListed + 1);
        return TypedResults.Ok(new MissingDto(
            unitId,
            range.ToString(),
            missing.Take(MaxListed).Select(entry => new MissingUnitDto(entry.Unit.UnitId.Value, entry.Unit.Name, entry.Unit.Tier,
                entry.Periods.Select(missed => missed.ToString()).ToList())).ToList(),
            missing.Count > MaxListed));
    }
}

public sealed record MissingUnitDto(string UnitId, string Name, string Tier, IReadOnlyList<string> Periods);

/// <summary>Units that owe reports for the period; <c>truncated</c> when there were more than listed.</summary>
public sealed record MissingDto(string UnitId, string Period, IReadOnlyList<MissingUnitDto> Units, bool Truncated);
