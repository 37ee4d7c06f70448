using Changdu.Gateway.Audit;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/units/{unitId}/reports").WithTags("Reports");
        group.MapPost("/", SubmitAsync)
            .RequireUnitAccess(Access.Write)
            .AddEndpointFilter(new SubmissionMeter("submit"))
            .WithName("SubmitReport")
            .WithSummary("File a unit's cadence report; replaying the same report id and body is answered 200 and counted once")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
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
        string unitId, ReportRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (!UnitId.TryParse(unitId, out var id))
        {
            return Problems.UnknownUnit(unitId);
        }
        if (!body.TryToDraft(out var draft, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The report is not valid", type: Problems.TypeOf("invalid-report"));
        }
        var result = await audit.AuditedAsync(http, "submit-report", draft.ReportId,
            () => grains.GetGrain<IUnitGrain>(id.Value).SubmitReportAsync(draft), r => r.Outcome.ToString(), r => r.Outcome == ReportOutcome.Created);
        return result.Outcome switch
        {
            ReportOutcome.Created => TypedResults.Created($"/api/units/{id}/reports/{Uri.EscapeDataString(draft.ReportId)}", ReportDto.From(result.Report!)),
            ReportOutcome.AlreadyStored => TypedResults.Ok(ReportDto.From(result.Report!)),
            _ => Rejection(unitId, result),
        };
    }

    static async Task<Results<Ok<ReportDto>, ValidationProblem, ProblemHttpResult>> CorrectAsync(
        string unitId, string reportId, ReportRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (!UnitId.TryParse(unitId, out var id))
        {
            return Problems.UnknownUnit(unitId);
        }
        if (!body.TryToCorrection(reportId, out var correction, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The correction is not valid", type: Problems.TypeOf("invalid-report"));
        }
        var result = await audit.AuditedAsync(http, "correct-report", reportId,
            () => grains.GetGrain<IUnitGrain>(id.Value).CorrectReportAsync(reportId, correction), r => r.Outcome.ToString(), r => r.Outcome == ReportOutcome.Corrected);
        return result.Accepted ? TypedResults.Ok(ReportDto.From(result.Report!)) : Rejection(unitId, result);
    }

    static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> GetAsync(string unitId, string reportId, IGrainFactory grains)
    {
        if (!UnitId.TryParse(unitId, out var id))
        {
            return Problems.UnknownUnit(unitId);
        }
        // The unit exists (the access filter found it), so a miss means the report does not.
        return await grains.GetGrain<IUnitGrain>(id.Value).GetReportAsync(reportId) is { } report
            ? TypedResults.Ok(ReportDto.From(report))
            : Problems.Problem(StatusCodes.Status404NotFound, "unknown-report", "Unknown report", $"Unit {unitId} has no report '{reportId}'.");
    }

    static ProblemHttpResult Rejection(string unitId, ReportResult result)
    {
        var inTheWay = result.Report is { } report ? new Dictionary<string, object?> { ["existingReportId"] = report.ReportId } : null;
        return result.Outcome switch
        {
            ReportOutcome.UnknownUnit => Problems.UnknownUnit(unitId),
            ReportOutcome.UnknownReport => Problems.Problem(StatusCodes.Status404NotFound, "unknown-report", "Unknown report", result.Detail!),
            ReportOutcome.CadenceNotUsedByTier => Problems.Problem(StatusCodes.Status422UnprocessableEntity, "cadence-not-used-by-tier", "Cadence not used by this tier", result.Detail!),
            ReportOutcome.ReportIdTaken => Problems.Problem(StatusCodes.Status409Conflict, "report-id-taken", "Report id already used", result.Detail!, inTheWay),
            ReportOutcome.PeriodAlreadyReported => Problems.Problem(StatusCodes.Status409Conflict, "period-already-reported", "Period already reported", result.Detail!, inTheWay),
            ReportOutcome.CorrectionChangesPeriod => Problems.Problem(StatusCodes.Status409Conflict, "correction-changes-period", "A correction cannot move a report", result.Detail!, inTheWay),
            ReportOutcome.FewerProblemsThanRegistered => Problems.Problem(StatusCodes.Status409Conflict, "fewer-problems-than-registered", "Fewer problems than the register holds", result.Detail!, inTheWay),
            _ => throw new InvalidOperationException($"Unexpected outcome {result.Outcome}."),
        };
    }
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
