namespace Changdu.Grains;

/// <summary>
/// Daily duty (DOMAIN practice 9): check-ins, leave made public and unauthorised absence. The
/// check-in is the system's busiest write, so it touches only the duty state, whose full detail
/// is bounded by the check-in window.
/// </summary>
public sealed partial class UnitGrain
{
    public async Task<CheckInResult> RecordCheckInAsync(string cadreId, CheckIn checkIn)
    {
        var day = checkIn.Day;
        if (!AssignedOn(cadreId, day))
        {
            return new CheckInResult(DutyOutcome.NotOnDuty, null, $"Cadre '{cadreId}' is not assigned to unit {Id} on {day:yyyy-MM-dd}.");
        }
        var today = Today;
        if (day > today || day <= today.AddDays(-_duty.CheckInWindowDays))
        {
            return new CheckInResult(DutyOutcome.OutsideWindow, null,
                $"A check-in may be entered for today or the {_duty.CheckInWindowDays - 1} days before ({today:yyyy-MM-dd} is today).");
        }
        if (AwayOn(cadreId, day) is { } leave)
        {
            return new CheckInResult(DutyOutcome.OnLeave, null,
                $"Cadre '{cadreId}' is on leave '{leave.Request.LeaveId}' on {day:yyyy-MM-dd}; report back (销假) first.");
        }
        if (_dutyRecords.CheckIns.GetValueOrDefault(day)?.GetValueOrDefault(cadreId) is { } held)
        {
            return new CheckInResult(DutyOutcome.AlreadyStored, held, null);
        }
        // An absence the check-in ends is closed in the same write; it still counts in the month it was established.
        List<FactChange> changes = [_rows.CheckIns.Put((day, cadreId), checkIn), .. _dutyRecords.Absences.Values
            .Where(absence => absence.CadreId == cadreId && absence.Until is null && absence.From < day)
            .Select(absence => _rows.Absences.Put(absence.AbsenceId, absence with { Until = day.AddDays(-1) }))];
        await WriteFactsAsync([.. changes.Select(change => change.Row)], AuditOf(DutyOutcome.Recorded.ToString()));
        changes.ForEach(change => change.Apply());
        // The busiest write moves one entry of the summary, however long the history.
        OnChanged(clock.GetUtcNow(), version => _ledger.AddOwn(new SummaryBuilder().AddDuty(day, new DutyCounts(1, 0)).Build(), version));
        ChangduTelemetry.CheckIns.Add(1);
        return new CheckInResult(DutyOutcome.Recorded, checkIn, null);
    }

    public Task<IReadOnlyList<DutyDay>?> GetDutyAsync(DateSpan days)
    {
        if (Definition is null)
        {
            return Task.FromResult<IReadOnlyList<DutyDay>?>(null);
        }
        var summary = CurrentSummary();
        var today = Today;
        return Task.FromResult<IReadOnlyList<DutyDay>?>(days.DaysWithin(days).Select(day => summary.DutyOn(day, today)).ToList());
    }

    public async Task<LeaveResult> RequestLeaveAsync(LeaveRequest request)
    {
        if (_dutyRecords.Leave.TryGetValue(request.LeaveId, out var held))
        {
            // A request sent again on a later day is the same request.
            return held.Request == request with { RequestedOn = held.Request.RequestedOn }
                ? new LeaveResult(LeaveOutcome.AlreadyStored, held, null, null)
                : new LeaveResult(LeaveOutcome.LeaveIdTaken, held, null, $"Leave '{request.LeaveId}' is already recorded with other details.");
        }
        if (BrokenLeaveRule(request) is { } broken)
        {
            return new LeaveResult(LeaveOutcome.BrokenRule, null, broken.Rule, broken.Detail);
        }
        var leave = new Leave(request, LeaveStatus.Requested, null, null, null, Id);
        await CommitAsync([_rows.Leave.Put(request.LeaveId, leave)], LeaveOutcome.Requested.ToString(), Contribution.Duty);
        return new LeaveResult(LeaveOutcome.Requested, leave, null, null);
    }

    public async Task<LeaveResult> DecideLeaveAsync(string leaveId, bool approve, string decidedBy, DateOnly decidedOn)
    {
        if (!_dutyRecords.Leave.TryGetValue(leaveId, out var leave))
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
        await CommitAsync([_rows.Leave.Put(leaveId, decided)], LeaveOutcome.Decided.ToString(), Contribution.Duty);
        return new LeaveResult(LeaveOutcome.Decided, decided, null, null);
    }

    public async Task<LeaveResult> ReportBackAsync(string leaveId, DateOnly returnedOn)
    {
        if (!_dutyRecords.Leave.TryGetValue(leaveId, out var leave))
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
        await CommitAsync([_rows.Leave.Put(leaveId, back)], LeaveOutcome.ReportedBack.ToString(), Contribution.Duty);
        return new LeaveResult(LeaveOutcome.ReportedBack, back, null, null);
    }

