using Orleans.Concurrency;

namespace Changdu;

/// <summary>
/// The indicators a child is scored on for a month (docs/domain.md, practice 3), each from 0 to 1, taken
/// from the child's rollup for that month: reports received and received on time against those
/// expected, problems resolved against identified, inspection findings per unit (fewer is better)
/// and people trained per unit.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.Indicators")]
public sealed record Indicators(
    [property: Id(0)] decimal Completeness,
    [property: Id(1)] decimal Timeliness,
    [property: Id(2)] decimal Resolution,
    [property: Id(3)] decimal Inspection,
    [property: Id(4)] decimal Training);

[GenerateSerializer, Immutable, Alias("Changdu.AssessedUnit")]
public sealed record AssessedUnit(
    [property: Id(0)] UnitId UnitId,
    [property: Id(1)] string Name,
    [property: Id(2)] int Rank,
    [property: Id(3)] decimal Score,
    [property: Id(4)] Indicators Indicators,
    [property: Id(5)] bool Flag);

/// <summary>
/// An office's monthly assessment of its children: provisional (live) during and after the month
/// until it is closed, then frozen. <see cref="ClosedBy"/> is "schedule" or the closing office's
/// caller.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.Assessment")]
public sealed record Assessment(
    [property: Id(0)] UnitId Office,
    [property: Id(1)] Period Month,
    [property: Id(2)] bool Closed,
    [property: Id(3)] string RulesVersion,
    [property: Id(4)] IReadOnlyList<AssessedUnit> Ranking,
    [property: Id(5)] DateTimeOffset AsOf,
    [property: Id(6)] string? ClosedBy)
{
    public int Flags => Ranking.Count(unit => unit.Flag);
}

/// <summary>A red flag a unit received: from which office, for which month, at which rank among how many.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.FlagAward")]
public sealed record FlagAward(
    [property: Id(0)] UnitId Office,
    [property: Id(1)] Period Month,
    [property: Id(2)] int Rank,
    [property: Id(3)] int Assessed,
    [property: Id(4)] decimal Score);

public enum CloseOutcome
{
    Closed = 1,
    AlreadyClosed = 2,
    UnknownUnit = 10,
    NoChildren = 11,
    PeriodNotEnded = 12,
}

[GenerateSerializer, Immutable, Alias("Changdu.CloseResult")]
public sealed record CloseResult(
    [property: Id(0)] CloseOutcome Outcome,
    [property: Id(1)] Assessment? Assessment,
    [property: Id(2)] string? Detail);

/// <summary>An office assessing its children month by month; flags come only from its ranking rule.</summary>
[Alias("Changdu.IAssessingOffice")]
public interface IAssessingOffice : IGrainWithStringKey
{
    /// <summary>The month's ranking: frozen once closed, otherwise computed live. Null when the unit does not exist or has no children.</summary>
    [Alias("GetAssessment")] Task<Assessment?> GetAssessmentAsync(Period month);

    [Alias("CloseMonth")] Task<CloseResult> CloseMonthAsync(Period month, string closedBy);

    /// <summary>Closes the months whose closing day has come (the schedule); returns the children, for a walk of the tree.</summary>
    [Alias("CloseDueMonths"), ResponseTimeout("00:00:30")] Task<IReadOnlyList<UnitId>> CloseDueMonthsAsync();

    /// <summary>
    /// Closes <paramref name="month"/> as <see cref="CloseDueMonthsAsync"/> would, for the schedule's due-list: answers false
    /// while the month's closing day has not come by this office's clock (the list keeps it), true once nothing is left to do.
    /// </summary>
    [Alias("CloseListedMonth"), ResponseTimeout("00:00:30")] Task<bool> CloseListedMonthAsync(Period month);

    /// <summary>The red flags this office gave <paramref name="child"/> in closed months, newest first.</summary>
    [Alias("GetFlagsOf"), AlwaysInterleave] Task<IReadOnlyList<FlagAward>> GetFlagsOfAsync(UnitId child);
}
