namespace Changdu.Grains;

// The unit's facts in memory, one dictionary per kind of row (UnitGrain.Rows.cs); each entry is a row of the fact store.

/// <summary>The unit's problem register.</summary>
public sealed class ProblemsState
{
    public Dictionary<string, Problem> ById { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>What the unit does as an office: classes and meetings it held, inspection rounds it opened, months it closed.</summary>
public sealed class OfficeState
{
    public Dictionary<string, Training> Trainings { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, InspectionRound> Rounds { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<Period, Assessment> ClosedMonths { get; set; } = [];
    public Dictionary<string, PointEntry> Points { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<int, YearEnd> ClosedYears { get; set; } = [];
    public Dictionary<string, DateOnly> CardsIssued { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, VillagerFeedback> Feedback { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every cadre who served here, now or before: the roster now, who was on duty which day, and whose dispatching unit an absence counts against.</summary>
    public Dictionary<string, Member> Members { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A cadre's time at a unit: the dispatching unit they came from and each stint, with the role held.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.Grains.Member")]
public sealed record Member([property: Id(0)] string DispatchingUnitId, [property: Id(1)] IReadOnlyList<Stint> Stints)
{
    /// <summary>The open stint, always the last (a cadre departs before joining again): the cadre is on the roster now.</summary>
    public Stint? Current => Stints.Count > 0 && Stints[^1].Span.Until is null ? Stints[^1] : null;

    public bool ServesOn(DateOnly day) => Stints.Any(stint => stint.Span.Covers(day));
}

[GenerateSerializer, Immutable, Alias("Changdu.Grains.Stint")]
public readonly record struct Stint([property: Id(0)] CadreRole Role, [property: Id(1)] DateSpan Span);

/// <summary>
/// The unit's daily duty: check-ins by day and cadre (kept in full for the check-in window, then
/// only counted), leave records and absences. Written before a change is acknowledged.
/// </summary>
public sealed class DutyState
{
    public Dictionary<DateOnly, Dictionary<string, CheckIn>> CheckIns { get; set; } = [];
    public Dictionary<DateOnly, long> CountedCheckIns { get; set; } = [];
    public Dictionary<string, Leave> Leave { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, Absence> Absences { get; set; } = new(StringComparer.Ordinal);
}
