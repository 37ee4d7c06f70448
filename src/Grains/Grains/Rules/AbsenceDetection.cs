namespace Changdu.Grains;

/// <summary>
/// Unauthorised absence (docs/domain.md, practice 9): a cadre assigned to a team who has gone
/// <see cref="DutyOptions.AbsenceAfterDays"/> days in a row, up to yesterday, with neither a
/// check-in nor leave that has them away, and has no open absence already. Only days inside the
/// check-in window count, since older check-ins are kept only as counts.
/// </summary>
public sealed class AbsenceDetection(DutyOptions options)
{
    public IReadOnlyList<Absence> Detect(TeamDuty duty, UnitId unit, DateOnly today)
    {
        var lastDay = today.AddDays(-1);
        var detected = new List<Absence>();
        foreach (var cadreId in duty.AssignedCadresOn(lastDay))
        {
            if (duty.Absences.Values.Any(absence => absence.CadreId == cadreId && absence.Until is null))
            {
                continue;
            }
            var missed = 0;
            for (var day = lastDay; missed < options.AbsenceAfterDays && IsUnaccounted(duty, cadreId, day, today); day = day.AddDays(-1))
            {
                missed++;
            }
            if (missed == options.AbsenceAfterDays)
            {
                var from = lastDay.AddDays(1 - missed);
                detected.Add(new Absence($"detected-{cadreId}-{from:yyyyMMdd}", cadreId, duty.DispatchingUnitOf(cadreId),
                    unit, from, null, lastDay, AbsenceSource.Detected, $"No check-in and no approved leave for {missed} days."));
            }
        }
        return detected;
    }

    /// <summary>
    /// The first day from <paramref name="today"/> on which <see cref="Detect"/> or the folding of old
    /// check-ins could find something, as the facts stand: for each cadre serving or to serve, without an
    /// open absence, the day their unaccounted days would reach the limit; and the day the oldest full
    /// check-ins leave the window. Null when nothing could ever be due (no one serves).
    /// </summary>
    public DateOnly? NextDueDay(TeamDuty duty, DateOnly today)
    {
        var due = new List<DateOnly>();
        if (duty.CheckIns.Count > 0)
        {
            due.Add(duty.CheckIns.Keys.Min().AddDays(options.CheckInWindowDays));
        }
        foreach (var (cadreId, member) in duty.Members)
        {
            if (duty.Absences.Values.Any(absence => absence.CadreId == cadreId && absence.Until is null))
            {
                continue;
            }
            foreach (var stint in member.Stints.Where(stint => stint.Span.Until is not { } until || until >= today))
            {
                // The last day up to yesterday the cadre was accounted for: present, away, or not yet serving.
                var accounted = stint.Span.From.AddDays(-1);
                for (var day = today.AddDays(-1); day > stint.Span.From.AddDays(-1) && day > today.AddDays(-options.CheckInWindowDays); day = day.AddDays(-1))
                {
                    if (!IsUnaccounted(duty, cadreId, day, today))
                    {
                        accounted = day;
                        break;
                    }
                }
                if (accounted < today.AddDays(-options.CheckInWindowDays) && stint.Span.From <= today)
                {
                    accounted = today.AddDays(-options.CheckInWindowDays);
                }
                due.Add(accounted.AddDays(options.AbsenceAfterDays + 1));
            }
        }
        return due.Count == 0 ? null : Max(due.Min(), today);
    }

    static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    /// <summary>The days whose check-ins have left the window, to be kept only as counts.</summary>
    public IReadOnlyList<DateOnly> DaysPastWindow(TeamDuty duty, DateOnly today) =>
        duty.CheckIns.Keys.Where(day => day <= today.AddDays(-options.CheckInWindowDays)).ToList();

    /// <summary>Whether a check-in for <paramref name="day"/> may be entered on <paramref name="today"/>: today or the window's days before.</summary>
    public bool InWindow(DateOnly day, DateOnly today) => day <= today && day > today.AddDays(-options.CheckInWindowDays);

    /// <summary>A day an absence already covers is accounted for: a cadre back from one is not found absent for the same days again.</summary>
    bool IsUnaccounted(TeamDuty duty, string cadreId, DateOnly day, DateOnly today) =>
        InWindow(day, today)
        && duty.AssignedOn(cadreId, day)
        && !duty.CheckedIn(cadreId, day)
        && duty.AwayOn(cadreId, day) is null
        && !duty.Absences.Values.Any(absence => absence.CadreId == cadreId && absence.From <= day && (absence.Until is not { } until || day <= until));
}
