using Changdu.Gateway.Audit;
using Changdu.Gateway.Export;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

public static class PointsApi
{
    public static RouteGroupBuilder MapPointsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapUnitRoutes().MapGroup("").WithTags("Points");
        group.MapPost("/points", RecordAsync)
            .RequireUnitAccess(Access.AwardPoints)
            .WithName("RecordPoints")
            .WithSummary("Enter points from a work bulletin in the unit's ledger; only an office above the unit may")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/points", GetAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("GetPoints")
            .WithSummary("The unit's points for a year: ledger entries, points from the rules (flags, findings, completeness) and the total")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/year-end/{year:int}", GetYearEndAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("GetYearEnd")
            .WithSummary("The office's children ranked by the year's points with first, second and third prizes; live until closed")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/year-end/{year:int}/close", CloseYearAsync)
            .RequireUnitAccess(Access.Write)
            .WithName("CloseYearEnd")
            .WithSummary("Freeze the year's ranking and prizes once the year has ended")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    static async Task<Results<Created<PointEntry>, Ok<PointEntry>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        RouteUnit unitId, PointsRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var entryId = Fields.Id(body.EntryId, "entryId", errors);
        var bulletin = Fields.Text(body.Bulletin, "bulletin", required: true, errors);
        var category = Fields.Category(body.Category, "category", errors);
        if (body.Points is not (>= -PointEntry.MaxPoints and <= PointEntry.MaxPoints))
        {
            errors["points"] = [$"Required: a whole number from -{PointEntry.MaxPoints} to {PointEntry.MaxPoints}."];
        }
        var reason = Fields.Text(body.Reason, "reason", required: true, errors);
        var on = Fields.Date(body.On, "on", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The points entry is not valid", type: Problems.TypeOf("invalid-points"));
        }
        var entry = new PointEntry(entryId!, bulletin!, category!, body.Points!.Value, reason!, on!.Value);
        var result = await audit.AuditedAsync(http, "record-points", entry.EntryId,
            () => grains.GetGrain<IPointsLedger>(unitId.Key).RecordPointsAsync(entry), r => r.Outcome.ToString(), r => r.Outcome == PointsOutcome.Recorded);
        return result.Outcome switch
        {
            PointsOutcome.Recorded => TypedResults.Created($"/api/units/{unitId}/points?year={entry.On.Year}", result.Entry!),
            PointsOutcome.AlreadyStored => TypedResults.Ok(result.Entry!),
            var refused => Outcomes.Problem(refused, result.Detail, unitId.Id),
        };
    }

    static async Task<Results<Ok<PointsStatementDto>, ValidationProblem, ProblemHttpResult>> GetAsync(RouteUnit unitId, int? year, IGrainFactory grains)
    {
        if (!Fields.TryYear(year, out var y, out var invalid))
        {
            return invalid;
        }
        var statement = await grains.GetGrain<IPointsLedger>(unitId.Key).GetPointsAsync(y);
        return statement is null
            ? Problems.UnknownUnit(unitId.Key)
            : TypedResults.Ok(new PointsStatementDto(unitId.Key, y, statement.Entries, statement.Rules, statement.Total));
    }

    /// <param name="format">Optional: json (the default), xlsx or csv.</param>
    static async Task<Results<Ok<YearEndDto>, ExportFile, ValidationProblem, ProblemHttpResult>> GetYearEndAsync(
        RouteUnit unitId, int year, string? format, IGrainFactory grains)
    {
        if (!TableExporter.TryFormat(format, out var export, out var badFormat))
        {
            return badFormat;
        }
        // Outside the programme's years the unit has nothing to show.
        if (year is < Period.MinYear or > Period.MaxYear)
        {
            return Problems.UnknownUnit(unitId.Key);
        }
        var yearEnd = await grains.GetGrain<IPointsLedger>(unitId.Key).GetYearEndAsync(year);
        if (yearEnd is null)
        {
            return Outcomes.Problem(CloseOutcome.NoChildren, $"Unit {unitId} has no units below it to rank.", action: "close-year");
        }
        var ranking = YearEndDto.From(yearEnd);
        return export is { } chosen
            ? TableExporter.File(YearEndTable.Of(ranking, await Lookups.UnitNameAsync(grains, unitId)), chosen)
            : TypedResults.Ok(ranking);
    }

    static async Task<Results<Ok<YearEndDto>, ProblemHttpResult>> CloseYearAsync(RouteUnit unitId, int year, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (year is < Period.MinYear or > Period.MaxYear)
        {
            return Problems.UnknownUnit(unitId.Key);
        }
        var result = await audit.AuditedAsync(http, "close-year", year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            () => grains.GetGrain<IPointsLedger>(unitId.Key).CloseYearAsync(year, Caller.From(http.User)!.Name), r => r.Outcome.ToString(), r => r.Outcome == CloseOutcome.Closed);
        return result.Outcome switch
        {
            CloseOutcome.Closed or CloseOutcome.AlreadyClosed => TypedResults.Ok(YearEndDto.From(result.YearEnd!)),
            var refused => Outcomes.Problem(refused, result.Detail, unitId.Id, "close-year"),
        };
    }
}

public sealed record PointsRequest(string? EntryId, string? Bulletin, string? Category, int? Points, string? Reason, DateOnly? On);

public sealed record PointsStatementDto(string UnitId, int Year, IReadOnlyList<PointEntry> Entries, IReadOnlyList<RulePoints> Rules, decimal Total);

public sealed record RankedPointsDto(string UnitId, string Name, int Rank, decimal Points, int? Prize);

/// <summary>A year's ranking; <c>status</c> is "provisional" until closed; <c>prize</c> is 1, 2 or 3 for first, second and third prizes.</summary>
public sealed record YearEndDto(string UnitId, int Year, string Status, IReadOnlyList<RankedPointsDto> Ranking, DateTimeOffset AsOf, string? ClosedBy)
{
    public static YearEndDto From(YearEnd yearEnd) => new(
        yearEnd.Office.Value,
        yearEnd.Year,
        yearEnd.Closed ? "closed" : "provisional",
        yearEnd.Ranking.Select(unit => new RankedPointsDto(unit.UnitId.Value, unit.Name, unit.Rank, unit.Points, unit.Prize)).ToList(),
        yearEnd.AsOf,
        yearEnd.ClosedBy);
}
