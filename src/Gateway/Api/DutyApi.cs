using Changdu.Gateway.Export;
using Changdu.Gateway.Hosting;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

/// <summary>Daily on-duty check-ins (docs/domain.md, practice 9) and the duty they roll up to.</summary>
public static class DutyApi
{
    public static RouteGroupBuilder MapDutyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapUnitRoutes().MapGroup("").WithTags("Duty");
        group.MapPost("/check-ins", CheckInAsync)
            .RequireUnitAccess(Access.Write)
            .WithName("CheckIn")
            .WithSummary("A cadre's check-in at the team for a day (today when left out), with optional time and place; 201 when stored, 200 when that day's check-in was already stored")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/duty", GetAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("GetDuty")
            .WithSummary("Planned on duty, checked in, on leave and absent for each day of a month (or one date), the unit's subtree included, with on-duty rates per day and for the month")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Results<Created<CheckInDto>, Ok<CheckInDto>, ValidationProblem, ProblemHttpResult>> CheckInAsync(
        RouteUnit unitId, CheckInRequest body, IGrainFactory grains, OfficeCalendar calendar)
    {
        var errors = new Dictionary<string, string[]>();
        var cadreId = Fields.Id(body.CadreId, "cadreId", errors);
        var day = body.Date is null ? calendar.Today : Fields.Date(body.Date, "date", errors);
        if (body.Latitude is < -90 or > 90)
        {
            errors["latitude"] = ["From -90 to 90 degrees."];
        }
        if (body.Longitude is < -180 or > 180)
        {
            errors["longitude"] = ["From -180 to 180 degrees."];
        }
        if ((body.Latitude is null) != (body.Longitude is null))
        {
            errors["latitude"] = ["Give both latitude and longitude, or neither."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The check-in is not valid", type: Problems.TypeOf("invalid-check-in"));
        }
        var result = await grains.GetGrain<IDutyRegister>(unitId.Key).RecordCheckInAsync(cadreId!, new CheckIn(day!.Value, body.Time, body.Latitude, body.Longitude));
        return result.Outcome switch
        {
            DutyOutcome.Recorded => TypedResults.Created($"/api/units/{unitId}/duty?date={day:yyyy-MM-dd}", CheckInDto.From(cadreId!, unitId.Id, result.CheckIn!)),
            DutyOutcome.AlreadyStored => TypedResults.Ok(CheckInDto.From(cadreId!, unitId.Id, result.CheckIn!)),
            var refused => Outcomes.Problem(refused, result.Detail),
        };
    }

    /// <param name="format">Optional: json (the default), or xlsx or csv with a row per day and a total row.</param>
    static async Task<Results<Ok<DutyDto>, ExportFile, ValidationProblem, ProblemHttpResult>> GetAsync(
        RouteUnit unitId, string? month, DateOnly? date, string? format, IGrainFactory grains, OfficeCalendar calendar)
    {
        if (!TableExporter.TryFormat(format, out var export, out var badFormat))
        {
            return badFormat;
        }
        DateSpan days;
        string shown;
        if (date is { } one)
        {
            days = new DateSpan(one, one);
            shown = one.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (Fields.TryMonth(month, calendar.Today, out var period, out var problem))
        {
            days = DateSpan.Of(period);
            shown = period.ToString();
        }
        else
        {
            return problem;
        }
        if (await grains.GetGrain<IDutyRegister>(unitId.Key).GetDutyAsync(days) is not { } duty)
        {
            return Problems.UnknownUnit(unitId.Key);
        }
        var answer = DutyDto.Of(unitId.Key, days, duty);
        return export is { } chosen
            ? TableExporter.File(DutyTable.Of(answer, await Lookups.UnitNameAsync(grains, unitId), shown), chosen)
            : TypedResults.Ok(answer);
    }
}

/// <summary>A check-in: <c>date</c> defaults to today on the offices' clock; <c>time</c>, <c>latitude</c> and <c>longitude</c> are optional.</summary>
public sealed record CheckInRequest(string? CadreId, DateOnly? Date, TimeOnly? Time, decimal? Latitude, decimal? Longitude);

public sealed record CheckInDto(string CadreId, string UnitId, DateOnly Date, TimeOnly? Time, decimal? Latitude, decimal? Longitude)
{
    public static CheckInDto From(string cadreId, UnitId unit, CheckIn checkIn) =>
        new(cadreId, unit.Value, checkIn.Day, checkIn.At, checkIn.Latitude, checkIn.Longitude);
}

public sealed record DutyDayDto(DateOnly Date, long Planned, long CheckedIn, long OnLeave, long Absent, long AwaitingCheckIn, double? OnDutyRate);

/// <summary>
/// Duty over days; the totals count cadre-days. <c>onDutyRate</c> is checked in over checked in plus
/// absent: of those who should have been at post, the share who were, leaving out today's pending
/// check-ins and days still to come.
/// </summary>
public sealed record DutyDto(string UnitId, DateOnly From, DateOnly Until, IReadOnlyList<DutyDayDto> Days,
    long Planned, long CheckedIn, long OnLeave, long Absent, long AwaitingCheckIn, double? OnDutyRate)
{
    public static DutyDto Of(string unitId, DateSpan span, IReadOnlyList<DutyDay> days)
    {
        var total = new DutyDay(span.From, days.Sum(day => day.Planned), days.Sum(day => day.CheckedIn), days.Sum(day => day.OnLeave),
            days.Sum(day => day.Absent), days.Sum(day => day.AwaitingCheckIn));
        return new DutyDto(unitId, span.From, span.Until!.Value,
            days.Select(day => new DutyDayDto(day.Day, day.Planned, day.CheckedIn, day.OnLeave, day.Absent, day.AwaitingCheckIn, day.OnDutyRate)).ToList(),
            total.Planned, total.CheckedIn, total.OnLeave, total.Absent, total.AwaitingCheckIn, total.OnDutyRate);
    }
}
