using Changdu.Gateway.Export;
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

    /// <param name="limit">At most this many units (1 to 2,000, 2,000 when left out): a page that shows a few asks for a few, and the walk stops there.</param>
    /// <param name="format">Optional: json (the default), xlsx or csv.</param>
    static async Task<Results<Ok<MissingDto>, ExportFile, ValidationProblem, ProblemHttpResult>> GetMissingAsync(
        RouteUnit unitId, string? period, int? limit, string? format, IGrainFactory grains)
    {
        if (!Fields.TryRange(period, required: true, out var range, out var invalid))
        {
            return invalid;
        }
        if (limit is < 1 or > MaxListed)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["limit"] = [$"Optional: how many units to list at most, from 1 to {MaxListed}."] },
                title: "The limit is not valid", type: Problems.TypeOf("invalid-limit"));
        }
        if (!TableExporter.TryFormat(format, out var export, out var badFormat))
        {
            return badFormat;
        }
        var listed = limit ?? MaxListed;
        var missing = await grains.GetGrain<IRollupNode>(unitId.Key).FindMissingAsync(range!.Value, listed + 1);
        var owing = new MissingDto(
            unitId.Key,
            range.Value.ToString(),
            missing.Take(listed).Select(entry => new MissingUnitDto(entry.Unit.UnitId.Value, entry.Unit.Name, entry.Unit.Tier,
                entry.Periods.Select(missed => missed.ToString()).ToList())).ToList(),
            missing.Count > listed);
        return export is { } chosen
            ? TableExporter.File(MissingTable.Of(owing, await Lookups.UnitNameAsync(grains, unitId)), chosen)
            : TypedResults.Ok(owing);
    }
}

public sealed record MissingUnitDto(string UnitId, string Name, string Tier, IReadOnlyList<string> Periods);

/// <summary>Units that owe reports for the period; <c>truncated</c> when there were more than listed.</summary>
public sealed record MissingDto(string UnitId, string Period, IReadOnlyList<MissingUnitDto> Units, bool Truncated);
