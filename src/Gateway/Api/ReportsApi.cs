using Changdu.Gateway.Audit;
using Changdu.Gateway.Export;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

public static class ReportsApi
{
    const int MaxListed = 2_000;

    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapUnitRoutes().MapGroup("/reports").WithTags("Reports");
        group.MapPost("/", SubmitAsync)
            .RequireUnitAccess(Access.Write)
            .AddEndpointFilter(new SubmissionMeter("submit"))
            .WithName("SubmitReport")
            .WithSummary("File a unit's cadence report; replaying the same report id and body is answered 200 and counted once")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", ListAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("ListReports")
            .WithSummary("The reports filed at and below the unit for periods inside a period, one per row, oldest period first within each unit; the walk visits only subtrees that hold reports in the period")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{reportId}", CorrectAsync)
            .RequireUnitAccess(Access.Write)
            .AddEndpointFilter(new SubmissionMeter("correct"))
            .WithName("CorrectReport")
            .WithSummary("Replace a report's figures; every rollup then counts the new figures instead of the old")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/{reportId}", GetAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("GetReport")
            .WithSummary("A report as stored")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Results<Created<ReportDto>, Ok<ReportDto>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        RouteUnit unitId, ReportRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (!body.TryToDraft(out var draft, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The report is not valid", type: Problems.TypeOf("invalid-report"));
        }
        var result = await audit.AuditedAsync(http, "submit-report", draft.ReportId,
            () => grains.GetGrain<IUnitGrain>(unitId.Key).SubmitReportAsync(draft), r => r.Outcome.ToString(), r => r.Outcome == ReportOutcome.Created);
        return result.Outcome switch
        {
            ReportOutcome.Created => TypedResults.Created($"/api/units/{unitId}/reports/{Uri.EscapeDataString(draft.ReportId)}", ReportDto.From(result.Report!)),
            ReportOutcome.AlreadyStored => TypedResults.Ok(ReportDto.From(result.Report!)),
            _ => Refusal(unitId, result),
        };
    }

    static async Task<Results<Ok<ReportDto>, ValidationProblem, ProblemHttpResult>> CorrectAsync(
        RouteUnit unitId, string reportId, ReportRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (!body.TryToCorrection(reportId, out var correction, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The correction is not valid", type: Problems.TypeOf("invalid-report"));
        }
        var result = await audit.AuditedAsync(http, "correct-report", reportId,
            () => grains.GetGrain<IUnitGrain>(unitId.Key).CorrectReportAsync(reportId, correction), r => r.Outcome.ToString(), r => r.Outcome == ReportOutcome.Corrected);
        return result.Accepted ? TypedResults.Ok(ReportDto.From(result.Report!)) : Refusal(unitId, result);
    }

    /// <param name="limit">At most this many reports (1 to 2,000, 2,000 when left out); <c>truncated</c> says there were more.</param>
    /// <param name="format">Optional: json (the default), xlsx or csv.</param>
    static async Task<Results<Ok<SubtreeReportsDto>, ExportFile, ValidationProblem, ProblemHttpResult>> ListAsync(
        RouteUnit unitId, string? period, int? limit, string? format, IGrainFactory grains)
    {
        if (!Fields.TryRange(period, required: true, out var range, out var invalid))
        {
            return invalid;
        }
        if (limit is < 1 or > MaxListed)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["limit"] = [$"Optional: how many reports to list at most, from 1 to {MaxListed}."] },
                title: "The limit is not valid", type: Problems.TypeOf("invalid-limit"));
        }
        if (!TableExporter.TryFormat(format, out var export, out var badFormat))
        {
            return badFormat;
        }
        var listed = limit ?? MaxListed;
        var found = await grains.GetGrain<ISubtreeListing>(0).ListReportsAsync(unitId.Id, range!.Value, listed + 1);
        var reports = new SubtreeReportsDto(unitId.Key, range.Value.ToString(), found.Take(listed).Select(ListedReportDto.From).ToList(), found.Count > listed);
        if (export is not { } chosen)
        {
            return TypedResults.Ok(reports);
        }
        return TableExporter.File(ReportsTable.Of(reports, await Lookups.UnitNameAsync(grains, unitId)), chosen);
    }

    static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> GetAsync(RouteUnit unitId, string reportId, IGrainFactory grains) =>
        // The unit exists (the access filter found it), so a miss means the report does not.
        await grains.GetGrain<IUnitGrain>(unitId.Key).GetReportAsync(reportId) is { } report
            ? TypedResults.Ok(ReportDto.From(report))
            : Outcomes.Problem(ReportOutcome.UnknownReport, $"Unit {unitId} has no report '{reportId}'.");

    /// <summary>A refusal names the report in the way, when there is one.</summary>
    static ProblemHttpResult Refusal(RouteUnit unitId, ReportResult result) =>
        Outcomes.Problem(result.Outcome, result.Detail, unitId.Id,
            extensions: result.Report is { } report ? new Dictionary<string, object?> { ["existingReportId"] = report.ReportId } : null);
}

/// <summary>
/// Times each submission or correction at the gateway, by outcome; the silo counts the ones it
/// decided, so this counts those refused here as invalid before reaching it.
/// </summary>
sealed class SubmissionMeter(string action) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await next(context);
        var answer = (result as INestedHttpResult)?.Result ?? result;
        var status = (answer as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status500InternalServerError;
        var outcome = status switch { < 300 => "accepted", < 500 => "rejected", _ => "failed" };
        ChangduTelemetry.SubmissionDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("outcome", outcome));
        if (answer is ValidationProblem)
        {
            ChangduTelemetry.ReportsRejected.Add(1, new KeyValuePair<string, object?>("tier", "unknown"), new KeyValuePair<string, object?>("cadence", "unknown"),
                new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("reason", "InvalidRequest"));
        }
        return result;
    }
}

/// <summary>A report of a subtree's listing, with the unit that filed it.</summary>
public sealed record ListedReportDto(
    string UnitId,
    string UnitName,
    string Tier,
    string ReportId,
    string Cadence,
    string Period,
    int MeetingsHeld,
    int ProblemsIdentified,
    int ProblemsResolved,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    int Revision,
    bool OnTime)
{
    public static ListedReportDto From(ListedReport listed) => new(
        listed.Unit.UnitId.Value,
        listed.Unit.Name,
        listed.Unit.Tier,
        listed.Report.ReportId,
        listed.Report.Cadence.ToName(),
        listed.Report.Period.ToString(),
        listed.Report.Figures.MeetingsHeld,
        listed.Report.Figures.ProblemsIdentified,
        listed.Report.Figures.ProblemsResolved,
        listed.Report.ReceivedAt,
        listed.Report.UpdatedAt,
        listed.Report.Revision,
        listed.Report.OnTime);
}

/// <summary>Reports filed in a subtree for a period; <c>truncated</c> when there were more than listed.</summary>
public sealed record SubtreeReportsDto(string UnitId, string Period, IReadOnlyList<ListedReportDto> Reports, bool Truncated);
