namespace Changdu.Grains.Tests;

/// <summary>Absence detection, without a cluster.</summary>
public class AbsenceDetectionTests
{
    static readonly UnitId Team = UnitId.Parse("540302101201");
    static readonly DateOnly Today = new(2016, 5, 12);

    static TeamDuty Duty(DateOnly since)
    {
        var duty = new TeamDuty();
        duty.Members["a"] = new Member("du-1", [new Stint(CadreRole.Member, new DateSpan(since, null))]);
        return duty;
    }

    static void CheckIn(TeamDuty duty, DateOnly day) =>
        duty.CheckIns[day] = new(StringComparer.Ordinal) { ["a"] = new CheckIn(day, null, null, null) };

    [Fact]
    public void Three_days_without_a_check_in_or_leave_make_an_absence_from_the_first()
    {
        var detection = new AbsenceDetection(new DutyOptions { AbsenceAfterDays = 3 });
        var duty = Duty(new DateOnly(2016, 5, 1));
        CheckIn(duty, Today.AddDays(-4));

        var absence = Assert.Single(detection.Detect(duty, Team, Today));

        Assert.Equal(Today.AddDays(-3), absence.From);
        Assert.Equal("du-1", absence.DispatchingUnitId);
        Assert.Equal(AbsenceSource.Detected, absence.Source);
    }

    [Fact]
    public void A_check_in_leave_an_open_absence_or_a_short_assignment_detects_nothing()
    {
        var detection = new AbsenceDetection(new DutyOptions { AbsenceAfterDays = 3 });
        var checkedIn = Duty(new DateOnly(2016, 5, 1));
        CheckIn(checkedIn, Today.AddDays(-2));
        Assert.Empty(detection.Detect(checkedIn, Team, Today));

        var onLeave = Duty(new DateOnly(2016, 5, 1));
        onLeave.Leave["l"] = new Leave(new LeaveRequest("l", "a", LeaveKind.Sick, Today.AddDays(-2), Today, "病假", Today.AddDays(-2)),
            LeaveStatus.Approved, "office", Today.AddDays(-2), null, Team);
        Assert.Empty(detection.Detect(onLeave, Team, Today));

        var alreadyAbsent = Duty(new DateOnly(2016, 5, 1));
        alreadyAbsent.Absences["x"] = new Absence("x", "a", "du-1", Team, Today.AddDays(-8), null, Today.AddDays(-6), AbsenceSource.Detected, "");
        Assert.Empty(detection.Detect(alreadyAbsent, Team, Today));

        Assert.Empty(detection.Detect(Duty(Today.AddDays(-2)), Team, Today));
    }

    [Fact]
    public void The_window_bounds_check_ins_and_what_is_kept_in_full()
    {
        var detection = new AbsenceDetection(new DutyOptions { CheckInWindowDays = 7 });
        Assert.True(detection.InWindow(Today, Today));
        Assert.True(detection.InWindow(Today.AddDays(-6), Today));
        Assert.False(detection.InWindow(Today.AddDays(-7), Today));
        Assert.False(detection.InWindow(Today.AddDays(1), Today));

        var duty = Duty(new DateOnly(2016, 4, 1));
        CheckIn(duty, Today.AddDays(-7));
        CheckIn(duty, Today.AddDays(-6));
        Assert.Equal([Today.AddDays(-7)], detection.DaysPastWindow(duty, Today));
    }

    [Fact]
    public void Team_is_next_due_the_day_its_last_present_cadre_would_reach_the_limit()
    {
        var detection = new AbsenceDetection(new DutyOptions { AbsenceAfterDays = 3, CheckInWindowDays = 30 });
        var duty = Duty(new DateOnly(2016, 5, 1));
        CheckIn(duty, Today.AddDays(-1));

        // Present yesterday: three days unaccounted from today make an absence detected on the third day after.
        Assert.Equal(Today.AddDays(3), detection.NextDueDay(duty, Today));
        // The oldest full check-ins leave the window earlier than that when they are old enough.
        CheckIn(duty, Today.AddDays(-29));
        Assert.Equal(Today.AddDays(1), detection.NextDueDay(duty, Today));
    }

    [Fact]
    public void Team_whose_cadre_starts_later_is_due_after_the_start_and_one_with_no_one_serving_never()
    {
        var detection = new AbsenceDetection(new DutyOptions { AbsenceAfterDays = 3 });

        Assert.Equal(Today.AddDays(10 + 3), detection.NextDueDay(Duty(Today.AddDays(10)), Today));
        Assert.Null(detection.NextDueDay(new TeamDuty(), Today));
        var overdue = Duty(new DateOnly(2016, 5, 1));
        Assert.Equal(Today, detection.NextDueDay(overdue, Today));
        overdue.Absences["x"] = new Absence("x", "a", "du-1", Team, new DateOnly(2016, 5, 1), null, new DateOnly(2016, 5, 4), AbsenceSource.Detected, "");
        Assert.Null(detection.NextDueDay(overdue, Today));
    }

    [Fact]
    public void Cadre_back_from_an_absence_is_not_found_absent_again_for_the_same_days()
    {
        var detection = new AbsenceDetection(new DutyOptions { AbsenceAfterDays = 3 });
        var duty = Duty(new DateOnly(2016, 5, 1));
        var first = Assert.Single(detection.Detect(duty, Team, Today));
        duty.Absences[first.AbsenceId] = first with { Until = Today.AddDays(-1) };
        CheckIn(duty, Today);

        Assert.Empty(detection.Detect(duty, Team, Today.AddDays(1)));
        Assert.Equal(Today.AddDays(3), detection.NextDueDay(duty, Today));
    }
}
