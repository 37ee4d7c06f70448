namespace Changdu.Grains;

/// <summary>The unit's problem register (DOMAIN practice 2).</summary>
public sealed partial class UnitGrain
{
    public async Task<ProblemResult> RaiseProblemAsync(ProblemDraft draft)
    {
        if (Definition is null)
        {
            return new ProblemResult(ProblemOutcome.UnknownUnit, null, $"There is no unit {Id}.");
        }
        if (_problemRegister.ById.TryGetValue(draft.ProblemId, out var existing))
        {
            return existing.HasContentOf(draft)
                ? new ProblemResult(ProblemOutcome.AlreadyStored, existing, null)
                : new ProblemResult(ProblemOutcome.ProblemIdTaken, existing, $"Problem '{draft.ProblemId}' was already raised with different content.");
        }
        if (draft.RaisedOn > Today)
        {
            return new ProblemResult(ProblemOutcome.DateOutOfOrder, null, $"A problem cannot be raised on {draft.RaisedOn:yyyy-MM-dd}, after today ({Today:yyyy-MM-dd}).");
        }
        if (draft.Source == ProblemSource.Report)
        {
            if (draft.SourceId is null || !_reports.ContainsKey(draft.SourceId) || await ReportAsync(draft.SourceId) is not { } report)
            {
                return new ProblemResult(ProblemOutcome.UnknownSource, null, $"Unit {Id} has no report '{draft.SourceId}' to raise the problem from.");
            }
            if (ProblemsRaisedFrom(report.ReportId) >= report.Figures.ProblemsIdentified)
            {
                return new ProblemResult(ProblemOutcome.MoreProblemsThanReported, null,
                    $"Report '{report.ReportId}' counts {report.Figures.ProblemsIdentified} problems and all of them are in the register already.");
            }
        }

        var now = clock.GetUtcNow();
        var problem = new Problem(Id, draft.ProblemId, draft.Category, draft.Description, draft.RaisedOn, draft.Source, draft.SourceId, null, null, 0, now, now);
        await CommitAsync([_rows.Problems.Put(problem.ProblemId, problem)], ProblemOutcome.Raised.ToString(), Contribution.Problems);
        return new ProblemResult(ProblemOutcome.Raised, problem, null);
    }

    public async Task<ProblemResult> ResolveProblemAsync(string problemId, DateOnly resolvedOn, string note)
    {
        if (FindProblem(problemId, out var failure) is not { } problem)
        {
            return failure;
        }
        if (!problem.IsOpen)
        {
            return problem.ResolvedOn == resolvedOn && problem.ResolutionNote == note
                ? new ProblemResult(ProblemOutcome.AlreadyStored, problem, null)
                : new ProblemResult(ProblemOutcome.AlreadyResolved, problem, $"Problem '{problemId}' was resolved on {problem.ResolvedOn:yyyy-MM-dd}; reopen it first.");
        }
        if (resolvedOn < problem.RaisedOn || resolvedOn > Today)
        {
            return new ProblemResult(ProblemOutcome.DateOutOfOrder, problem,
                $"Problem '{problemId}' was raised on {problem.RaisedOn:yyyy-MM-dd}; it can be resolved from then until today ({Today:yyyy-MM-dd}).");
        }
        var resolved = problem with { ResolvedOn = resolvedOn, ResolutionNote = note, UpdatedAt = clock.GetUtcNow() };
        await CommitAsync([_rows.Problems.Put(problemId, resolved)], ProblemOutcome.Resolved.ToString(), Contribution.Problems);
        return new ProblemResult(ProblemOutcome.Resolved, resolved, null);
    }

    public async Task<ProblemResult> ReopenProblemAsync(string problemId, string? reason)
    {
        if (FindProblem(problemId, out var failure) is not { } problem)
        {
            return failure;
        }
        if (problem.IsOpen)
        {
            return new ProblemResult(ProblemOutcome.NotResolved, problem, $"Problem '{problemId}' is open; only a resolved problem can be reopened.");
        }
        var reopened = problem with
        {
            ResolvedOn = null,
            ResolutionNote = null,
            ReopenReason = reason,
            TimesReopened = problem.TimesReopened + 1,
            UpdatedAt = clock.GetUtcNow(),
        };
        await CommitAsync([_rows.Problems.Put(problemId, reopened)], ProblemOutcome.Reopened.ToString(), Contribution.Problems);
        return new ProblemResult(ProblemOutcome.Reopened, reopened, null);
    }

    public Task<Problem?> GetProblemAsync(string problemId) =>
        Task.FromResult(Definition is null ? null : _problemRegister.ById.GetValueOrDefault(problemId));

    public Task<IReadOnlyList<Problem>?> ListProblemsAsync(bool openOnly) =>
        Task.FromResult<IReadOnlyList<Problem>?>(Definition is null
            ? null
            : _problemRegister.ById.Values.Where(problem => !openOnly || problem.IsOpen)
                .OrderBy(problem => problem.RaisedOn).ThenBy(problem => problem.ProblemId, StringComparer.Ordinal).ToList());

    Problem? FindProblem(string problemId, out ProblemResult failure)
    {
        failure = Definition is null
            ? new ProblemResult(ProblemOutcome.UnknownUnit, null, $"There is no unit {Id}.")
            : new ProblemResult(ProblemOutcome.UnknownProblem, null, $"Unit {Id} has no problem '{problemId}'.");
        return Definition is null ? null : _problemRegister.ById.GetValueOrDefault(problemId);
    }

    int ProblemsRaisedFrom(string reportId) =>
        _problemRegister.ById.Values.Count(problem => problem.CountedByReport && problem.SourceId == reportId);

    /// <summary>
    /// Problems count in the month they were raised and resolved; those raised from a report are
    /// already in its figures. Every open one counts towards the ages, whatever its source.
    /// Findings are the problems inspections raised here.
    /// </summary>
    void AddProblems(SummaryBuilder summary)
    {
        foreach (var problem in _problemRegister.ById.Values)
        {
            if (problem.IsOpen)
            {
                summary.AddOpenProblem(problem.RaisedOn);
            }
            if (problem.CountedByReport)
            {
                continue;
            }
            summary.Add(MonthOf(problem.RaisedOn), new Totals(0, 0, 1, 0) { Findings = problem.Source == ProblemSource.Inspection ? 1 : 0 });
            if (problem.ResolvedOn is { } resolvedOn)
            {
                summary.Add(MonthOf(resolvedOn), new Totals(0, 0, 0, 1));
            }
        }
    }
}
