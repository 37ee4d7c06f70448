using Orleans.Concurrency;

namespace Changdu;

/// <summary>
/// A concern grain of a unit, keyed by the unit's id: it keeps its facts and counts its part of the
/// unit's summary (docs/architecture.md §4), writing that part as the unit's rows with the facts.
/// </summary>
public interface IUnitPart : IGrainWithStringKey
{
    /// <summary>
    /// Counts the part again from the facts and writes the entries that differ from the unit's rows:
    /// a store written before parts were kept, or counted by older rules. The unit calls it while it
    /// activates, so it interleaves and never calls the unit.
    /// </summary>
    [Alias("Reconcile"), AlwaysInterleave, ResponseTimeout("00:00:30")] Task ReconcileAsync(UnitDefinition unit);

    /// <summary>Activates the grain, which tells its unit its whole part: what waking a marked part after a crash asks.</summary>
    [Alias("Wake")] Task WakeAsync();
}

/// <summary>The office's work: trainings, inspections, the monthly assessment and points.</summary>
[Alias("Changdu.IOfficePart")]
public interface IOfficePart : IUnitPart;

/// <summary>A team's duty: roster, check-ins, leave, absences, feedback and cards issued.</summary>
[Alias("Changdu.IDutyPart")]
public interface IDutyPart : IUnitPart;

/// <summary>The problem register.</summary>
[Alias("Changdu.IProblemsPart")]
public interface IProblemsPart : IUnitPart;

/// <summary>
/// Listings of a subtree (leave roster, absence bulletin, units owing reports, reports filed, units
/// not yet inspected), walked by a stateless worker: it asks each unit on the way for what it holds and
/// which children to visit, and holds none of them while it goes on.
/// </summary>
[Alias("Changdu.ISubtreeListing")]
public interface ISubtreeListing : IGrainWithIntegerKey
{
    [Alias("ListLeave"), ResponseTimeout("00:00:30")] Task<IReadOnlyList<Leave>> ListLeaveAsync(UnitId root, Period month);

    [Alias("ListAbsences"), ResponseTimeout("00:00:30")] Task<IReadOnlyList<Absence>> ListAbsencesAsync(UnitId root, Period month);

    [Alias("FindMissing"), ResponseTimeout("00:00:30")] Task<IReadOnlyList<MissingReports>> FindMissingAsync(UnitId root, PeriodRange range, int limit);

    /// <summary>Reports filed in the subtree for periods inside <paramref name="range"/>, at most <paramref name="limit"/>; only subtrees whose held counts show reports are visited.</summary>
    [Alias("ListReports"), ResponseTimeout("00:00:30")] Task<IReadOnlyList<ListedReport>> ListReportsAsync(UnitId root, PeriodRange range, int limit);

    [Alias("ListUninspected"), ResponseTimeout("00:00:30")] Task<IReadOnlyList<UnitRef>> ListUninspectedAsync(UnitId root, int year, int limit);
}
