using Orleans.Concurrency;

namespace Changdu;

/// <summary>Days from <see cref="From"/> through <see cref="Until"/> (open-ended when null), both included.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.DateSpan")]
public readonly record struct DateSpan([property: Id(0)] DateOnly From, [property: Id(1)] DateOnly? Until)
{
    public bool Covers(DateOnly day) => From <= day && (Until is not { } until || day <= until);

    public bool Overlaps(DateSpan other) =>
        (Until is not { } until || other.From <= until) && (other.Until is not { } otherUntil || From <= otherUntil);

    /// <summary>The days of the span that fall within <paramref name="range"/>.</summary>
    public IEnumerable<DateOnly> DaysWithin(DateSpan range)
    {
        var first = From > range.From ? From : range.From;
        var last = (Until, range.Until) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => throw new ArgumentException("Both spans are open-ended.", nameof(range)),
        };
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    /// <summary>The days of a period (its <see cref="Period.End"/> is the day after its last).</summary>
    public static DateSpan Of(Period period) => new(period.Start, period.End.AddDays(-1));

    /// <summary>The months a closed span touches.</summary>
    public IEnumerable<Period> Months() =>
        Period.Between(new DateOnly(From.Year, From.Month, 1), (Until ?? throw new InvalidOperationException("The span is open-ended.")).AddDays(1), PeriodKind.Month);
}

/// <summary>Cadres who checked in and cadres on approved leave on one day, summed over a subtree.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.DutyCounts")]
public readonly record struct DutyCounts([property: Id(0)] long CheckedIn, [property: Id(1)] long OnLeave)
{
    public static DutyCounts operator +(DutyCounts a, DutyCounts b) => new(a.CheckedIn + b.CheckedIn, a.OnLeave + b.OnLeave);

    public static DutyCounts operator -(DutyCounts a, DutyCounts b) => new(a.CheckedIn - b.CheckedIn, a.OnLeave - b.OnLeave);
}

/// <summary>
/// One day's duty (docs/domain.md, practice 9): cadres planned on post, checked in, on approved leave, and
/// absent (planned, neither checked in nor on leave) once the day has ended; until then they are
/// <see cref="AwaitingCheckIn"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.DutyDay")]
public sealed record DutyDay(
    [property: Id(0)] DateOnly Day,
    [property: Id(1)] long Planned,
    [property: Id(2)] long CheckedIn,
    [property: Id(3)] long OnLeave,
    [property: Id(4)] long Absent,
    [property: Id(5)] long AwaitingCheckIn)
{
    /// <summary>
    /// Of the cadres who should have been at post (planned, not on leave), the share who checked in;
    /// those still awaiting today's check-in count neither way, so a morning is not read as absence.
    /// </summary>
    public double? OnDutyRate => CheckedIn + Absent is > 0 and var due ? (double)CheckedIn / due : null;
}

/// <summary>A cadre's daily check-in at the team; time and place are optional (a sign-in sheet entered later has neither).</summary>
[GenerateSerializer, Immutable, Alias("Changdu.CheckIn")]
public sealed record CheckIn(
    [property: Id(0)] DateOnly Day,
    [property: Id(1)] TimeOnly? At,
    [property: Id(2)] decimal? Latitude,
    [property: Id(3)] decimal? Longitude);

public enum DutyOutcome
{
    Recorded = 1,
    AlreadyStored = 2,
    NotOnDuty = 11,
    OnLeave = 12,
    OutsideWindow = 13,
}

[GenerateSerializer, Immutable, Alias("Changdu.CheckInResult")]
public sealed record CheckInResult(
    [property: Id(0)] DutyOutcome Outcome,
    [property: Id(1)] CheckIn? CheckIn,
    [property: Id(2)] string? Detail);

public enum LeaveKind
{
    RotationRest = 1,
    Personal = 2,
    Sick = 3,
    Maternity = 4,
}

public enum LeaveStatus
{
    Requested = 1,
    Approved = 2,
    Rejected = 3,
    ReportedBack = 4,
}

[GenerateSerializer, Immutable, Alias("Changdu.LeaveRequest")]
public sealed record LeaveRequest(
    [property: Id(0)] string LeaveId,
    [property: Id(1)] string CadreId,
    [property: Id(2)] LeaveKind Kind,
    [property: Id(3)] DateOnly From,
    [property: Id(4)] DateOnly Until,
    [property: Id(5)] string Reason,
    [property: Id(6)] DateOnly RequestedOn);

/// <summary>A leave record: the request, the township office's decision and the cadre's report back (销假).</summary>
[GenerateSerializer, Immutable, Alias("Changdu.Leave")]
public sealed record Leave(
    [property: Id(0)] LeaveRequest Request,
    [property: Id(1)] LeaveStatus Status,
    [property: Id(2)] string? DecidedBy,
    [property: Id(3)] DateOnly? DecidedOn,
    [property: Id(4)] DateOnly? ReturnedOn,
    [property: Id(5)] UnitId UnitId)
{
    /// <summary>The days the cadre is away: approved leave, cut short by an early return.</summary>
    public DateSpan? Away => Status switch
    {
        LeaveStatus.Approved => new DateSpan(Request.From, Request.Until),
        LeaveStatus.ReportedBack when ReturnedOn > Request.From =>
            new DateSpan(Request.From, ReturnedOn.Value.AddDays(-1) < Request.Until ? ReturnedOn.Value.AddDays(-1) : Request.Until),
        _ => null,
    };

    /// <summary>Approved leave is what the monthly roster publishes, including leave reported back.</summary>
    public bool Published => Status is LeaveStatus.Approved or LeaveStatus.ReportedBack;

    /// <summary>Pending or granted leave blocks another request over the same days.</summary>
    public bool Holds => Status is LeaveStatus.Requested or LeaveStatus.Approved or LeaveStatus.ReportedBack;
}

