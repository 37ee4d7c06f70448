using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changdu.Grains;

/// <summary>A unit's problem register (docs/domain.md, practice 2): problems raised, resolved and reopened.</summary>
public sealed class ProblemRegisterGrain(
    IOptions<ReportingOptions> reporting,
    IOptions<RollupOptions> rollup,
    TimeProvider clock,
    ProgrammeClock programme,
    IFactStore facts,
    FactCodec codec,
    ILogger<ProblemRegisterGrain> logger) : UnitPartGrain(facts, codec, clock, programme, rollup, logger), IProblemsPart, IProblemRegister
{
    public const string Concern = "problems";

    readonly Dictionary<string, Problem> _problems = new(StringComparer.Ordinal);
    // Raises from a report being written, and the figures corrections in progress allow, by report:
    // the register and the unit check the same bound from two grains, so each sees the other's pending side.
    readonly Dictionary<string, int> _raising = new(StringComparer.Ordinal);
    readonly Dictionary<string, long> _caps = new(StringComparer.Ordinal);
    FactTable<string, Problem> _rows = null!;

    protected override string ConcernName => Concern;

    protected override void DeclareTables(FactTables tables) => _rows = tables.Add("problem", _problems);

    DateOnly Today => reporting.Value.LocalDay(Programme.GetUtcNow());

    public async Task<ProblemResult> RaiseProblemAsync(ProblemDraft draft)
    {
        if (await DefinitionAsync() is not { } unit)
        {
            return new ProblemResult(ProblemOutcome.UnknownUnit, null, $"There is no unit {Id}.");
        }
        if (_problems.TryGetValue(draft.ProblemId, out var existing))
        {
            return existing.HasContentOf(draft)
                ? new ProblemResult(ProblemOutcome.AlreadyStored, existing, null)
                : new ProblemResult(ProblemOutcome.ProblemIdTaken, existing, $"Problem '{draft.ProblemId}' was already raised with different content.");
        }
        if (draft.RaisedOn > Today)
        {
            return new ProblemResult(ProblemOutcome.DateOutOfOrder, null, $"A problem cannot be raised on {draft.RaisedOn:yyyy-MM-dd}, after today ({Today:yyyy-MM-dd}).");
        }
        var now = Programme.GetUtcNow();
        var problem = new Problem(Id, draft.ProblemId, draft.Category, draft.Description, draft.RaisedOn, draft.Source, draft.SourceId, null, null, 0, now, now);
        if (draft.Source != ProblemSource.Report)
        {
            await StoreAsync(problem, null, ProblemOutcome.Raised, unit);
            return new ProblemResult(ProblemOutcome.Raised, problem, null);
        }
        if (draft.SourceId is not { } reportId)
        {
            return new ProblemResult(ProblemOutcome.UnknownSource, null, $"Unit {Id} has no report '' to raise the problem from.");
        }
        // Reserved before the report is read, so a correction asking meanwhile counts this one.
        _raising[reportId] = _raising.GetValueOrDefault(reportId) + 1;
        try
        {
            if (await Unit.GetReportAsync(reportId) is not { } report)
            {
                return new ProblemResult(ProblemOutcome.UnknownSource, null, $"Unit {Id} has no report '{reportId}' to raise the problem from.");
            }
            var allowed = Math.Min(report.Figures.ProblemsIdentified, _caps.GetValueOrDefault(reportId, long.MaxValue));
            if (RaisedFrom(reportId) + _raising[reportId] > allowed)
            {
                return new ProblemResult(ProblemOutcome.MoreProblemsThanReported, null,
                    $"Report '{reportId}' counts {allowed} problems and all of them are in the register already.");
            }
            await StoreAsync(problem, null, ProblemOutcome.Raised, unit);
            return new ProblemResult(ProblemOutcome.Raised, problem, null);
        }
        finally
        {
            if (--_raising[reportId] == 0)
            {
                _raising.Remove(reportId);
            }
        }
    }

    public async Task<ProblemResult> ResolveProblemAsync(string problemId, DateOnly resolvedOn, string note)
    {
        var (problem, failure) = await FindAsync(problemId);
        if (problem is null)
        {
            return failure!;
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
        var resolved = problem with { ResolvedOn = resolvedOn, ResolutionNote = note, UpdatedAt = Programme.GetUtcNow() };
        await StoreAsync(resolved, problem, ProblemOutcome.Resolved, null);
        return new ProblemResult(ProblemOutcome.Resolved, resolved, null);
    }

    public async Task<ProblemResult> ReopenProblemAsync(string problemId, string? reason)
    {
        var (problem, failure) = await FindAsync(problemId);
        if (problem is null)
        {
            return failure!;
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
            UpdatedAt = Programme.GetUtcNow(),
        };
        await StoreAsync(reopened, problem, ProblemOutcome.Reopened, null);
        return new ProblemResult(ProblemOutcome.Reopened, reopened, null);
    }

    public async Task<Problem?> GetProblemAsync(string problemId) =>
        await DefinitionAsync() is null ? null : _problems.GetValueOrDefault(problemId);

    public async Task<IReadOnlyList<Problem>?> ListProblemsAsync(bool openOnly) =>
        await DefinitionAsync() is null
            ? null
            : _problems.Values.Where(problem => !openOnly || problem.IsOpen)
                .OrderBy(problem => problem.RaisedOn).ThenBy(problem => problem.ProblemId, StringComparer.Ordinal).ToList();

    public Task<int?> CapRaisedFromAsync(string reportId, long problems)
    {
        var held = RaisedFrom(reportId) + _raising.GetValueOrDefault(reportId);
        if (held > problems)
        {
            return Task.FromResult<int?>(held);
        }
        _caps[reportId] = Math.Min(problems, _caps.GetValueOrDefault(reportId, long.MaxValue));
        return Task.FromResult<int?>(null);
    }

    public Task EndCapAsync(string reportId)
    {
        _caps.Remove(reportId);
        return Task.CompletedTask;
    }

    protected override Summary CountPart(UnitDefinition? unit) =>
        _problems.Values.Aggregate(new SummaryBuilder(), (summary, problem) => summary.Add(ContributionOf(problem))).Build();

    async Task StoreAsync(Problem problem, Problem? before, ProblemOutcome outcome, UnitDefinition? unit) =>
        await CommitAsync([_rows.Put(problem.ProblemId, problem)], outcome.ToString(), unit,
            Summary.Difference(before is null ? Summary.Empty : ContributionOf(before), ContributionOf(problem)));

    async Task<(Problem? Problem, ProblemResult? Failure)> FindAsync(string problemId)
    {
        if (await DefinitionAsync() is null)
        {
            return (null, new ProblemResult(ProblemOutcome.UnknownUnit, null, $"There is no unit {Id}."));
        }
        return _problems.TryGetValue(problemId, out var problem)
            ? (problem, null)
            : (null, new ProblemResult(ProblemOutcome.UnknownProblem, null, $"Unit {Id} has no problem '{problemId}'."));
    }

    int RaisedFrom(string reportId) => _problems.Values.Count(problem => problem.CountedByReport && problem.SourceId == reportId);

    /// <summary>
    /// A problem counts in the month it was raised and the month it was resolved, unless raised from
    /// a report, whose figures count it already; every open one counts towards the ages, whatever its
    /// source. Findings are the problems inspections raised here.
    /// </summary>
    static Summary ContributionOf(Problem problem)
    {
        var summary = new SummaryBuilder();
        if (problem.IsOpen)
        {
            summary.AddOpenProblem(problem.RaisedOn);
        }
        if (!problem.CountedByReport)
        {
            summary.Add(MonthOf(problem.RaisedOn), new Totals(0, 0, 1, 0) { Findings = problem.Source == ProblemSource.Inspection ? 1 : 0 });
            if (problem.ResolvedOn is { } resolvedOn)
            {
                summary.Add(MonthOf(resolvedOn), new Totals(0, 0, 0, 1));
            }
        }
        return summary.Build();
    }
}
