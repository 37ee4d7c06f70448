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

    /// <summary>The days whose check-ins have left the window, to be kept only as counts.</summary>
    public IReadOnlyList<DateOnly> DaysPastWindow(TeamDuty duty, DateOnly today) =>
        duty.CheckIns.Keys.Where(day => day <= today.AddDays(-options.CheckInWindowDays)).ToList();

    /// <summary>Whether a check-in for <paramref name="day"/> may be entered on <paramref name="today"/>: today or the window's days before.</summary>
    public bool InWindow(DateOnly day, DateOnly today) => day <= today && day > today.AddDays(-options.CheckInWindowDays);

    bool IsUnaccounted(TeamDuty duty, string cadreId, DateOnly day, DateOnly today) =>
        InWindow(day, today)
        && duty.AssignedOn(cadreId, day)
        && !duty.CheckedIn(cadreId, day)
        && duty.AwayOn(cadreId, day) is null;
}
