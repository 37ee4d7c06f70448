using Orleans.Concurrency;

namespace Changdu;

/// <summary>A unit's side of the rollup protocol (docs/architecture.md §4): children offer summaries, readers read and watch.</summary>
[Alias("Changdu.IRollupNode")]
public interface IRollupNode : IGrainWithStringKey
{
    /// <summary>The rollup for a period (all time when null), or null when no such unit exists.</summary>
    [Alias("GetRollup")] Task<RollupView?> GetRollupAsync(PeriodRange? period);

    /// <summary>The unit's totals for each period of <paramref name="interval"/> within <paramref name="range"/>, or null when no such unit exists.</summary>
    [Alias("GetSeries")] Task<IReadOnlyList<SeriesPoint>?> GetSeriesAsync(PeriodRange range, PeriodKind interval);

    /// <summary>
    /// A child's latest summary; kept when newer than what is held. Idempotent and order-free. Times out
    /// early: the child holds its turn while offering, and simply offers again on its next tick.
    /// </summary>
    [Alias("OfferChildSummary"), ResponseTimeout("00:00:02")] Task<OfferReceipt> OfferChildSummaryAsync(ChildOffer offer);

    /// <summary>
    /// Completes with the unit's version once it exceeds <paramref name="knownVersion"/>, or after <paramref name="maxWait"/>
    /// (a long-poll: it may outlast the short response timeout that makes other calls to a dead silo fail fast).
    /// </summary>
    [Alias("WaitForChange"), AlwaysInterleave, ResponseTimeout("00:00:30")]
    Task<long> WaitForChangeAsync(long knownVersion, TimeSpan maxWait);

    /// <summary>
    /// Units of the subtree (this one included) missing reports for periods inside <paramref name="range"/>,
    /// at most <paramref name="limit"/>; only subtrees whose counts fall short are visited.
    /// </summary>
    [Alias("FindMissing"), AlwaysInterleave, ResponseTimeout("00:00:30")]
    Task<IReadOnlyList<MissingReports>> FindMissingAsync(PeriodRange range, int limit);

    /// <summary>The unit's own missing reports in <paramref name="range"/> and the children whose counts fall short.</summary>
    [Alias("GetMissingHere")] Task<MissingHere> GetMissingHereAsync(PeriodRange range);

    /// <summary>The unit's own reports for periods inside <paramref name="range"/> (at most <paramref name="limit"/>, oldest period first) and the children whose held summary counts reports in it.</summary>
    [Alias("GetReportsHere")] Task<ReportsHere> GetReportsHereAsync(PeriodRange range, int limit);

    /// <summary>Children whose held summary counts some <paramref name="measure"/> in <paramref name="month"/>.</summary>
    [Alias("ListChildrenCounting")] Task<IReadOnlyList<UnitId>> ListChildrenCountingAsync(Period month, ListingMeasure measure);

    /// <summary>Children below which (the child itself aside) some unit was not inspected in <paramref name="year"/>, or which offered nothing yet.</summary>
    [Alias("ListChildrenShortOfInspection")] Task<IReadOnlyList<UnitRef>> ListChildrenShortOfInspectionAsync(int year);

    /// <summary>Units of each tier of the subtree and how many were inspected in <paramref name="year"/>; null when no such unit exists.</summary>
    [Alias("GetInspectionCoverage")] Task<IReadOnlyList<TierCoverage>?> GetInspectionCoverageAsync(int year);

    /// <summary>The subtree's duty for each day of <paramref name="days"/>; null when no such unit exists.</summary>
    [Alias("GetDutyDays")] Task<IReadOnlyList<DutyDay>?> GetDutyDaysAsync(DateSpan days);

    /// <summary>A concern grain's part changed; answers the version of the part the unit now holds.</summary>
    [Alias("OfferPart"), ResponseTimeout("00:00:10")] Task<long> OfferPartAsync(PartOffer offer);

    /// <summary>
    /// Wakes the unit so it re-offers its summary upward; a unit active since before <paramref name="sweptFrom"/>
    /// (when the sweep began, after a crash) reads its concern grains' parts again from its rows, as a
    /// message of theirs may have died with a silo. Returns its children for a sweep of the tree.
    /// Activation reads the store, which may be slow while the whole tree wakes at once.</summary>
    [Alias("Resume"), ResponseTimeout("00:00:30")] Task<IReadOnlyList<UnitId>> ResumeAsync(DateTimeOffset sweptFrom);
}
