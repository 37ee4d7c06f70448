namespace Changdu.Grains.Tests.Rules;

public class SummonsRuleTests
{
    static readonly SummonsCriteria Criteria = new(MinAbsences: 2, MinOpenProblemsPerTeam: 5, MinReportingRate: 0.5, MinNegativeFeedback: 3);

    static Conduct Month(int absences = 0, int teams = 2, long open = 0, long expected = 14, long received = 14, long negative = 0) =>
        new("region-water", "Region Water Resources Department", DispatchingLevel.AutonomousRegion, Period.Parse("2016-05"), 2, teams, absences, open,
            expected, received, Rate.Of(Math.Min(received, expected), expected), negative, []);

    [Fact]
    public void A_quiet_month_meets_no_criterion() =>
        Assert.Empty(SummonsRule.Reasons(Month(absences: 1, open: 9, received: 7, negative: 2), Criteria));

    [Fact]
    public void Each_criterion_is_named_at_its_threshold()
    {
        Assert.Equal([SummonsReasons.Absences], SummonsRule.Reasons(Month(absences: 2), Criteria));
        Assert.Equal([SummonsReasons.OpenProblems], SummonsRule.Reasons(Month(open: 10), Criteria));
        Assert.Equal([SummonsReasons.LowReporting], SummonsRule.Reasons(Month(received: 6), Criteria));
        Assert.Equal([SummonsReasons.VillagerFeedback], SummonsRule.Reasons(Month(negative: 3), Criteria));
    }

    [Fact]
    public void Every_criterion_met_is_named_in_order() =>
        Assert.Equal(["absences", "open-problems", "low-reporting", "villager-feedback"],
            SummonsRule.Reasons(Month(absences: 3, open: 12, received: 1, negative: 4), Criteria));

    [Fact]
    public void A_month_with_nothing_due_is_not_low_reporting() =>
        Assert.Empty(SummonsRule.Reasons(Month(expected: 0, received: 0), Criteria));

    [Fact]
    public void Open_problems_need_a_team_to_count_against() =>
        Assert.Empty(SummonsRule.Reasons(Month(teams: 0, open: 0, expected: 0, received: 0), Criteria));
}