public enum LeaveOutcome
{
    Requested = 1,
    AlreadyStored = 2,
    Decided = 3,
    ReportedBack = 4,
    UnknownLeave = 10,
    LeaveIdTaken = 11,
    BrokenRule = 12,
    WrongStatus = 13,
}

/// <summary>What a leave change came to; <see cref="Rule"/> names the rule a refused request broke.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.LeaveResult")]
public sealed record LeaveResult(
    [property: Id(0)] LeaveOutcome Outcome,
    [property: Id(1)] Leave? Leave,
    [property: Id(2)] string? Rule,
    [property: Id(3)] string? Detail);

public enum AbsenceSource
{
    /// <summary>An office reported it.</summary>
    Reported = 1,

    /// <summary>Raised after the configured number of days with neither a check-in nor approved leave.</summary>
    Detected = 2,
}

/// <summary>
/// Unauthorised absence from post (docs/domain.md, practice 9). It counts in the month it was established
/// (reported, or the day the detection threshold was reached), so a published bulletin never changes.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.Absence")]
public sealed record Absence(
    [property: Id(0)] string AbsenceId,
    [property: Id(1)] string CadreId,
    [property: Id(2)] string DispatchingUnitId,
    [property: Id(3)] UnitId UnitId,
    [property: Id(4)] DateOnly From,
    [property: Id(5)] DateOnly? Until,
    [property: Id(6)] DateOnly EstablishedOn,
    [property: Id(7)] AbsenceSource Source,
    [property: Id(8)] string Note);

public enum AbsenceOutcome
{
    Recorded = 1,
    AlreadyStored = 2,
    NotOnDuty = 10,
    AbsenceIdTaken = 11,
}

[GenerateSerializer, Immutable, Alias("Changdu.AbsenceResult")]
public sealed record AbsenceResult(
    [property: Id(0)] AbsenceOutcome Outcome,
    [property: Id(1)] Absence? Absence,
    [property: Id(2)] string? Detail);

/// <summary>A team's side of daily duty: check-ins, leave and absences, and the public listings a subtree gathers.</summary>
[Alias("Changdu.IDutyRegister")]
public interface IDutyRegister : IGrainWithStringKey
{
    [Alias("RecordCheckIn")] Task<CheckInResult> RecordCheckInAsync(string cadreId, CheckIn checkIn);

    /// <summary>The unit's duty for each day of <paramref name="days"/>, its subtree included; null when no such unit exists.</summary>
    [Alias("GetDuty")] Task<IReadOnlyList<DutyDay>?> GetDutyAsync(DateSpan days);

    [Alias("RequestLeave")] Task<LeaveResult> RequestLeaveAsync(LeaveRequest request);

    [Alias("DecideLeave")] Task<LeaveResult> DecideLeaveAsync(string leaveId, bool approve, string decidedBy, DateOnly decidedOn);

    /// <summary>The cadre is back (销假): leave ends the day before <paramref name="returnedOn"/>.</summary>
    [Alias("ReportBack")] Task<LeaveResult> ReportBackAsync(string leaveId, DateOnly returnedOn);

    [Alias("GetLeave")] Task<Leave?> GetLeaveAsync(string leaveId);

    /// <summary>
    /// Published leave of the subtree overlapping <paramref name="month"/>; only subtrees with some are
    /// visited, by a stateless worker, so the listing holds no unit it passes.
    /// </summary>
    [Alias("ListLeave"), AlwaysInterleave, ResponseTimeout("00:00:30")] Task<IReadOnlyList<Leave>> ListLeaveAsync(Period month);

    /// <summary>The unit's own published leave overlapping <paramref name="month"/>.</summary>
    [Alias("ListOwnLeave")] Task<IReadOnlyList<Leave>> ListOwnLeaveAsync(Period month);

    [Alias("ReportAbsence")] Task<AbsenceResult> ReportAbsenceAsync(string absenceId, string cadreId, DateOnly from, DateOnly reportedOn, string note);

    /// <summary>Raises an absence for each cadre who, up to the day before <paramref name="today"/>, has gone the configured number of days without a check-in or leave.</summary>
    [Alias("DetectAbsences")] Task<IReadOnlyList<Absence>> DetectAbsencesAsync(DateOnly today);

    /// <summary>Detects as <see cref="DetectAbsencesAsync"/> does and answers the next day the team is due again (null: never, as the facts stand).</summary>
    [Alias("Watch")] Task<DateOnly?> WatchAsync(DateOnly today);

    /// <summary>Absences of the subtree established in <paramref name="month"/>; only subtrees with some are visited, as for leave.</summary>
    [Alias("ListAbsences"), AlwaysInterleave, ResponseTimeout("00:00:30")] Task<IReadOnlyList<Absence>> ListAbsencesAsync(Period month);

    /// <summary>The unit's own absences established in <paramref name="month"/>.</summary>
    [Alias("ListOwnAbsences")] Task<IReadOnlyList<Absence>> ListOwnAbsencesAsync(Period month);
}