    public Task<Leave?> GetLeaveAsync(string leaveId) => Task.FromResult(_dutyRecords.Leave.GetValueOrDefault(leaveId));

    public async Task<IReadOnlyList<Leave>> ListLeaveAsync(Period month)
    {
        var span = DateSpan.Of(month);
        var found = _dutyRecords.Leave.Values
            .Where(leave => leave.Published && new DateSpan(leave.Request.From, leave.Request.Until).Overlaps(span))
            .ToList();
        foreach (var child in ChildrenWith(month, totals => totals.LeaveRecords))
        {
            found.AddRange(await GrainFactory.GetGrain<IDutyRegister>(child.Value).ListLeaveAsync(month));
        }
        return found;
    }

    public async Task<AbsenceResult> ReportAbsenceAsync(string absenceId, string cadreId, DateOnly from, DateOnly reportedOn, string note)
    {
        if (_dutyRecords.Absences.TryGetValue(absenceId, out var held))
        {
            return held.CadreId == cadreId && held.From == from && held.Source == AbsenceSource.Reported
                ? new AbsenceResult(AbsenceOutcome.AlreadyStored, held, null)
                : new AbsenceResult(AbsenceOutcome.AbsenceIdTaken, held, $"Absence '{absenceId}' is already recorded with other details.");
        }
        if (!AssignedOn(cadreId, from))
        {
            return new AbsenceResult(AbsenceOutcome.NotOnDuty, null, $"Cadre '{cadreId}' is not assigned to unit {Id} on {from:yyyy-MM-dd}.");
        }
        var absence = new Absence(absenceId, cadreId, DispatchingUnitOf(cadreId), Id, from, null,
            reportedOn, AbsenceSource.Reported, note);
        await CommitAsync([_rows.Absences.Put(absenceId, absence)], AbsenceOutcome.Recorded.ToString(), Contribution.Duty);
        return new AbsenceResult(AbsenceOutcome.Recorded, absence, null);
    }

    public async Task<IReadOnlyList<Absence>> DetectAbsencesAsync(DateOnly today)
    {
        var lastDay = today.AddDays(-1);
        var detected = new List<Absence>();
        foreach (var cadreId in AssignedCadresOn(lastDay))
        {
            if (_dutyRecords.Absences.Values.Any(absence => absence.CadreId == cadreId && absence.Until is null))
            {
                continue;
            }
            var missed = 0;
            for (var day = lastDay; missed < _duty.AbsenceAfterDays && IsUnaccounted(cadreId, day, today); day = day.AddDays(-1))
            {
                missed++;
            }
            if (missed == _duty.AbsenceAfterDays)
            {
                var from = lastDay.AddDays(1 - missed);
                detected.Add(new Absence($"detected-{cadreId}-{from:yyyyMMdd}", cadreId, DispatchingUnitOf(cadreId),
                    Id, from, null, lastDay, AbsenceSource.Detected, $"No check-in and no approved leave for {missed} days."));
            }
        }
        var expired = _dutyRecords.CheckIns.Keys.Where(day => day <= today.AddDays(-_duty.CheckInWindowDays)).ToList();
        if (detected.Count > 0 || expired.Count > 0)
        {
            // Check-ins past the window are folded into a count per day: the same figures, without the detail.
            var changes = detected.Select(absence => _rows.Absences.Put(absence.AbsenceId, absence))
                .Concat(expired.SelectMany(day => _dutyRecords.CheckIns[day].Keys.Select(cadreId => _rows.CheckIns.Delete((day, cadreId)))
                    .Append(_rows.CountedCheckIns.Put(day, _dutyRecords.CountedCheckIns.GetValueOrDefault(day) + _dutyRecords.CheckIns[day].Count))))
                .ToList();
            await CommitAsync(changes, null, Contribution.Duty);
        }
        return detected;
    }

    public async Task<IReadOnlyList<Absence>> ListAbsencesAsync(Period month)
    {
        var found = _dutyRecords.Absences.Values.Where(absence => MonthOf(absence.EstablishedOn) == month).ToList();
        foreach (var child in ChildrenWith(month, totals => totals.Absences))
        {
            found.AddRange(await GrainFactory.GetGrain<IDutyRegister>(child.Value).ListAbsencesAsync(month));
        }
        return found;
    }

    /// <summary>A day, within the check-in window, the cadre was planned at post here with neither a check-in nor leave.</summary>
    bool IsUnaccounted(string cadreId, DateOnly day, DateOnly today) =>
        day > today.AddDays(-_duty.CheckInWindowDays)
        && AssignedOn(cadreId, day)
        && _dutyRecords.CheckIns.GetValueOrDefault(day)?.ContainsKey(cadreId) != true
        && AwayOn(cadreId, day) is null;

    Leave? AwayOn(string cadreId, DateOnly day) =>
        _dutyRecords.Leave.Values.FirstOrDefault(leave => leave.Request.CadreId == cadreId && leave.Away is { } away && away.Covers(day));

