using Changdu.Gateway.Audit;
using Changdu.Gateway.Export;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

public static class AssessmentsApi
{
    public static RouteGroupBuilder MapAssessmentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapUnitRoutes().MapGroup("").WithTags("Assessment");
        group.MapGet("/assessments/{month}", GetAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("GetAssessment")
            .WithSummary("The office's ranking of its children for a month with their scores and red flags: live until the month is closed, frozen after")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/assessments/{month}/close", CloseAsync)
            .RequireUnitAccess(Access.Write)
            .WithName("CloseAssessment")
            .WithSummary("Close an ended month now instead of on schedule: its ranking and flags are frozen; closing again answers the frozen ranking")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        // Public: the programme publishes its red flags.
        group.MapGet("/flags", GetFlagsAsync)
            .PublicUnit()
            .WithName("GetFlagHistory")
            .WithSummary("The red flags the unit received in closed months, newest first")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    /// <param name="format">Optional: json (the default), xlsx or csv.</param>
    static async Task<Results<Ok<AssessmentDto>, ExportFile, ValidationProblem, ProblemHttpResult>> GetAsync(
        RouteUnit unitId, string month, string? format, IGrainFactory grains)
    {
        if (!Fields.TryMonth(month, "month", out var period, out var invalid))
        {
            return invalid;
        }
        if (!TableExporter.TryFormat(format, out var export, out var badFormat))
        {
            return badFormat;
        }
        var assessment = await grains.GetGrain<IAssessingOffice>(unitId.Key).GetAssessmentAsync(period);
        if (assessment is null)
        {
            return Problems.Problem(StatusCodes.Status404NotFound, "nothing-to-assess", "Nothing to assess", $"Unit {unitId} has no units below it to assess.");
        }
        var ranking = AssessmentDto.From(assessment);
        return export is { } chosen
            ? TableExporter.File(RankingTable.Of(ranking, await Lookups.UnitNameAsync(grains, unitId)), chosen)
            : TypedResults.Ok(ranking);
    }

    static async Task<Results<Ok<AssessmentDto>, ValidationProblem, ProblemHttpResult>> CloseAsync(
        RouteUnit unitId, string month, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (!Fields.TryMonth(month, "month", out var period, out var invalid))
        {
            return invalid;
        }
        var result = await audit.AuditedAsync(http, "close-month", month,
            () => grains.GetGrain<IAssessingOffice>(unitId.Key).CloseMonthAsync(period, Caller.From(http.User)!.Name), r => r.Outcome.ToString(), r => r.Outcome == CloseOutcome.Closed);
        return result.Outcome switch
        {
            CloseOutcome.Closed or CloseOutcome.AlreadyClosed => TypedResults.Ok(AssessmentDto.From(result.Assessment!)),
            var refused => Outcomes.Problem(refused, result.Detail, unitId.Id, "close-month"),
        };
    }

    /// <param name="format">Optional: json (the default), xlsx or csv.</param>
    static async Task<Results<Ok<IReadOnlyList<FlagAwardDto>>, ExportFile, ValidationProblem, ProblemHttpResult>> GetFlagsAsync(
        RouteUnit unitId, string? format, IGrainFactory grains)
    {
        if (!TableExporter.TryFormat(format, out var export, out var badFormat))
        {
            return badFormat;
        }
        if (await grains.GetGrain<IUnitGrain>(unitId.Key).GetFlagHistoryAsync() is not { } awarded)
        {
            return Problems.UnknownUnit(unitId.Key);
        }
        IReadOnlyList<FlagAwardDto> flags = awarded.Select(flag =>
            new FlagAwardDto(flag.Office.Value, flag.Month.ToString(), flag.Rank, flag.Assessed, flag.Score)).ToList();
        return export is { } chosen
            ? TableExporter.File(FlagsTable.Of(flags, unitId.Key, await Lookups.UnitNameAsync(grains, unitId)), chosen)
            : TypedResults.Ok(flags);
    }
}

public sealed record IndicatorsDto(decimal Completeness, decimal Timeliness, decimal Resolution, decimal Inspection, decimal Training);

public sealed record AssessedUnitDto(string UnitId, string Name, int Rank, decimal Score, IndicatorsDto Indicators, bool Flag);

/// <summary>A month's ranking; <c>status</c> is "provisional" until the month is closed, then "closed".</summary>
public sealed record AssessmentDto(string UnitId, string Month, string Status, string RulesVersion, int Flags, IReadOnlyList<AssessedUnitDto> Ranking, DateTimeOffset AsOf, string? ClosedBy)
{
    public static AssessmentDto From(Assessment assessment) => new(
        assessment.Office.Value,
        assessment.Month.ToString(),
        assessment.Closed ? "closed" : "provisional",
        assessment.RulesVersion,
        assessment.Flags,
        assessment.Ranking.Select(unit => new AssessedUnitDto(unit.UnitId.Value, unit.Name, unit.Rank, unit.Score,
            new IndicatorsDto(unit.Indicators.Completeness, unit.Indicators.Timeliness, unit.Indicators.Resolution, unit.Indicators.Inspection, unit.Indicators.Training),
            unit.Flag)).ToList(),
        assessment.AsOf,
        assessment.ClosedBy);
}

public sealed record FlagAwardDto(string AwardedBy, string Month, int Rank, int Assessed, decimal Score);
