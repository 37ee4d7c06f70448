namespace Changdu.Grains.Tests;

public class DutyTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    static readonly DateOnly Today = new ReportingOptions().LocalDay(DateTimeOffset.UtcNow);
    readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task A_transfer_mid_month_counts_the_cadre_in_the_team_they_served_each_day()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 2);
        var cadre = await Register(tree, tree.Teams[0], Today.AddDays(-20));
        var transferredOn = Today.AddDays(-10);
        await _grains.GetGrain<ICadreGrain>(cadre).TransferAsync(tree.Teams[1], CadreRole.Member, transferredOn);

        for (var day = Today.AddDays(-20); day < Today; day = day.AddDays(1))
        {
            var (right, wrong) = day < transferredOn ? (tree.Teams[0], tree.Teams[1]) : (tree.Teams[1], tree.Teams[0]);
            Assert.Equal(DutyOutcome.NotOnDuty, (await Duty(wrong).RecordCheckInAsync(cadre, new CheckIn(day, null, null, null))).Outcome);
            Assert.Equal(DutyOutcome.Recorded, (await Duty(right).RecordCheckInAsync(cadre, new CheckIn(day, new TimeOnly(8, 30), 31.14m, 97.17m))).Outcome);
        }

        var span = new DateSpan(Today.AddDays(-20), Today.AddDays(-1));
        var before = Today.AddDays(-15);
        var after = Today.AddDays(-5);
        Assert.Equal(new DutyDay(before, 1, 1, 0, 0, 0), (await Duty(tree.Teams[0]).GetDutyAsync(span))!.Single(day => day.Day == before));
        Assert.Equal(new DutyDay(after, 0, 0, 0, 0, 0), (await Duty(tree.Teams[0]).GetDutyAsync(span))!.Single(day => day.Day == after));
        Assert.Equal(new DutyDay(after, 1, 1, 0, 0, 0), (await Duty(tree.Teams[1]).GetDutyAsync(span))!.Single(day => day.Day == after));
        var township = await Eventually.Returns(() => Duty(tree.Townships[0]).GetDutyAsync(span)!, days => days!.All(day => day.CheckedIn == 1));
        Assert.All(township!, day => Assert.Equal((1, 1, 0L), (day.Planned, day.CheckedIn, day.Absent)));
    }

    [Fact]
    public async Task A_day_without_check_in_or_leave_is_absent_once_over_and_awaiting_until_then()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var team = Duty(tree.Teams[0]);
        var present = await Register(tree, tree.Teams[0], Today.AddDays(-3));
        await Register(tree, tree.Teams[0], Today.AddDays(-3));
        await team.RecordCheckInAsync(present, new CheckIn(Today.AddDays(-1), null, null, null));
        await team.RecordCheckInAsync(present, new CheckIn(Today, null, null, null));

        var days = await team.GetDutyAsync(new DateSpan(Today.AddDays(-1), Today));

        Assert.Equal([new DutyDay(Today.AddDays(-1), 2, 1, 0, 1, 0), new DutyDay(Today, 2, 1, 0, 0, 1)], days!);
        Assert.Equal((0.5, 1.0), (days![0].OnDutyRate, days[1].OnDutyRate));
        Assert.Equal(DutyOutcome.AlreadyStored, (await team.RecordCheckInAsync(present, new CheckIn(Today, new TimeOnly(9, 0), null, null))).Outcome);
        Assert.Equal(DutyOutcome.OutsideWindow, (await team.RecordCheckInAsync(present, new CheckIn(Today.AddDays(1), null, null, null))).Outcome);
    }

    [Fact]
    public async Task Overlapping_or_out_of_rule_leave_is_refused_naming_the_rule()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var team = Duty(tree.Teams[0]);
        var first = await Register(tree, tree.Teams[0], Today.AddDays(-30));
        var second = await Register(tree, tree.Teams[0], Today.AddDays(-30));
        var rest = new LeaveRequest("rest-1", first, LeaveKind.RotationRest, Today.AddDays(5), Today.AddDays(14), "rotation", Today);

        Assert.Equal(LeaveOutcome.Requested, (await team.RequestLeaveAsync(rest)).Outcome);
        Assert.Equal(LeaveOutcome.AlreadyStored, (await team.RequestLeaveAsync(rest)).Outcome);
        Assert.Equal(LeaveOutcome.AlreadyStored, (await team.RequestLeaveAsync(rest with { RequestedOn = Today.AddDays(1) })).Outcome);
        Assert.Equal("Leave:NoOverlap", (await team.RequestLeaveAsync(rest with { LeaveId = "rest-2", From = Today.AddDays(10), Until = Today.AddDays(20) })).Rule);
        Assert.Equal("Leave:MaxDays:Personal", (await team.RequestLeaveAsync(
            new LeaveRequest("long", second, LeaveKind.Personal, Today.AddDays(30), Today.AddDays(60), "family", Today))).Rule);
        Assert.Equal("Leave:NoticeDays:RotationRest", (await team.RequestLeaveAsync(
            new LeaveRequest("short-notice", second, LeaveKind.RotationRest, Today.AddDays(1), Today.AddDays(2), "rest", Today))).Rule);
        Assert.Equal("Leave:MinOnPost", (await team.RequestLeaveAsync(
            new LeaveRequest("both-away", second, LeaveKind.RotationRest, Today.AddDays(12), Today.AddDays(16), "rest", Today))).Rule);
        Assert.Equal("Leave:WithinAssignment", (await team.RequestLeaveAsync(
            new LeaveRequest("before-start", second, LeaveKind.Sick, Today.AddDays(-35), Today.AddDays(-33), "flu", Today.AddDays(-33)))).Rule);
        Assert.Equal(LeaveOutcome.LeaveIdTaken, (await team.RequestLeaveAsync(rest with { Reason = "changed" })).Outcome);
    }

    [Fact]
    public async Task Approved_leave_counts_on_leave_each_day_until_the_cadre_reports_back()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var team = Duty(tree.Teams[0]);
        var away = await Register(tree, tree.Teams[0], Today.AddDays(-30));
        await Register(tree, tree.Teams[0], Today.AddDays(-30));
        var sick = new LeaveRequest("sick-1", away, LeaveKind.Sick, Today.AddDays(-6), Today.AddDays(-1), "fever", Today.AddDays(-5));
        await team.RequestLeaveAsync(sick);

        Assert.Equal(LeaveOutcome.Decided, (await team.DecideLeaveAsync("sick-1", approve: true, "township office", Today.AddDays(-5))).Outcome);
        Assert.Equal(DutyOutcome.OnLeave, (await team.RecordCheckInAsync(away, new CheckIn(Today.AddDays(-3), null, null, null))).Outcome);
        Assert.Equal(LeaveOutcome.ReportedBack, (await team.ReportBackAsync("sick-1", Today.AddDays(-3))).Outcome);
        Assert.Equal(DutyOutcome.Recorded, (await team.RecordCheckInAsync(away, new CheckIn(Today.AddDays(-3), null, null, null))).Outcome);

        var days = await team.GetDutyAsync(new DateSpan(Today.AddDays(-6), Today.AddDays(-3)));

        Assert.Equal([1L, 1, 1, 0], days!.Select(day => day.OnLeave));
        Assert.Equal([0L, 0, 0, 1], days!.Select(day => day.CheckedIn));
        Assert.Equal([1L, 1, 1, 1], days!.Select(day => day.Absent));
        var month = Period.Month(Today.AddDays(-6).Year, Today.AddDays(-6).Month);
        var listed = await Eventually.Returns(() => Duty(tree.City).ListLeaveAsync(month), leave => leave.Count == 1);
        Assert.Equal((LeaveStatus.ReportedBack, Today.AddDays(-3)), (listed.Single().Status, listed.Single().ReturnedOn));
    }

    [Fact]
    public async Task Days_without_check_in_or_leave_across_a_month_boundary_raise_one_absence_in_the_month_it_was_established()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var team = Duty(tree.Teams[0]);
        var boundary = new DateOnly(Today.Year, Today.Month, 1);
        var cadre = await Register(tree, tree.Teams[0], boundary.AddDays(-10));
        for (var day = boundary.AddDays(-10); day < boundary.AddDays(-2); day = day.AddDays(1))
        {
            await team.RecordCheckInAsync(cadre, new CheckIn(day, null, null, null));
        }

        Assert.Empty(await team.DetectAbsencesAsync(boundary));
        var detected = await team.DetectAbsencesAsync(boundary.AddDays(1));
        Assert.Empty(await team.DetectAbsencesAsync(boundary.AddDays(2)));

        var absence = Assert.Single(detected);
        Assert.Equal((cadre, boundary.AddDays(-2), boundary, AbsenceSource.Detected), (absence.CadreId, absence.From, absence.EstablishedOn, absence.Source));
        var month = Period.Month(boundary.Year, boundary.Month);
        var listed = await Eventually.Returns(() => Duty(tree.City).ListAbsencesAsync(month), absences => absences.Count == 1);
        Assert.Equal(absence, listed.Single());
        Assert.Empty(await Duty(tree.City).ListAbsencesAsync(Period.Month(boundary.AddDays(-1).Year, boundary.AddDays(-1).Month)));
        var rollup = await Eventually.Returns(() => _grains.GetGrain<IRollupNode>(tree.City.Value).GetRollupAsync(month), view => view!.Totals.Absences > 0);
        Assert.Equal(1, rollup!.Totals.Absences);
    }

    IDutyRegister Duty(UnitId unit) => _grains.GetGrain<IDutyRegister>(unit.Value);

    int _cadres;

    async Task<string> Register(TestTree tree, UnitId team, DateOnly from)
    {
        var cadreId = $"duty-{tree.City}-{Interlocked.Increment(ref _cadres)}";
        var registration = new CadreRegistration("Dawa", "female", "party member", "540302198503151232", "13912345678", "City Finance Bureau",
            team, CadreRole.Member, from);
        Assert.Equal(CadreOutcome.Registered, (await _grains.GetGrain<ICadreGrain>(cadreId).RegisterAsync(registration)).Outcome);
        return cadreId;
    }
}