    /// <summary>The first leave rule <paramref name="request"/> breaks, by the name it is configured under.</summary>
    (string Rule, string Detail)? BrokenLeaveRule(LeaveRequest request)
    {
        var days = request.Until.DayNumber - request.From.DayNumber + 1;
        var span = new DateSpan(request.From, request.Until);
        if (days < 1)
        {
            return ("Leave:Dates", $"The leave ends on {request.Until:yyyy-MM-dd}, before it starts on {request.From:yyyy-MM-dd}.");
        }
        if (_officeRecords.Members.GetValueOrDefault(request.CadreId)?.Stints.Any(stint => stint.Span.Covers(request.From) && stint.Span.Covers(request.Until)) != true)
        {
            return ("Leave:WithinAssignment", $"Cadre '{request.CadreId}' is not assigned to unit {Id} for the whole leave.");
        }
        if (_leave.MaxDays.TryGetValue(request.Kind, out var maxDays) && days > maxDays)
        {
            return ($"Leave:MaxDays:{request.Kind}", $"{request.Kind} leave is at most {maxDays} days; this request is {days}.");
        }
        if (_leave.NoticeDays.TryGetValue(request.Kind, out var notice) && request.From.DayNumber - request.RequestedOn.DayNumber < notice)
        {
            return ($"Leave:NoticeDays:{request.Kind}", notice >= 0
                ? $"{request.Kind} leave must be requested at least {notice} days before it starts."
                : $"{request.Kind} leave may be requested at most {-notice} days after it started.");
        }
        if (_dutyRecords.Leave.Values.FirstOrDefault(leave => leave.Request.CadreId == request.CadreId && leave.Holds
                && (leave.Away ?? new DateSpan(leave.Request.From, leave.Request.Until)).Overlaps(span)) is { } overlapping)
        {
            return ("Leave:NoOverlap", $"It overlaps leave '{overlapping.Request.LeaveId}' ({overlapping.Request.From:yyyy-MM-dd} to {overlapping.Request.Until:yyyy-MM-dd}).");
        }
        if (span.DaysWithin(span).Cast<DateOnly?>().FirstOrDefault(day => _dutyRecords.CheckIns.GetValueOrDefault(day!.Value)?.ContainsKey(request.CadreId) == true) is { } checkedIn)
        {
            return ("Leave:NotWhileCheckedIn", $"Cadre '{request.CadreId}' checked in on {checkedIn:yyyy-MM-dd}.");
        }
        foreach (var day in span.DaysWithin(span))
        {
            var onPost = AssignedCadresOn(day).Count(cadre => cadre != request.CadreId && !_dutyRecords.Leave.Values.Any(leave =>
                leave.Request.CadreId == cadre && leave.Holds && (leave.Away ?? new DateSpan(leave.Request.From, leave.Request.Until)).Covers(day)));
            if (onPost < _leave.MinOnPost)
            {
                return ("Leave:MinOnPost", $"On {day:yyyy-MM-dd} fewer than {_leave.MinOnPost} other cadres of unit {Id} would be at post.");
            }
        }
        return null;
    }

    /// <summary>Children whose held summary counts something in <paramref name="month"/>: the only subtrees a listing visits.</summary>
    IEnumerable<UnitId> ChildrenWith(Period month, Func<Totals, long> count) =>
        _ledger.Children.Where(child => _ledger.ChildSummary(child).Buckets.TryGetValue(month, out var totals) && count(totals) > 0);

    /// <summary>Check-ins by day: counted once when the unit activates, then one by one as they come.</summary>
    void AddCheckIns(SummaryBuilder summary)
    {
        foreach (var (day, checkIns) in _dutyRecords.CheckIns)
        {
            summary.AddDuty(day, new DutyCounts(checkIns.Count, 0));
        }
        foreach (var (day, count) in _dutyRecords.CountedCheckIns)
        {
            summary.AddDuty(day, new DutyCounts(count, 0));
        }
    }

    /// <summary>Assignments and leave by day; leave records in each month they touch; absences in the month established.</summary>
    void AddDuty(SummaryBuilder summary)
    {
        foreach (var member in _officeRecords.Members.Values)
        {
            foreach (var stint in member.Stints)
            {
                summary.AddAssigned(stint.Span);
            }
        }
        foreach (var leave in _dutyRecords.Leave.Values)
        {
            if (leave.Published)
            {
                foreach (var month in new DateSpan(leave.Request.From, leave.Request.Until).Months())
                {
                    summary.Add(month, Totals.Zero with { LeaveRecords = 1 });
                }
            }
            if (leave.Away is { } away)
            {
                foreach (var day in away.DaysWithin(away).Where(day => AssignedOn(leave.Request.CadreId, day)))
                {
                    summary.AddDuty(day, new DutyCounts(0, 1));
                }
            }
        }
        foreach (var absence in _dutyRecords.Absences.Values)
        {
            summary.Add(MonthOf(absence.EstablishedOn), Totals.Zero with { Absences = 1 });
        }
    }
}
