using Changdu.Gateway.Audit;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

public static class ProblemsApi
{
    public static RouteGroupBuilder MapProblemsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapUnitRoutes().MapGroup("/problems").WithTags("Problems");
        group.MapPost("/", RaiseAsync)
            .RequireUnitAccess(Access.Write)
            .WithName("RaiseProblem")
            .WithSummary("Raise a problem at the unit, by hand or from one of its reports; replaying the same id and body is answered 200")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", ListAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("ListProblems")
            .WithSummary("The unit's own problems, oldest first; status=open for the open ones only")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{problemId}", GetAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("GetProblem")
            .WithSummary("A problem as registered")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{problemId}/resolve", ResolveAsync)
            .RequireUnitAccess(Access.Write)
            .WithName("ResolveProblem")
            .WithSummary("Resolve an open problem with the date and a note")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{problemId}/reopen", ReopenAsync)
            .RequireUnitAccess(Access.Write)
            .WithName("ReopenProblem")
            .WithSummary("Reopen a resolved problem; its resolution no longer counts")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    static async Task<Results<Created<ProblemDto>, Ok<ProblemDto>, ValidationProblem, ProblemHttpResult>> RaiseAsync(
        RouteUnit unitId, ProblemRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (!body.TryToDraft(out var draft, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The problem is not valid", type: Problems.TypeOf("invalid-problem"));
        }
        var result = await audit.AuditedAsync(http, "raise-problem", draft.ProblemId,
            () => grains.GetGrain<IProblemRegister>(unitId.Key).RaiseProblemAsync(draft), r => r.Outcome.ToString(), r => r.Outcome == ProblemOutcome.Raised);
        return result.Outcome switch
        {
            ProblemOutcome.Raised => TypedResults.Created($"/api/units/{unitId}/problems/{Uri.EscapeDataString(draft.ProblemId)}", ProblemDto.From(result.Problem!)),
            ProblemOutcome.AlreadyStored => TypedResults.Ok(ProblemDto.From(result.Problem!)),
            var refused => Outcomes.Problem(refused, result.Detail, unitId.Id),
        };
    }

    static async Task<Results<Ok<IReadOnlyList<ProblemDto>>, ValidationProblem, ProblemHttpResult>> ListAsync(RouteUnit unitId, string? status, IGrainFactory grains)
    {
        if (status is not (null or "open" or "all"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Use 'open' or 'all' (the default)."] },
                title: "The filter is not valid", type: Problems.TypeOf("invalid-filter"));
        }
        var problems = await grains.GetGrain<IProblemRegister>(unitId.Key).ListProblemsAsync(status == "open");
        return problems is null
            ? Problems.UnknownUnit(unitId.Key)
            : TypedResults.Ok<IReadOnlyList<ProblemDto>>(problems.Select(ProblemDto.From).ToList());
    }

    static async Task<Results<Ok<ProblemDto>, ProblemHttpResult>> GetAsync(RouteUnit unitId, string problemId, IGrainFactory grains) =>
        await grains.GetGrain<IProblemRegister>(unitId.Key).GetProblemAsync(problemId) is { } problem
            ? TypedResults.Ok(ProblemDto.From(problem))
            : Outcomes.Problem(ProblemOutcome.UnknownProblem, $"Unit {unitId} has no problem '{problemId}'.");

    static async Task<Results<Ok<ProblemDto>, ValidationProblem, ProblemHttpResult>> ResolveAsync(
        RouteUnit unitId, string problemId, ResolutionRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var resolvedOn = Fields.Date(body.ResolvedOn, "resolvedOn", errors);
        var note = Fields.Text(body.Note, "note", required: true, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The resolution is not valid", type: Problems.TypeOf("invalid-problem"));
        }
        var result = await audit.AuditedAsync(http, "resolve-problem", problemId,
            () => grains.GetGrain<IProblemRegister>(unitId.Key).ResolveProblemAsync(problemId, resolvedOn!.Value, note!), r => r.Outcome.ToString(), r => r.Outcome == ProblemOutcome.Resolved);
        return result.Accepted ? TypedResults.Ok(ProblemDto.From(result.Problem!)) : Outcomes.Problem(result.Outcome, result.Detail, unitId.Id);
    }

    static async Task<Results<Ok<ProblemDto>, ValidationProblem, ProblemHttpResult>> ReopenAsync(
        RouteUnit unitId, string problemId, ReopenRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var reason = Fields.Text(body.Reason, "reason", required: true, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The reopening is not valid", type: Problems.TypeOf("invalid-problem"));
        }
        var result = await audit.AuditedAsync(http, "reopen-problem", problemId,
            () => grains.GetGrain<IProblemRegister>(unitId.Key).ReopenProblemAsync(problemId, reason), r => r.Outcome.ToString(), r => r.Outcome == ProblemOutcome.Reopened);
        return result.Accepted ? TypedResults.Ok(ProblemDto.From(result.Problem!)) : Outcomes.Problem(result.Outcome, result.Detail, unitId.Id);
    }
}

/// <summary>A problem as a client raises it; <c>reportId</c> when the problem is one of those a report of the unit counts.</summary>
public sealed record ProblemRequest(string? ProblemId, string? Category, string? Description, DateOnly? RaisedOn, string? ReportId)
{
    public bool TryToDraft([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProblemDraft? draft, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var problemId = Fields.Id(ProblemId, "problemId", errors);
        var category = Fields.Category(Category, "category", errors);
        var description = Fields.Text(Description, "description", required: true, errors);
        var raisedOn = Fields.Date(RaisedOn, "raisedOn", errors);
        var reportId = ReportId is null ? null : Fields.Id(ReportId, "reportId", errors);
        draft = errors.Count == 0
            ? new ProblemDraft(problemId!, category!, description!, raisedOn!.Value, reportId is null ? ProblemSource.Manual : ProblemSource.Report, reportId)
            : null;
        return draft is not null;
    }
}

public sealed record ResolutionRequest(DateOnly? ResolvedOn, string? Note);

public sealed record ReopenRequest(string? Reason);

public sealed record ProblemDto(
    string UnitId,
    string ProblemId,
    string Category,
    string Description,
    DateOnly RaisedOn,
    string Source,
    string? SourceId,
    string Status,
    DateOnly? ResolvedOn,
    string? ResolutionNote,
    int TimesReopened,
    string? ReopenReason,
    DateTimeOffset RecordedAt,
    DateTimeOffset UpdatedAt)
{
    public static ProblemDto From(Problem problem) => new(
        problem.UnitId.Value,
        problem.ProblemId,
        problem.Category,
        problem.Description,
        problem.RaisedOn,
        problem.Source.ToString().ToLowerInvariant(),
        problem.SourceId,
        problem.IsOpen ? "open" : "resolved",
        problem.ResolvedOn,
        problem.ResolutionNote,
        problem.TimesReopened,
        problem.ReopenReason,
        problem.RecordedAt,
        problem.UpdatedAt);
}
