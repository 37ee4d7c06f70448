using Changdu.Gateway.Audit;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

public static class PointsApi
{
    public static RouteGroupBuilder MapPointsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/units/{unitId}").WithTags("Points");
        group.MapPost("/points", RecordAsync)
            .RequireUnitAccess(Access.Write)
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
        string unitId, PointsRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (!UnitId.TryParse(unitId, out var id))
        {
            return Problems.UnknownUnit(unitId);
        }
        if (Caller.From(http.User) is not { Role: Roles.Office } caller || caller.Unit == id)
        {
            return Problems.Problem(StatusCodes.Status403Forbidden, "points-from-above", "Points come from an office above",
                "Points are entered by the office of a unit above this one, never by the unit itself.");
        }
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
            () => grains.GetGrain<IPointsLedger>(id.Value).RecordPointsAsync(entry), r => r.Outcome.ToString(), r => r.Outcome == PointsOutcome.Recorded);
        return result.Outcome switch
        {
            PointsOutcome.Recorded => TypedResults.Created($"/api/units/{id}/points?year={entry.On.Year}", result.Entry!),
            PointsOutcome.AlreadyStored => TypedResults.Ok(result.Entry!),
            PointsOutcome.EntryIdTaken => Problems.Problem(StatusCodes.Status409Conflict, "entry-id-taken", "Entry id already used", result.Detail!),
            _ => Problems.UnknownUnit(unitId),
        };
    }

    static async Task<Results<Ok<PointsStatementDto>, ValidationProblem, ProblemHttpResult>> GetAsync(string unitId, int? year, IGrainFactory grains)
    {
        if (!UnitId.TryParse(unitId, out var id))
        {
            return Problems.UnknownUnit(unitId);
        }
        if (!Fields.TryYear(year, out var y, out var invalid))
        {
            return invalid;
        }
        var statement = await grains.GetGrain<IPointsLedger>(id.Value).GetPointsAsync(y);
        return statement is null
            ? Problems.UnknownUnit(unitId)
            : TypedResults.Ok(new PointsStatementDto(unitId, y, statement.Entries, statement.Rules, statement.Total));
    }

    static async Task<Results<Ok<YearEndDto>, ProblemHttpResult>> GetYearEndAsync(string unitId, int year, IGrainFactory grains)
    {
        if (!UnitId.TryParse(unitId, out var id) || year is < Period.MinYear or > Period.MaxYear)
        {
            return Problems.UnknownUnit(unitId);
        }
        var yearEnd = await grains.GetGrain<IPointsLedger>(id.Value).GetYearEndAsync(year);
        return yearEnd is null
            ? Problems.Problem(StatusCodes.Status404NotFound, "nothing-to-rank", "Nothing to rank", $"Unit {unitId} has no units below it to rank.")
            : TypedResults.Ok(YearEndDto.From(yearEnd));
    }

    static async Task<Results<Ok<YearEndDto>, ProblemHttpResult>> CloseYearAsync(string unitId, int year, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (!UnitId.TryParse(unitId, out var id) || year is < Period.MinYear or > Period.MaxYear)
        {
            return Problems.UnknownUnit(unitId);
        }
        var result = await audit.AuditedAsync(http, "close-year", year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            () => grains.GetGrain<IPointsLedger>(id.Value).CloseYearAsync(year, Caller.From(http.User)!.Name), r => r.Outcome.ToString(), r => r.Outcome == CloseOutcome.Closed);
        return result.Outcome switch
        {
            CloseOutcome.Closed or CloseOutcome.AlreadyClosed => TypedResults.Ok(YearEndDto.From(result.YearEnd!)),
            CloseOutcome.PeriodNotEnded => Problems.Problem(StatusCodes.Status409Conflict, "year-not-ended", "Year not ended", result.Detail!),
            CloseOutcome.NoChildren => Problems.Problem(StatusCodes.Status404NotFound, "nothing-to-rank", "Nothing to rank", result.Detail!),
            _ => Problems.UnknownUnit(unitId),
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
