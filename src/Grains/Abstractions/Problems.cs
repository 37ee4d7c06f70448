using Orleans.Concurrency;

namespace Changdu;

/// <summary>Where a problem came from: a report's meeting, an inspection finding, or raised by hand.</summary>
public enum ProblemSource
{
    Report = 1,
    Inspection = 2,
    Manual = 3,
}

/// <summary>A problem to raise at a unit; <see cref="SourceId"/> names the report or inspection round it came from.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.ProblemDraft")]
public sealed record ProblemDraft(
    [property: Id(0)] string ProblemId,
    [property: Id(1)] string Category,
    [property: Id(2)] string Description,
    [property: Id(3)] DateOnly RaisedOn,
    [property: Id(4)] ProblemSource Source,
    [property: Id(5)] string? SourceId);

/// <summary>A problem in a unit's register (docs/domain.md, practice 2): open until resolved; a resolved one may be reopened.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.Problem")]
public sealed record Problem(
    [property: Id(0)] UnitId UnitId,
    [property: Id(1)] string ProblemId,
    [property: Id(2)] string Category,
    [property: Id(3)] string Description,
    [property: Id(4)] DateOnly RaisedOn,
    [property: Id(5)] ProblemSource Source,
    [property: Id(6)] string? SourceId,
    [property: Id(7)] DateOnly? ResolvedOn,
    [property: Id(8)] string? ResolutionNote,
    [property: Id(9)] int TimesReopened,
    [property: Id(10)] DateTimeOffset RecordedAt,
    [property: Id(11)] DateTimeOffset UpdatedAt)
{
    [Id(12)] public string? ReopenReason { get; init; }

    public bool IsOpen => ResolvedOn is null;

    /// <summary>A problem raised from a report is counted by that report's figures, not again by the register.</summary>
    public bool CountedByReport => Source == ProblemSource.Report;

    public bool HasContentOf(ProblemDraft draft) =>
        draft.ProblemId == ProblemId && draft.Category == Category && draft.Description == Description
        && draft.RaisedOn == RaisedOn && draft.Source == Source && draft.SourceId == SourceId;
}

public enum ProblemOutcome
{
    Raised = 1,
    AlreadyStored = 2,
    Resolved = 3,
    Reopened = 4,
    UnknownUnit = 10,
    UnknownProblem = 11,
    ProblemIdTaken = 12,
    UnknownSource = 13,
    MoreProblemsThanReported = 14,
    AlreadyResolved = 15,
    NotResolved = 16,
    DateOutOfOrder = 17,
}

[GenerateSerializer, Immutable, Alias("Changdu.ProblemResult")]
public sealed record ProblemResult(
    [property: Id(0)] ProblemOutcome Outcome,
    [property: Id(1)] Problem? Problem,
    [property: Id(2)] string? Detail)
{
    public bool Accepted => Outcome is ProblemOutcome.Raised or ProblemOutcome.AlreadyStored or ProblemOutcome.Resolved or ProblemOutcome.Reopened;
}

/// <summary>The open registered problems of a subtree and how long the oldest and the median one have waited.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.OpenProblemAges")]
public sealed record OpenProblemAges(
    [property: Id(0)] long Open,
    [property: Id(1)] int? OldestDays,
    [property: Id(2)] int? MedianDays)
{
    /// <summary>Ages as of <paramref name="today"/>; the median of an even count is the older of the two middle ones.</summary>
    public static OpenProblemAges Of(IReadOnlyDictionary<DateOnly, long> openByRaisedDay, DateOnly today)
    {
        var open = openByRaisedDay.Values.Sum();
        if (open == 0)
        {
            return new OpenProblemAges(0, null, null);
        }
        var days = openByRaisedDay.OrderBy(entry => entry.Key).ToList();
        var middle = (open + 1) / 2;
        var seen = 0L;
        var median = days[^1].Key;
        foreach (var (raisedOn, count) in days)
        {
            seen += count;
            if (seen >= middle)
            {
                median = raisedOn;
                break;
            }
        }
        return new OpenProblemAges(open, today.DayNumber - days[0].Key.DayNumber, today.DayNumber - median.DayNumber);
    }
}

/// <summary>A unit's problem register: raise, resolve, reopen, read.</summary>
[Alias("Changdu.IProblemRegister")]
public interface IProblemRegister : IGrainWithStringKey
{
    [Alias("RaiseProblem")] Task<ProblemResult> RaiseProblemAsync(ProblemDraft draft);

    [Alias("ResolveProblem")] Task<ProblemResult> ResolveProblemAsync(string problemId, DateOnly resolvedOn, string note);

    [Alias("ReopenProblem")] Task<ProblemResult> ReopenProblemAsync(string problemId, string? reason);

    [Alias("GetProblem")] Task<Problem?> GetProblemAsync(string problemId);

    /// <summary>The unit's own problems, oldest first; only the open ones when <paramref name="openOnly"/>. Null when the unit does not exist.</summary>
    [Alias("ListProblems")] Task<IReadOnlyList<Problem>?> ListProblemsAsync(bool openOnly);

    /// <summary>
    /// A correction of the unit's report <paramref name="reportId"/> to <paramref name="problems"/>
    /// problems asks first: null when the register holds (or is raising) no more than that, and then
    /// raises no more until <see cref="EndCapAsync"/>; otherwise how many it holds. Interleaves: the
    /// register may be waiting on the unit for that very report.
    /// </summary>
    [Alias("CapRaisedFrom"), AlwaysInterleave] Task<int?> CapRaisedFromAsync(string reportId, long problems);

    /// <summary>The correction asked for by <see cref="CapRaisedFromAsync"/> is stored, or failed: the report's own figure bounds raising again.</summary>
    [Alias("EndCap"), AlwaysInterleave] Task EndCapAsync(string reportId);
}
