namespace Changdu.Grains;

[GenerateSerializer, Alias("Changdu.Grains.DefinitionState")]
public sealed class DefinitionState
{
    [Id(0)] public UnitDefinition? Definition { get; set; }
}

/// <summary>The unit's own reports, by report id: the facts, written before a submission is acknowledged.</summary>
[GenerateSerializer, Alias("Changdu.Grains.ReportsState")]
public sealed class ReportsState
{
    [Id(0)] public Dictionary<string, Report> ById { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The latest summary held of each child, written behind in batches.</summary>
[GenerateSerializer, Alias("Changdu.Grains.ChildSummariesState")]
public sealed class ChildSummariesState
{
    [Id(0)] public Dictionary<UnitId, HeldSummary> ByChild { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("Changdu.Grains.HeldSummary")]
public sealed record HeldSummary([property: Id(0)] long Version, [property: Id(1)] Summary Summary);

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
    [Id(5)] public Dictionary<string, CadreRole> Roster { get; set; } = new(StringComparer.Ordinal);
    [Id(6)] public Dictionary<string, DateOnly> CardsIssued { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every cadre's assignments to this unit, current or past: who is planned on duty on which day.</summary>
    [Id(7)] public Dictionary<string, List<DateSpan>> Assignments { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The dispatching unit each assigned cadre came from, so an absence is attributed to it.</summary>
    [Id(8)] public Dictionary<string, string> DispatchingUnits { get; set; } = new(StringComparer.Ordinal);

    [Id(9)] public Dictionary<string, VillagerFeedback> Feedback { get; set; } = new(StringComparer.Ordinal);
}

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
