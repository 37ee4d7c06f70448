namespace Changdu.Grains.Tests;

/// <summary>The leave rules, without a cluster: each request breaks exactly the rule named.</summary>
public class LeavePolicyTests
{
    static readonly UnitId Team = UnitId.Parse("540302101201");
    static readonly DateOnly Monday = new(2016, 5, 2);

    static TeamDuty Duty(params string[] cadres)
    {
        var duty = new TeamDuty();
        foreach (var cadre in cadres)
        {
            duty.Members[cadre] = new Member("du-1", [new Stint(CadreRole.Member, new DateSpan(new DateOnly(2016, 1, 1), null))]);
        }
        return duty;
    }

    static LeaveRequest Request(string id, string cadre, int fromDay, int days, LeaveKind kind = LeaveKind.Personal, int askedDaysBefore = 10) =>
        new(id, cadre, kind, Monday.AddDays(fromDay), Monday.AddDays(fromDay + days - 1), "事假", Monday.AddDays(fromDay - askedDaysBefore));

    static string? Broken(LeaveRequest request, TeamDuty duty, LeaveOptions? options = null) =>
        new LeavePolicy(options ?? new LeaveOptions { MinOnPost = 1 }).BrokenRule(request, duty, Team)?.Rule;

    [Fact]
    public void A_request_within_every_rule_passes() =>
        Assert.Null(Broken(Request("l-1", "a", 0, 3), Duty("a", "b")));

    [Fact]
    public void Each_rule_is_named_as_configured()
    {
        Assert.Equal("Leave:Dates", Broken(Request("l-1", "a", 0, 0), Duty("a", "b")));
        Assert.Equal("Leave:WithinAssignment", Broken(Request("l-1", "stranger", 0, 3), Duty("a", "b")));
        Assert.Equal("Leave:MaxDays:Personal", Broken(Request("l-1", "a", 0, 40), Duty("a", "b"), new LeaveOptions { MaxDays = { [LeaveKind.Personal] = 30 } }));
        Assert.Equal("Leave:NoticeDays:Personal", Broken(Request("l-1", "a", 0, 3, askedDaysBefore: 0), Duty("a", "b"), new LeaveOptions { NoticeDays = { [LeaveKind.Personal] = 3 } }));
        Assert.Equal("Leave:MinOnPost", Broken(Request("l-1", "a", 0, 3), Duty("a")));
    }

    [Fact]
    public void Overlapping_leave_and_a_day_checked_in_are_refused()
    {
        var duty = Duty("a", "b", "c");
        duty.Leave["held"] = new Leave(Request("held", "a", 2, 3), LeaveStatus.Requested, null, null, null, Team);
        Assert.Equal("Leave:NoOverlap", Broken(Request("l-2", "a", 0, 3), duty));

        duty.CheckIns[Monday.AddDays(10)] = new(StringComparer.Ordinal) { ["b"] = new CheckIn(Monday.AddDays(10), null, null, null) };
        Assert.Equal("Leave:NotWhileCheckedIn", Broken(Request("l-3", "b", 9, 3), duty));
    }

    [Fact]
    public void Cadres_held_by_leave_do_not_count_as_at_post()
    {
        var duty = Duty("a", "b", "c");
        duty.Leave["b-away"] = new Leave(Request("b-away", "b", 0, 5), LeaveStatus.Approved, "office", Monday, null, Team);

        Assert.Null(Broken(Request("l-1", "a", 0, 3), duty, new LeaveOptions { MinOnPost = 1 }));
        Assert.Equal("Leave:MinOnPost", Broken(Request("l-1", "a", 0, 3), duty, new LeaveOptions { MinOnPost = 2 }));
    }
}
