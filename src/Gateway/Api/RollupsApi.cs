using System.Globalization;
using Changdu.Gateway.Export;
using Changdu.Gateway.Live;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Changdu.Gateway.Api;

public static class RollupsApi
{
    public static RouteGroupBuilder MapRollupsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapUnitRoutes().MapGroup("/rollup").WithTags("Rollups");
        group.MapGet("/", GetAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("GetRollup")
            .WithSummary("A unit's totals (its own reports and everything below) and each child's, for a period or all time")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/series", GetSeriesAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("GetRollupSeries")
            .WithSummary("The unit's totals for each month or week of a period (a chart's points)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/stream", Stream)
            .RequireUnitAccess(Access.Read)
            .WithName("StreamRollup")
            .WithSummary("Server-sent events: the rollup at once, then an 'rollup' event whenever its figures change; the event id is the unit's version")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    /// <param name="format">Optional: json (the default), or xlsx or csv for the children's table with the unit's total row.</param>
    static async Task<Results<Ok<RollupDto>, ExportFile, ValidationProblem, ProblemHttpResult>> GetAsync(
        RouteUnit unitId, string? period, string? format, IGrainFactory grains)
    {
        if (!Fields.TryRange(period, required: false, out var range, out var errors))
        {
            return errors;
        }
        if (!TableExporter.TryFormat(format, out var export, out var badFormat))
        {
            return badFormat;
        }
        var view = await grains.GetGrain<IRollupNode>(unitId.Key).GetRollupAsync(range);
        if (view is null)
        {
            return Problems.UnknownUnit(unitId.Key);
        }
        var rollup = RollupDto.From(view);
        return export is { } chosen ? TableExporter.File(RollupTable.Of(rollup), chosen) : TypedResults.Ok(rollup);
    }

    static async Task<Results<Ok<IReadOnlyList<SeriesPointDto>>, ValidationProblem, ProblemHttpResult>> GetSeriesAsync(
        RouteUnit unitId, string period, string by, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        if (!PeriodRange.TryParse(period, out var range) || range.End.DayNumber - range.Start.DayNumber <= 7)
        {
            errors["period"] = [$"'{period}' is not a period to chart: use a month, quarter, half-year, year or a run (2016-05, 2016-Q2, 2016-H1, 2016, 2015-12..2016-10)."];
        }
        PeriodKind? step = by switch { "month" => PeriodKind.Month, "week" => PeriodKind.Week, _ => null };
        if (step is null || (step == PeriodKind.Month && range.From == range.To && range.From.Kind == PeriodKind.Month))
        {
            errors["by"] = ["Use 'week', or 'month' for a period longer than a month."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The series is not valid", type: Problems.TypeOf("invalid-series"));
        }
        var series = await grains.GetGrain<IRollupNode>(unitId.Key).GetSeriesAsync(range, step!.Value);
        return series is null
            ? Problems.UnknownUnit(unitId.Key)
            : TypedResults.Ok<IReadOnlyList<SeriesPointDto>>(series.Select(point => new SeriesPointDto(point.Period.ToString(), TotalsDto.From(point.Totals))).ToList());
    }

    static async Task<Results<EventStreamResult, ValidationProblem, ProblemHttpResult>> Stream(
        RouteUnit unitId,
        string? period,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId,
        RollupFeed feed,
        IOptions<LiveOptions> options,
        CancellationToken cancellationToken)
    {
        if (!Fields.TryRange(period, required: false, out var range, out var errors))
        {
            return errors;
        }
        // The unit exists: the access filter found its place in the tree before this runs.
        var lastSeen = long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 0;
        return new EventStreamResult(feed.WatchAsync(unitId.Id, range, lastSeen, cancellationToken), options.Value.Heartbeat);
    }
}

/// <summary>The figures of a rollup; rates are <see cref="Rate.Of"/>: shares from 0 to 1, null when nothing was due.</summary>
public sealed record TotalsDto(
    long Reports,
    long MeetingsHeld,
    long ProblemsIdentified,
    long ProblemsResolved,
    long ProblemsOpen,
    decimal? ResolutionRate,
    long OnTimeReports,
    long TrainingClasses,
    long PeopleTrained,
    long ExchangeMeetings,
    long ExchangeAttendance,
    long InspectionRounds,
    long Inspections,
    long Findings,
    long AwardRounds,
    long Flags,
    long Points,
    long CardsIssued,
    long LeaveRecords,
    long Absences,
    long PositiveFeedback,
    long NegativeFeedback)
{
    public static TotalsDto From(Totals totals) => new(
        totals.Reports,
        totals.MeetingsHeld,
        totals.ProblemsIdentified,
        totals.ProblemsResolved,
        Math.Max(0, totals.ProblemsIdentified - totals.ProblemsResolved),
        Rate.Of(totals.ProblemsResolved, totals.ProblemsIdentified),
        totals.OnTimeReports,
        totals.TrainingClasses,
        totals.PeopleTrained,
        totals.ExchangeMeetings,
        totals.ExchangeAttendance,
        totals.InspectionRounds,
        totals.Inspections,
        totals.Findings,
        totals.AwardRounds,
        totals.Flags,
        totals.Points,
        totals.CardsIssued,
        totals.LeaveRecords,
        totals.Absences,
        totals.PositiveFeedback,
        totals.NegativeFeedback);
}

/// <summary>Reports of a cadence expected, received and received on time in the period, with the reporting and on-time rates.</summary>
public sealed record CompletenessDto(string Cadence, long Expected, long Received, long OnTime, decimal? ReportingRate, decimal? OnTimeRate)
{
    public static CompletenessDto From(CadenceCompleteness completeness) => new(
        completeness.Cadence.ToName(),
        completeness.Expected,
        completeness.Received,
        completeness.OnTime,
        Rate.Of(completeness.Received, completeness.Expected),
        Rate.Of(completeness.OnTime, completeness.Expected));
}

/// <summary>Registered problems still open below the unit, and how many days the oldest and the median one have waited.</summary>
public sealed record OpenProblemsDto(long Open, int? OldestDays, int? MedianDays);

public sealed record SeriesPointDto(string Period, TotalsDto Totals);

/// <summary>A child's figures; <c>expectedReports</c> is what its cadences call for in the period (null for all time).</summary>
public sealed record ChildRollupDto(string UnitId, string Name, string Tier, TotalsDto Totals, long? ExpectedReports);

public sealed record RollupDto(
    string UnitId,
    string Name,
    string Tier,
    string? Period,
    TotalsDto Totals,
    IReadOnlyList<ChildRollupDto> Children,
    long Version,
    DateTimeOffset AsOf,
    long? ExpectedReports,
    decimal? ReportingRate,
    decimal? OnTimeRate,
    IReadOnlyList<CompletenessDto> Completeness,
    OpenProblemsDto OpenProblems)
{
    public static RollupDto From(RollupView view) => new(
        view.UnitId.Value,
        view.Name,
        view.Tier,
        view.Period?.ToString(),
        TotalsDto.From(view.Totals),
        view.Children.Select(child => new ChildRollupDto(child.UnitId.Value, child.Name, child.Tier, TotalsDto.From(child.Totals), child.ExpectedReports)).ToList(),
        view.Version,
        view.AsOf,
        view.ExpectedReports,
        view.ExpectedReports is { } expected ? Rate.Of(view.Totals.Reports, expected) : null,
        view.ExpectedReports is { } due ? Rate.Of(view.Totals.OnTimeReports, due) : null,
        view.Completeness.Select(CompletenessDto.From).ToList(),
        new OpenProblemsDto(view.OpenProblems.Open, view.OpenProblems.OldestDays, view.OpenProblems.MedianDays));
}
