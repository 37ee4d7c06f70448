namespace Changdu.Grains;

/// <summary>The unit's problem register, written before a change is acknowledged.</summary>
[GenerateSerializer, Alias("Changdu.Grains.ProblemsState")]
public sealed class ProblemsState
{
    [Id(0)] public Dictionary<string, Problem> ById { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>What the unit does as an office: classes and meetings it held, inspection rounds it opened, months it closed.</summary>
[GenerateSerializer, Alias("Changdu.Grains.OfficeState")]
public sealed class OfficeState
{
    [Id(0)] public Dictionary<string, Training> Trainings { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public Dictionary<string, InspectionRound> Rounds { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public Dictionary<Period, Assessment> ClosedMonths { get; set; } = [];
    [Id(3)] public Dictionary<string, PointEntry> Points { get; set; } = new(StringComparer.Ordinal);
    [Id(4)] public Dictionary<int, YearEnd> ClosedYears { get; set; } = [];
    [Id(6)] public Dictionary<string, DateOnly> CardsIssued { get; set; } = new(StringComparer.Ordinal);
    [Id(9)] public Dictionary<string, VillagerFeedback> Feedback { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every cadre who served here, now or before: the roster now, who was on duty which day, and whose dispatching unit an absence counts against.</summary>
    [Id(10)] public Dictionary<string, Member> Members { get; set; } = new(StringComparer.Ordinal);
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
[GenerateSerializer, Alias("Changdu.Grains.DutyState")]
public sealed class DutyState
{
    [Id(0)] public Dictionary<DateOnly, Dictionary<string, CheckIn>> CheckIns { get; set; } = [];
    [Id(1)] public Dictionary<DateOnly, long> CountedCheckIns { get; set; } = [];
    [Id(2)] public Dictionary<string, Leave> Leave { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public Dictionary<string, Absence> Absences { get; set; } = new(StringComparer.Ordinal);
}
