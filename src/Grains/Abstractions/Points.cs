using Orleans.Concurrency;

namespace Changdu;

/// <summary>
/// An entry of a unit's year-end points ledger (docs/domain.md, practice 8), given by an office above it
/// from a work bulletin: inspection results, seven-task completion, office building, major events,
/// media work, support for exchange meetings.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.PointEntry")]
public sealed record PointEntry(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string Bulletin,
    [property: Id(2)] string Category,
    [property: Id(3)] int Points,
    [property: Id(4)] string Reason,
    [property: Id(5)] DateOnly On)
{
    public const int MaxPoints = 100;
}

/// <summary>Points a rule gave (red flags, inspection findings, reporting completeness), shown beside the ledger.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.RulePoints")]
public sealed record RulePoints(
    [property: Id(0)] string Rule,
    [property: Id(1)] long Count,
    [property: Id(2)] decimal Points);

/// <summary>A unit's points for a year: its ledger, what the rules gave, and the total.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.PointsStatement")]
public sealed record PointsStatement(
    [property: Id(0)] UnitId UnitId,
    [property: Id(1)] int Year,
    [property: Id(2)] IReadOnlyList<PointEntry> Entries,
    [property: Id(3)] IReadOnlyList<RulePoints> Rules)
{
    public decimal Total => Entries.Sum(entry => entry.Points) + Rules.Sum(rule => rule.Points);
}

[GenerateSerializer, Immutable, Alias("Changdu.RankedPoints")]
public sealed record RankedPoints(
    [property: Id(0)] UnitId UnitId,
    [property: Id(1)] string Name,
    [property: Id(2)] int Rank,
    [property: Id(3)] decimal Points,
    [property: Id(4)] int? Prize);

/// <summary>An office's year-end ranking of its children by points, with first, second and third prizes; frozen once closed.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.YearEnd")]
public sealed record YearEnd(
    [property: Id(0)] UnitId Office,
    [property: Id(1)] int Year,
    [property: Id(2)] bool Closed,
    [property: Id(3)] IReadOnlyList<RankedPoints> Ranking,
    [property: Id(4)] DateTimeOffset AsOf,
    [property: Id(5)] string? ClosedBy);

[GenerateSerializer, Immutable, Alias("Changdu.YearEndResult")]
public sealed record YearEndResult(
    [property: Id(0)] CloseOutcome Outcome,
    [property: Id(1)] YearEnd? YearEnd,
    [property: Id(2)] string? Detail);

public enum PointsOutcome
{
    Recorded = 1,
    AlreadyStored = 2,
    UnknownUnit = 10,
    EntryIdTaken = 11,
}

[GenerateSerializer, Immutable, Alias("Changdu.PointsResult")]
public sealed record PointsResult(
    [property: Id(0)] PointsOutcome Outcome,
    [property: Id(1)] PointEntry? Entry,
    [property: Id(2)] string? Detail);

[Alias("Changdu.IPointsLedger")]
public interface IPointsLedger : IGrainWithStringKey
{
    [Alias("RecordPoints")] Task<PointsResult> RecordPointsAsync(PointEntry entry);

    /// <summary>The unit's ledger and rule points for <paramref name="year"/>, red flags excepted (its parent adds those); null when the unit does not exist.</summary>
    [Alias("GetOwnPoints"), AlwaysInterleave] Task<PointsStatement?> GetOwnPointsAsync(int year);

    /// <summary>The unit's whole statement for the year, red flags included.</summary>
    [Alias("GetPoints")] Task<PointsStatement?> GetPointsAsync(int year);

    /// <summary>The children ranked by their year's points; frozen once closed. Null when the unit has no children.</summary>
    [Alias("GetYearEnd"), ResponseTimeout("00:00:30")] Task<YearEnd?> GetYearEndAsync(int year);

    /// <summary>Freezes the year's ranking and prizes; only once the year has ended.</summary>
    [Alias("CloseYear"), ResponseTimeout("00:00:30")] Task<YearEndResult> CloseYearAsync(int year, string closedBy);
}
