namespace Changdu.Grains;

/// <summary>
/// A team's duty facts in memory, one dictionary per kind of row (DutyGrain), and the questions
/// its rules ask of them: who is assigned on a day, who is away on leave, who checked in.
/// </summary>
public sealed class TeamDuty
{
    /// <summary>Every cadre who served here, now or before: the roster now, who was on duty which day, and whose dispatching unit an absence counts against.</summary>
    public Dictionary<string, Member> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>Check-ins by day and cadre, in full while the check-in window holds the day.</summary>
    public Dictionary<DateOnly, Dictionary<string, CheckIn>> CheckIns { get; } = [];

    /// <summary>Check-ins of a day past the window, only counted.</summary>
    public Dictionary<DateOnly, long> CountedCheckIns { get; } = [];

    public Dictionary<string, Leave> Leave { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Absence> Absences { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, VillagerFeedback> Feedback { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DateOnly> CardsIssued { get; } = new(StringComparer.Ordinal);

    public bool AssignedOn(string cadreId, DateOnly day) => Members.GetValueOrDefault(cadreId)?.ServesOn(day) == true;

    public IEnumerable<string> AssignedCadresOn(DateOnly day) => Members.Where(member => member.Value.ServesOn(day)).Select(member => member.Key);

    public string DispatchingUnitOf(string cadreId) => Members.GetValueOrDefault(cadreId)?.DispatchingUnitId ?? "";

    public bool CheckedIn(string cadreId, DateOnly day) => CheckIns.GetValueOrDefault(day)?.ContainsKey(cadreId) == true;

    /// <summary>The leave that has the cadre away on <paramref name="day"/>, if any.</summary>
    public Leave? AwayOn(string cadreId, DateOnly day) =>
        Leave.Values.FirstOrDefault(leave => leave.Request.CadreId == cadreId && leave.Away is { } away && away.Covers(day));

    /// <summary>Whether leave requested, approved or taken holds the cadre on <paramref name="day"/> (a request not yet decided counts: it may be approved).</summary>
    public bool HeldByLeave(string cadreId, DateOnly day) =>
        Leave.Values.Any(leave => leave.Request.CadreId == cadreId && leave.Holds && SpanOf(leave).Covers(day));

    public static DateSpan SpanOf(Leave leave) => leave.Away ?? new DateSpan(leave.Request.From, leave.Request.Until);
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
