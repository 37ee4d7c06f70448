namespace Changdu.Grains.Tests;

public class AssessmentTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    static readonly Period March = Period.Parse("2016-03");
    readonly IGrainFactory _grains = fixture.Grains;

    IAssessingOffice Office(UnitId unit) => _grains.GetGrain<IAssessingOffice>(unit.Value);

    /// <summary>Files the weekly reports of March 2016 (weeks 9–13 by their Thursday) for the first <paramref name="weeks"/> of them.</summary>
    async Task FileMarchWeeksAsync(UnitId team, int weeks, int identified = 0, int resolved = 0)
    {
        foreach (var week in March.Split(PeriodKind.Week).Take(weeks))
        {
            var result = await _grains.GetGrain<IUnitGrain>(team.Value).SubmitReportAsync(
                new ReportDraft($"r-{week}", Cadence.Weekly, week, new ReportFigures(1, identified, resolved), null));
            Assert.True(result.Accepted, result.Detail);
        }
    }

    /// <summary>The township's March assessment once every team's summary has arrived (each expects 5 weekly reports) and <paramref name="settled"/> holds.</summary>
    async Task<Assessment> SettledAssessmentAsync(TestTree tree, Func<Assessment, bool> settled)
    {
        var township = tree.Townships[0];
        await Eventually.Returns(() => _grains.GetGrain<IRollupNode>(township.Value).GetRollupAsync(March),
            view => view!.Children.All(child => child.ExpectedReports == 5));
        return (await Eventually.Returns(() => Office(township).GetAssessmentAsync(March), assessment => settled(assessment!)))!;
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(3, 0)]
    [InlineData(4, 1)]
    [InlineData(7, 2)]
    [InlineData(9, 2)]
    [InlineData(10, 3)]
    [InlineData(11, 3)]
    [InlineData(138, 41)]
    public void Flags_go_to_the_top_thirty_percent_rounded_down(int assessed, int flags) =>
        Assert.Equal(flags, MonthlyRanking.FlagsFor(assessed, 30));

    [Fact]
    public async Task Children_are_ranked_by_score_and_the_top_share_flagged()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 7);
        var teams = tree.Teams;
        // Completeness decides: team i files i of March's 5 weekly reports (team 6 and 7 file all).
        for (var i = 0; i < teams.Count; i++)
        {
            await FileMarchWeeksAsync(teams[i], Math.Min(i, 5));
        }

        var assessment = await SettledAssessmentAsync(tree, a => a.Ranking.Sum(unit => unit.Indicators.Completeness) == 0.2m * (0 + 1 + 2 + 3 + 4 + 5 + 5));

        Assert.False(assessment.Closed);
        Assert.Equal(7, assessment.Ranking.Count);
        Assert.Equal(Enumerable.Range(1, 7), assessment.Ranking.Select(unit => unit.Rank));
        Assert.True(assessment.Ranking.Zip(assessment.Ranking.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score));
        // Teams 6 and 7 tie on every indicator: the lower unit id ranks first. 7 children: 2 flags.
        Assert.Equal([teams[5], teams[6], teams[4]], assessment.Ranking.Take(3).Select(unit => unit.UnitId));
        Assert.Equal([true, true, false], assessment.Ranking.Take(3).Select(unit => unit.Flag));
        Assert.Equal(2, assessment.Flags);
        Assert.Equal(teams[0], assessment.Ranking[^1].UnitId);
    }

    [Fact]
    public async Task A_closed_month_stays_frozen_while_late_reports_still_roll_up()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 4);
        var township = tree.Townships[0];
        await FileMarchWeeksAsync(tree.Teams[0], 5);
        await SettledAssessmentAsync(tree, a => a.Ranking[0].Indicators.Completeness == 1);

        var closed = await Office(township).CloseMonthAsync(March, "tester");
        Assert.Equal(CloseOutcome.Closed, closed.Outcome);
        Assert.Equal([tree.Teams[0]], closed.Assessment!.Ranking.Where(unit => unit.Flag).Select(unit => unit.UnitId));

        // A late report: the rollup counts it, the frozen ranking does not change.
        await FileMarchWeeksAsync(tree.Teams[3], 5);
        var rollup = await Eventually.Returns(() => _grains.GetGrain<IRollupNode>(township.Value).GetRollupAsync(March), view => view!.Totals.Reports == 10);
        Assert.Equal(10, rollup!.Totals.Reports);
        var after = await Office(township).GetAssessmentAsync(March);
        Assert.True(after!.Closed);
        Assert.Equal(closed.Assessment.Ranking, after.Ranking);
        var again = await Office(township).CloseMonthAsync(March, "someone else");
        Assert.Equal(CloseOutcome.AlreadyClosed, again.Outcome);
        Assert.Equal("tester", again.Assessment!.ClosedBy);

        // The award round and its flag roll up; the flagged team sees the flag in its history.
        var city = await Eventually.Returns(() => _grains.GetGrain<IRollupNode>(tree.City.Value).GetRollupAsync(March), view => view!.Totals.AwardRounds == 1);
        Assert.Equal((1, 1), (city!.Totals.AwardRounds, city.Totals.Flags));
        var history = await _grains.GetGrain<IUnitGrain>(tree.Teams[0].Value).GetFlagHistoryAsync();
        Assert.Equal(March, Assert.Single(history!).Month);
        Assert.Empty((await _grains.GetGrain<IUnitGrain>(tree.Teams[3].Value).GetFlagHistoryAsync())!);
    }

    [Fact]
    public async Task A_month_cannot_be_closed_before_it_ends()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 2);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

        var result = await Office(tree.Townships[0]).CloseMonthAsync(Period.Month(today.Year, today.Month), "tester");

        Assert.Equal(CloseOutcome.PeriodNotEnded, result.Outcome);
        Assert.Equal(CloseOutcome.NoChildren, (await Office(tree.Teams[0]).CloseMonthAsync(March, "tester")).Outcome);
    }

    [Fact]
    public async Task The_schedule_closes_ended_months_with_reports_once_their_closing_day_has_come()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 2);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var thisMonth = Period.Month(today.Year, today.Month);
        // A month closes on the fifth day after it ends: the last one due is the month before the one five days ago.
        var monthBefore = today.AddDays(-new AssessmentOptions().CloseAfterDays).AddMonths(-1);
        var lastDue = Period.Month(monthBefore.Year, monthBefore.Month);
        var monthBeforeThat = Period.Month(monthBefore.AddMonths(-1).Year, monthBefore.AddMonths(-1).Month);
        var week = lastDue.Split(PeriodKind.Week).First();
        await _grains.GetGrain<IUnitGrain>(tree.Teams[0].Value).SubmitReportAsync(new ReportDraft("due", Cadence.Weekly, week, new ReportFigures(1, 0, 0), null));
        await Eventually.Returns(() => _grains.GetGrain<IRollupNode>(tree.Townships[0].Value).GetRollupAsync(lastDue), view => view!.Totals.Reports == 1);

        var children = await Office(tree.Townships[0]).CloseDueMonthsAsync();

        Assert.Equal(tree.Teams.Take(2), children);
        Assert.True((await Office(tree.Townships[0]).GetAssessmentAsync(lastDue))!.Closed);
        // Due as well, but nothing was reported in it: the schedule leaves it to the office.
        Assert.False((await Office(tree.Townships[0]).GetAssessmentAsync(monthBeforeThat))!.Closed);
        Assert.Equal("schedule", (await Office(tree.Townships[0]).GetAssessmentAsync(lastDue))!.ClosedBy);
        Assert.False((await Office(tree.Townships[0]).GetAssessmentAsync(thisMonth))!.Closed);
        Assert.False((await Office(tree.Townships[0]).GetAssessmentAsync(March))!.Closed);
    }
}
