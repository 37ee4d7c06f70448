namespace Changdu;

/// <summary>
/// A unit's totals for a period (all time when null) and each child's, at a version of the unit,
/// with the reports the subtree should have filed in that period (none for all time).
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.RollupView")]
public sealed record RollupView(
    [property: Id(0)] UnitId UnitId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Tier,
    [property: Id(3)] PeriodRange? Period,
    [property: Id(4)] Totals Totals,
    [property: Id(5)] IReadOnlyList<ChildRollup> Children,
    [property: Id(6)] long Version,
    [property: Id(7)] DateTimeOffset AsOf,
    [property: Id(8)] long? ExpectedReports)
{
    /// <summary>Per cadence, for a period (empty for all time).</summary>
    [Id(9)] public IReadOnlyList<CadenceCompleteness> Completeness { get; init; } = [];

    /// <summary>The subtree's open registered problems and their ages today, whatever the period.</summary>
    [Id(10)] public OpenProblemAges OpenProblems { get; init; } = new(0, null, null);
}

[GenerateSerializer, Immutable, Alias("Changdu.ChildRollup")]
public sealed record ChildRollup(
    [property: Id(0)] UnitId UnitId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Tier,
    [property: Id(3)] Totals Totals,
    [property: Id(4)] long? ExpectedReports)
{
    /// <summary>Units in the child's subtree, by what the parent holds of it: none while it has offered nothing.</summary>
    [Id(5)] public long Units { get; init; }
}

/// <summary>
/// What a concern grain of a unit (office work, duty, problems) tells its unit: the entries of its
/// part of the unit's summary changed since the unit last confirmed a version (a zero says the entry
/// is gone), or the whole part. The entries are already durable as the unit's rows, written in the
/// same transaction as the facts that changed them.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.PartOffer")]
public sealed record PartOffer(
    [property: Id(0)] string Part,
    [property: Id(1)] long Version,
    [property: Id(2)] Summary Changes,
    [property: Id(3)] bool IsWhole);

/// <summary>What a unit's own reports miss in a range, and the children whose held counts fall short (the only ones a listing visits).</summary>
[GenerateSerializer, Immutable, Alias("Changdu.MissingHere")]
public sealed record MissingHere(
    [property: Id(0)] MissingReports? Own,
    [property: Id(1)] IReadOnlyList<UnitId> ShortChildren);

/// <summary>A unit's own reports for a range, and the children whose held counts show reports in it (the only ones a listing visits).</summary>
[GenerateSerializer, Immutable, Alias("Changdu.ReportsHere")]
public sealed record ReportsHere(
    [property: Id(0)] IReadOnlyList<ListedReport> Own,
    [property: Id(1)] IReadOnlyList<UnitId> ReportingChildren);

/// <summary>A report with the unit that filed it, as a listing of a subtree's reports shows it.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.ListedReport")]
public sealed record ListedReport(
    [property: Id(0)] UnitRef Unit,
    [property: Id(1)] Report Report);

/// <summary>A figure of the held summaries by which a listing picks the children to visit.</summary>
public enum ListingMeasure
{
    LeaveRecords,
    Absences,
}

/// <summary>
/// What a child offers its parent, tagged with the child's version: the entries changed since
/// <see cref="BaseVersion"/> (the version the child believes the parent holds; a zero value says
/// the entry is gone), or, without a base, its whole summary.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.ChildOffer")]
public sealed record ChildOffer(
    [property: Id(0)] UnitId Child,
    [property: Id(1)] long Version,
    [property: Id(2)] Summary Summary,
    [property: Id(3)] DateTimeOffset ChangedSince)
{
    [Id(4)] public long? BaseVersion { get; init; }

    public bool IsWhole => BaseVersion is null;
}

/// <summary>
/// What the parent holds of a child: the version it has, and the version it has written durably.
/// A held version other than the one offered means the offer's base did not match and nothing was applied.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.OfferReceipt")]
public sealed record OfferReceipt(
    [property: Id(0)] long HeldVersion,
    [property: Id(1)] long DurableVersion);

/// <summary>A unit's totals for one period of a series (a chart's point).</summary>
[GenerateSerializer, Immutable, Alias("Changdu.SeriesPoint")]
public sealed record SeriesPoint(
    [property: Id(0)] Period Period,
    [property: Id(1)] Totals Totals);

/// <summary>Reports of one cadence the subtree should have filed in a period, those received, and those received on time.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.CadenceCompleteness")]
public sealed record CadenceCompleteness(
    [property: Id(0)] Cadence Cadence,
    [property: Id(1)] long Expected,
    [property: Id(2)] long Received,
    [property: Id(3)] long OnTime);

/// <summary>A unit that has not filed every report its cadences call for in a period, and the periods it missed.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.MissingReports")]
public sealed record MissingReports(
    [property: Id(0)] UnitRef Unit,
    [property: Id(1)] IReadOnlyList<Period> Periods);
