using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changdu.Grains;

/// <summary>
/// A team's duty (docs/domain.md, practices 7, 9, 4): its roster, daily check-ins, leave made public,
/// unauthorised absence, villagers' feedback and the on-duty cards issued to its cadres. The
/// check-in is the system's busiest write: it moves one entry of the part, however long the history.
/// </summary>
public sealed partial class DutyGrain(
    IOptions<ReportingOptions> reporting,
    IOptions<DutyOptions> dutyOptions,
    IOptions<LeaveOptions> leaveOptions,
    IOptions<RollupOptions> rollup,
    TimeProvider clock,
    ProgrammeClock programme,
    IFactStore facts,
    FactCodec codec,
    ILogger<DutyGrain> logger)
    : UnitPartGrain(facts, codec, clock, programme, rollup, logger), IDutyPart, IRoster, IDutyRegister, IFeedbackRegister
{
    public const string Concern = "duty";

    readonly TeamDuty _duty = new();
    readonly LeavePolicy _leavePolicy = new(leaveOptions.Value);
    readonly AbsenceDetection _absences = new(dutyOptions.Value);
    DutyTables _rows = null!;

    protected override string ConcernName => Concern;

    DateOnly Today => reporting.Value.LocalDay(Programme.GetUtcNow());

    protected override void DeclareTables(FactTables tables) => _rows = new DutyTables(tables, _duty);

    public async Task JoinAsync(string cadreId, CadreRole role, DateOnly from, string dispatchingUnitId)
    {
        if (await DefinitionAsync() is not { } unit)
        {
            throw new ArgumentException($"There is no unit {Id} to join.", nameof(cadreId));
        }
        var held = _duty.Members.GetValueOrDefault(cadreId);
        var stint = new Stint(role, new DateSpan(from, null));
        if (held is not null && held.DispatchingUnitId == dispatchingUnitId && held.Stints.Contains(stint))
        {
            return;
        }
        var joined = new Member(dispatchingUnitId, [.. (held?.Stints ?? []).Where(before => before.Span.From != from), stint]);
        // Who serves which day decides the days counted on leave, so the part is counted again.
        await CommitAsync([_rows.Members.Put(cadreId, joined)], null, unit);
        // The team joins the absence watch's list; an entry already there for a later day only costs a visit.
        if (_absences.NextDueDay(_duty, Today) is { } due)
        {
            await WriteListingAsync(AbsenceDueList.Row(due, Id));
        }
    }

    public async Task DepartAsync(string cadreId, DateOnly until)
    {
        if (_duty.Members.GetValueOrDefault(cadreId) is not { Current: not null } held)
        {
            return;
        }
        var departed = held with { Stints = held.Stints.Select(stint => stint.Span.Until is null ? stint with { Span = stint.Span with { Until = until } } : stint).ToList() };
        await CommitAsync([_rows.Members.Put(cadreId, departed)], null, null);
    }

    public async Task<IReadOnlyDictionary<string, CadreRole>?> ListRosterAsync() =>
        await DefinitionAsync() is null ? null : _duty.Members
            .Where(member => member.Value.Current is not null)
            .ToDictionary(member => member.Key, member => member.Value.Current!.Value.Role, StringComparer.Ordinal);

    public async Task RecordCardAsync(string cardNumber, DateOnly issuedOn)
    {
        if (!_duty.CardsIssued.ContainsKey(cardNumber))
        {
            await CommitAsync([_rows.CardsIssued.Put(cardNumber, issuedOn)], null, null,
                new SummaryBuilder().Add(MonthOf(issuedOn), Totals.Zero with { CardsIssued = 1 }).Build());
        }
    }

    public async Task<CheckInResult> RecordCheckInAsync(string cadreId, CheckIn checkIn)
    {
        var day = checkIn.Day;
        if (!_duty.AssignedOn(cadreId, day))
        {
            return new CheckInResult(DutyOutcome.NotOnDuty, null, $"Cadre '{cadreId}' is not assigned to unit {Id} on {day:yyyy-MM-dd}.");
        }
        var today = Today;
        if (!_absences.InWindow(day, today))
        {
            return new CheckInResult(DutyOutcome.OutsideWindow, null,
                $"A check-in may be entered for today or the {dutyOptions.Value.CheckInWindowDays - 1} days before ({today:yyyy-MM-dd} is today).");
        }
        if (_duty.AwayOn(cadreId, day) is { } leave)
        {
            return new CheckInResult(DutyOutcome.OnLeave, null,
                $"Cadre '{cadreId}' is on leave '{leave.Request.LeaveId}' on {day:yyyy-MM-dd}; report back (销假) first.");
        }
        if (_duty.CheckIns.GetValueOrDefault(day)?.GetValueOrDefault(cadreId) is { } held)
        {
            return new CheckInResult(DutyOutcome.AlreadyStored, held, null);
        }
        // An absence the check-in ends is closed in the same write; it still counts in the month it was established.
        List<FactChange> changes = [_rows.CheckIns.Put((day, cadreId), checkIn), .. _duty.Absences.Values
            .Where(absence => absence.CadreId == cadreId && absence.Until is null && absence.From < day)
            .Select(absence => _rows.Absences.Put(absence.AbsenceId, absence with { Until = day.AddDays(-1) }))];
        await CommitAsync(changes, DutyOutcome.Recorded.ToString(), null, new SummaryBuilder().AddDuty(day, new DutyCounts(1, 0)).Build());
        ChangduTelemetry.CheckIns.Add(1);
        if (changes.Count > 1)
        {
            await TellDispatchingUnitsAsync(_duty.Absences.Values.Where(absence => absence.CadreId == cadreId && absence.Until == day.AddDays(-1)));
            // A cadre back from an absence can be absent again: the team is watched for it (a team whose cadres were all absent was not).
            if (_absences.NextDueDay(_duty, today) is { } due)
            {
                await WriteListingAsync(AbsenceDueList.Row(due, Id));
            }
        }
        return new CheckInResult(DutyOutcome.Recorded, checkIn, null);
    }

    public Task<IReadOnlyList<DutyDay>?> GetDutyAsync(DateSpan days) => GrainFactory.GetGrain<IRollupNode>(Id.Value).GetDutyDaysAsync(days);

    public async Task<LeaveResult> RequestLeaveAsync(LeaveRequest request)
    {
        if (_duty.Leave.TryGetValue(request.LeaveId, out var held))
        {
            // A request sent again on a later day is the same request.
            return held.Request == request with { RequestedOn = held.Request.RequestedOn }
                ? new LeaveResult(LeaveOutcome.AlreadyStored, held, null, null)
                : new LeaveResult(LeaveOutcome.LeaveIdTaken, held, null, $"Leave '{request.LeaveId}' is already recorded with other details.");
        }
        if (_leavePolicy.BrokenRule(request, _duty, Id) is { } broken)
        {
            return new LeaveResult(LeaveOutcome.BrokenRule, null, broken.Rule, broken.Detail);
        }
        var leave = new Leave(request, LeaveStatus.Requested, null, null, null, Id);
        await StoreLeaveAsync(leave, null, LeaveOutcome.Requested);
        return new LeaveResult(LeaveOutcome.Requested, leave, null, null);
    }

    public async Task<LeaveResult> DecideLeaveAsync(string leaveId, bool approve, string decidedBy, DateOnly decidedOn)
    {
        if (!_duty.Leave.TryGetValue(leaveId, out var leave))
        {
            return new LeaveResult(LeaveOutcome.UnknownLeave, null, null, $"Unit {Id} has no leave '{leaveId}'.");
        }
        var decision = approve ? LeaveStatus.Approved : LeaveStatus.Rejected;
        if (leave.Status != LeaveStatus.Requested)
        {
            return leave.Status == decision
                ? new LeaveResult(LeaveOutcome.AlreadyStored, leave, null, null)
                : new LeaveResult(LeaveOutcome.WrongStatus, leave, null, $"Leave '{leaveId}' is {leave.Status}, not awaiting a decision.");
        }
        var decided = leave with { Status = decision, DecidedBy = decidedBy, DecidedOn = decidedOn };
        await StoreLeaveAsync(decided, leave, LeaveOutcome.Decided);
        return new LeaveResult(LeaveOutcome.Decided, decided, null, null);
    }

    public async Task<LeaveResult> ReportBackAsync(string leaveId, DateOnly returnedOn)
    {
        if (!_duty.Leave.TryGetValue(leaveId, out var leave))
        {
            return new LeaveResult(LeaveOutcome.UnknownLeave, null, null, $"Unit {Id} has no leave '{leaveId}'.");
        }
        if (leave.Status == LeaveStatus.ReportedBack)
        {
            return leave.ReturnedOn == returnedOn
                ? new LeaveResult(LeaveOutcome.AlreadyStored, leave, null, null)
                : new LeaveResult(LeaveOutcome.WrongStatus, leave, null, $"Leave '{leaveId}' was already reported back on {leave.ReturnedOn:yyyy-MM-dd}.");
        }
        if (leave.Status != LeaveStatus.Approved)
        {
            return new LeaveResult(LeaveOutcome.WrongStatus, leave, null, $"Leave '{leaveId}' is {leave.Status}; only approved leave is reported back.");
        }
        if (returnedOn < leave.Request.From)
        {
            return new LeaveResult(LeaveOutcome.WrongStatus, leave, null, $"Leave '{leaveId}' starts on {leave.Request.From:yyyy-MM-dd}; the return cannot come before.");
        }
        var back = leave with { Status = LeaveStatus.ReportedBack, ReturnedOn = returnedOn };
        await StoreLeaveAsync(back, leave, LeaveOutcome.ReportedBack);
        return new LeaveResult(LeaveOutcome.ReportedBack, back, null, null);
    }

    public Task<Leave?> GetLeaveAsync(string leaveId) => Task.FromResult(_duty.Leave.GetValueOrDefault(leaveId));

    public Task<IReadOnlyList<Leave>> ListLeaveAsync(Period month) => GrainFactory.GetGrain<ISubtreeListing>(0).ListLeaveAsync(Id, month);

    public Task<IReadOnlyList<Leave>> ListOwnLeaveAsync(Period month)
    {
        var span = DateSpan.Of(month);
        return Task.FromResult<IReadOnlyList<Leave>>(_duty.Leave.Values
            .Where(leave => leave.Published && new DateSpan(leave.Request.From, leave.Request.Until).Overlaps(span))
            .ToList());
    }

    public async Task<AbsenceResult> ReportAbsenceAsync(string absenceId, string cadreId, DateOnly from, DateOnly reportedOn, string note)
    {
        if (_duty.Absences.TryGetValue(absenceId, out var held))
        {
            if (held.CadreId != cadreId || held.From != from || held.Source != AbsenceSource.Reported)
            {
                return new AbsenceResult(AbsenceOutcome.AbsenceIdTaken, held, $"Absence '{absenceId}' is already recorded with other details.");
            }
            // A report sent again tells the dispatching unit again: the first telling may be what failed.
            await TellDispatchingUnitsAsync([held]);
            return new AbsenceResult(AbsenceOutcome.AlreadyStored, held, null);
        }
        if (!_duty.AssignedOn(cadreId, from))
        {
            return new AbsenceResult(AbsenceOutcome.NotOnDuty, null, $"Cadre '{cadreId}' is not assigned to unit {Id} on {from:yyyy-MM-dd}.");
        }
        var absence = new Absence(absenceId, cadreId, _duty.DispatchingUnitOf(cadreId), Id, from, null, reportedOn, AbsenceSource.Reported, note);
        await CommitAsync([_rows.Absences.Put(absenceId, absence)], AbsenceOutcome.Recorded.ToString(), null, ContributionOf(absence));
        await TellDispatchingUnitsAsync([absence]);
        return new AbsenceResult(AbsenceOutcome.Recorded, absence, null);
    }

    public async Task<IReadOnlyList<Absence>> DetectAbsencesAsync(DateOnly today) => (await DetectAsync(today)).Detected;

    public async Task<DateOnly?> WatchAsync(DateOnly today)
    {
        var (_, allTold) = await DetectAsync(today);
        // A dispatching unit not told is told again on the watch's next run, today.
        return allTold ? _absences.NextDueDay(_duty, today) : today;
    }

    /// <returns>The absences detected, and whether every dispatching unit concerned was told.</returns>
    async Task<(IReadOnlyList<Absence> Detected, bool AllTold)> DetectAsync(DateOnly today)
    {
        var detected = _absences.Detect(_duty, Id, today);
        var expired = _absences.DaysPastWindow(_duty, today);
        if (detected.Count > 0 || expired.Count > 0)
        {
            // Check-ins past the window are folded into a count per day: the same figures, without the detail.
            var changes = detected.Select(absence => _rows.Absences.Put(absence.AbsenceId, absence))
                .Concat(expired.SelectMany(day => _duty.CheckIns[day].Keys.Select(cadreId => _rows.CheckIns.Delete((day, cadreId)))
                    .Append(_rows.CountedCheckIns.Put(day, _duty.CountedCheckIns.GetValueOrDefault(day) + _duty.CheckIns[day].Count))))
                .ToList();
            await CommitAsync(changes, null, null, detected.Aggregate(new SummaryBuilder(), (sum, absence) => sum.Add(ContributionOf(absence))).Build());
        }
        // Every run tells again this month's and last month's absences, which a failed telling missed
        // (idempotent there): a dispatching unit's conduct catches up within one detection interval.
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return (detected, await TellDispatchingUnitsAsync(_duty.Absences.Values.Where(absence => absence.EstablishedOn >= lastMonth)));
    }

    public Task<IReadOnlyList<Absence>> ListAbsencesAsync(Period month) => GrainFactory.GetGrain<ISubtreeListing>(0).ListAbsencesAsync(Id, month);

    public Task<IReadOnlyList<Absence>> ListOwnAbsencesAsync(Period month) =>
        Task.FromResult<IReadOnlyList<Absence>>(_duty.Absences.Values.Where(absence => MonthOf(absence.EstablishedOn) == month).ToList());

    public async Task<FeedbackOutcome> RecordFeedbackAsync(VillagerFeedback feedback)
    {
        if (await DefinitionAsync() is not { } unit)
        {
            return FeedbackOutcome.UnknownUnit;
        }
        if (_duty.Feedback.TryGetValue(feedback.FeedbackId, out var held))
        {
            return held == feedback ? FeedbackOutcome.AlreadyStored : FeedbackOutcome.FeedbackIdTaken;
        }
        await CommitAsync([_rows.Feedback.Put(feedback.FeedbackId, feedback)], FeedbackOutcome.Recorded.ToString(), unit, ContributionOf(feedback));
        return FeedbackOutcome.Recorded;
    }

    public async Task<IReadOnlyList<VillagerFeedback>?> ListFeedbackAsync(Period month) =>
        await DefinitionAsync() is null ? null : _duty.Feedback.Values
            .Where(feedback => MonthOf(feedback.ReceivedOn) == month)
            .OrderBy(feedback => feedback.ReceivedOn).ThenBy(feedback => feedback.FeedbackId, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Tells each absence's dispatching unit, which keeps its cadres' conduct where the facts arrive.
    /// The absence is durable here already, so a failure is logged, not answered: the next detection tells again.
    /// </summary>
    /// <returns>Whether every dispatching unit was told.</returns>
    async Task<bool> TellDispatchingUnitsAsync(IEnumerable<Absence> absences)
    {
        var allTold = true;
        foreach (var absence in absences.Where(absence => absence.DispatchingUnitId is not "").ToList())
        {
            try
            {
                await GrainFactory.GetGrain<IDispatchingUnit>(absence.DispatchingUnitId).NoteAbsenceAsync(absence);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                allTold = false;
                LogDispatchingUnitNotTold(Logger, exception, absence.AbsenceId, absence.DispatchingUnitId);
            }
        }
        return allTold;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Absence {Absence} could not be told to dispatching unit {DispatchingUnit}; the next detection tells it again")]
    static partial void LogDispatchingUnitNotTold(ILogger logger, Exception exception, string absence, string dispatchingUnit);

    /// <summary>Assignments and duty by day, leave in each month it touches, absences and feedback in their month, cards in the month issued.</summary>
    protected override Summary CountPart(UnitDefinition? unit)
    {
        var summary = new SummaryBuilder();
        foreach (var stint in _duty.Members.Values.SelectMany(member => member.Stints))
        {
            summary.AddAssigned(stint.Span);
        }
        foreach (var (day, checkIns) in _duty.CheckIns)
        {
            summary.AddDuty(day, new DutyCounts(checkIns.Count, 0));
        }
        foreach (var (day, count) in _duty.CountedCheckIns)
        {
            summary.AddDuty(day, new DutyCounts(count, 0));
        }
        foreach (var leave in _duty.Leave.Values)
        {
            summary.Add(ContributionOf(leave));
        }
        foreach (var absence in _duty.Absences.Values)
        {
            summary.Add(ContributionOf(absence));
        }
        foreach (var feedback in _duty.Feedback.Values)
        {
            summary.Add(ContributionOf(feedback));
        }
        foreach (var issuedOn in _duty.CardsIssued.Values)
        {
            summary.Add(MonthOf(issuedOn), Totals.Zero with { CardsIssued = 1 });
        }
        return summary.Build();
    }

    async Task StoreLeaveAsync(Leave leave, Leave? before, LeaveOutcome outcome) =>
        await CommitAsync([_rows.Leave.Put(leave.Request.LeaveId, leave)], outcome.ToString(), null,
            Summary.Difference(before is null ? Summary.Empty : ContributionOf(before), ContributionOf(leave)));

    /// <summary>Published leave in each month it touches; the days it has the cadre away, on days the cadre is assigned here.</summary>
    Summary ContributionOf(Leave leave)
    {
        var summary = new SummaryBuilder();
        if (leave.Published)
        {
            foreach (var month in new DateSpan(leave.Request.From, leave.Request.Until).Months())
            {
                summary.Add(month, Totals.Zero with { LeaveRecords = 1 });
            }
        }
        if (leave.Away is { } away)
        {
            foreach (var day in away.DaysWithin(away).Where(day => _duty.AssignedOn(leave.Request.CadreId, day)))
            {
                summary.AddDuty(day, new DutyCounts(0, 1));
            }
        }
        return summary.Build();
    }

    static Summary ContributionOf(Absence absence) => new SummaryBuilder().Add(MonthOf(absence.EstablishedOn), Totals.Zero with { Absences = 1 }).Build();

    static Summary ContributionOf(VillagerFeedback feedback) => new SummaryBuilder().Add(MonthOf(feedback.ReceivedOn), feedback.Sentiment == FeedbackSentiment.Positive
        ? Totals.Zero with { PositiveFeedback = 1 }
        : Totals.Zero with { NegativeFeedback = 1 }).Build();

    sealed class DutyTables(FactTables tables, TeamDuty duty)
    {
        public FactTable<string, Member> Members { get; } = tables.Add("member", duty.Members);

        /// <summary>A check-in, keyed by day and cadre, kept while the check-in window holds the day.</summary>
        public FactTable<(DateOnly Day, string CadreId), CheckIn> CheckIns { get; } = tables.Add<(DateOnly Day, string CadreId), CheckIn>("check-in",
            key => $"{Day(key.Day)}/{key.CadreId}",
            text => (ParseDay(text[..10]), text[11..]),
            (key, [MaybeNullWhen(false)] out checkIn) => TryGetCheckIn(duty, key, out checkIn),
            (key, checkIn) =>
            {
                if (!duty.CheckIns.TryGetValue(key.Day, out var day))
                {
                    duty.CheckIns[key.Day] = day = new(StringComparer.Ordinal);
                }
                day[key.CadreId] = checkIn;
            },
            key =>
            {
                if (duty.CheckIns.TryGetValue(key.Day, out var day) && day.Remove(key.CadreId) && day.Count == 0)
                {
                    duty.CheckIns.Remove(key.Day);
                }
            });

        /// <summary>Check-ins of a day past the window, only counted.</summary>
        public FactTable<DateOnly, long> CountedCheckIns { get; } = tables.Add<DateOnly, long>("counted-check-ins", Day, ParseDay,
            duty.CountedCheckIns.TryGetValue, (day, count) => duty.CountedCheckIns[day] = count, day => duty.CountedCheckIns.Remove(day));

        public FactTable<string, Leave> Leave { get; } = tables.Add("leave", duty.Leave);

        public FactTable<string, Absence> Absences { get; } = tables.Add("absence", duty.Absences);

        public FactTable<string, VillagerFeedback> Feedback { get; } = tables.Add("feedback", duty.Feedback);

        public FactTable<string, DateOnly> CardsIssued { get; } = tables.Add("card-issued", duty.CardsIssued);

        static bool TryGetCheckIn(TeamDuty duty, (DateOnly Day, string CadreId) key, [MaybeNullWhen(false)] out CheckIn checkIn)
        {
            checkIn = null;
            return duty.CheckIns.TryGetValue(key.Day, out var day) && day.TryGetValue(key.CadreId, out checkIn);
        }

        static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        static DateOnly ParseDay(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
