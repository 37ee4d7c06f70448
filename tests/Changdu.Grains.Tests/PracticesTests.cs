using CsCheck;

namespace Changdu.Grains.Tests;

/// <summary>The problem register, completeness and timeliness, training and cross-inspection, rolled up.</summary>
public class PracticesTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    static readonly Period May = Period.Parse("2016-05");
    readonly IGrainFactory _grains = fixture.Grains;

    IProblemRegister Register(UnitId unit) => _grains.GetGrain<IProblemRegister>(unit.Value);

    Task<RollupView?> Rollup(UnitId unit, PeriodRange? period = null) => _grains.GetGrain<IRollupNode>(unit.Value).GetRollupAsync(period);

    static ProblemDraft Manual(string id, DateOnly raisedOn) => new(id, "livelihood", "Road washed out", raisedOn, ProblemSource.Manual, null);

    [Fact]
    public async Task Registered_problems_roll_up_as_identified_resolved_and_open_with_their_ages()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 2);
        var team = tree.Teams[0];
        Assert.Equal(ProblemOutcome.Raised, (await Register(team).RaiseProblemAsync(Manual("p1", new DateOnly(2016, 5, 2)))).Outcome);
        Assert.Equal(ProblemOutcome.Raised, (await Register(team).RaiseProblemAsync(Manual("p2", new DateOnly(2016, 5, 10)))).Outcome);
        Assert.Equal(ProblemOutcome.Raised, (await Register(tree.Teams[1]).RaiseProblemAsync(Manual("p3", new DateOnly(2016, 5, 20)))).Outcome);
        Assert.Equal(ProblemOutcome.AlreadyStored, (await Register(team).RaiseProblemAsync(Manual("p1", new DateOnly(2016, 5, 2)))).Outcome);
        Assert.Equal(ProblemOutcome.ProblemIdTaken, (await Register(team).RaiseProblemAsync(Manual("p1", new DateOnly(2016, 5, 3)))).Outcome);

        var resolved = await Register(team).ResolveProblemAsync("p2", new DateOnly(2016, 6, 1), "Rebuilt");
        Assert.Equal(ProblemOutcome.Resolved, resolved.Outcome);
        Assert.Equal(ProblemOutcome.DateOutOfOrder, (await Register(team).ResolveProblemAsync("p1", new DateOnly(2016, 4, 1), "too early")).Outcome);

        var city = await Eventually.Returns(() => Rollup(tree.City), view => view!.Totals.ProblemsResolved == 1 && view.OpenProblems.Open == 2);
        Assert.Equal((3, 1), (city!.Totals.ProblemsIdentified, city.Totals.ProblemsResolved));
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        Assert.Equal(today.DayNumber - new DateOnly(2016, 5, 2).DayNumber, city.OpenProblems.OldestDays);
        Assert.Equal(today.DayNumber - new DateOnly(2016, 5, 2).DayNumber, city.OpenProblems.MedianDays);
        Assert.Equal(3, (await Rollup(tree.City, May))!.Totals.ProblemsIdentified);
        Assert.Equal(1, (await Rollup(tree.City, Period.Parse("2016-06")))!.Totals.ProblemsResolved);

        // Reopening takes the resolution back.
        Assert.Equal(ProblemOutcome.Reopened, (await Register(team).ReopenProblemAsync("p2", "Washed out again")).Outcome);
        Assert.Equal(ProblemOutcome.NotResolved, (await Register(team).ReopenProblemAsync("p2", "twice")).Outcome);
        var reopened = await Eventually.Returns(() => Rollup(tree.City), view => view!.OpenProblems.Open == 3);
        Assert.Equal((3, 0), (reopened!.Totals.ProblemsIdentified, reopened.Totals.ProblemsResolved));
        Assert.Equal(new DateOnly(2016, 5, 10), (await Register(team).ListProblemsAsync(openOnly: true))![1].RaisedOn);
    }

    [Fact]
    public async Task Problems_raised_from_a_report_are_counted_once_by_the_report()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var team = tree.Teams[0];
        var unit = _grains.GetGrain<IUnitGrain>(team.Value);
        await unit.SubmitReportAsync(new ReportDraft("w19", Cadence.Weekly, Period.Parse("2016-W19"), new ReportFigures(1, 2, 0), null));
        ProblemDraft FromReport(string id) => new(id, "education", "School roof", new DateOnly(2016, 5, 12), ProblemSource.Report, "w19");

        Assert.Equal(ProblemOutcome.Raised, (await Register(team).RaiseProblemAsync(FromReport("a"))).Outcome);
        Assert.Equal(ProblemOutcome.Raised, (await Register(team).RaiseProblemAsync(FromReport("b"))).Outcome);
        Assert.Equal(ProblemOutcome.MoreProblemsThanReported, (await Register(team).RaiseProblemAsync(FromReport("c"))).Outcome);
        Assert.Equal(ProblemOutcome.UnknownSource, (await Register(team).RaiseProblemAsync(FromReport("d") with { SourceId = "nope" })).Outcome);
        var correction = await unit.CorrectReportAsync("w19", new ReportCorrection(null, null, new ReportFigures(1, 1, 0), null));
        Assert.Equal(ReportOutcome.FewerProblemsThanRegistered, correction.Outcome);

        var city = await Eventually.Returns(() => Rollup(tree.City), view => view!.OpenProblems.Open == 2);
        Assert.Equal(2, city!.Totals.ProblemsIdentified);
    }

    [Fact]
    public void Reports_count_on_time_only_within_the_days_after_their_period()
    {
        var options = new ReportingOptions { OnTimeDays = 3 };
        var week = Period.Parse("2016-W23");
        var lastDay = week.End.AddDays(-1);

        Assert.True(options.IsOnTime(week, new DateTimeOffset(lastDay.AddDays(3).ToDateTime(new TimeOnly(23, 59)), TimeSpan.FromHours(8))));
        Assert.False(options.IsOnTime(week, new DateTimeOffset(lastDay.AddDays(4).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8))));
        // 17:00 UTC is already the next day in Changdu.
        Assert.False(options.IsOnTime(week, new DateTimeOffset(lastDay.AddDays(3).ToDateTime(new TimeOnly(17, 0)), TimeSpan.Zero)));
    }

    [Fact]
    public async Task A_report_filed_now_for_the_current_week_is_on_time_and_rolls_up_as_such()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var now = DateTime.UtcNow.AddHours(8);
        var thisWeek = Period.Week(System.Globalization.ISOWeek.GetYear(now), System.Globalization.ISOWeek.GetWeekOfYear(now));

        var report = await _grains.GetGrain<IUnitGrain>(tree.Teams[0].Value).SubmitReportAsync(
            new ReportDraft("now", Cadence.Weekly, thisWeek, new ReportFigures(1, 0, 0), null));

        Assert.True(report.Report!.OnTime);
        var city = await Eventually.Returns(() => Rollup(tree.City, thisWeek), view => view!.Totals.OnTimeReports == 1);
        var weekly = city!.Completeness.Single(entry => entry.Cadence == Cadence.Weekly);
        Assert.Equal((1, 1, 1), (weekly.Expected, weekly.Received, weekly.OnTime));
    }

    [Fact]
    public void A_unit_opened_or_closed_mid_period_is_expected_only_for_periods_it_was_open_throughout()
    {
        var summary = new SummaryBuilder()
            .AddUnit("township", [Cadence.Monthly])
            .AddUnit("township", [Cadence.Monthly], openedOn: new DateOnly(2016, 3, 15))
            .AddUnit("township", [Cadence.Monthly], closedOn: new DateOnly(2016, 5, 1))
            .Build();

        Assert.Equal(2, summary.ExpectedWithin(Period.Parse("2016-02")));
        Assert.Equal(2, summary.ExpectedWithin(Period.Parse("2016-03")));
        Assert.Equal(3, summary.ExpectedWithin(Period.Parse("2016-04")));
        Assert.Equal(2, summary.ExpectedWithin(Period.Parse("2016-05")));
        Assert.Equal(6 + 3 + 4, summary.ExpectedWithin(Period.Parse("2016-H1")));
    }

    [Fact]
    public async Task Missing_lists_the_units_below_that_have_not_reported_and_their_periods()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 2, townshipsPerCounty: 1, teamsPerTownship: 2);
        foreach (var week in May.Split(PeriodKind.Week))
        {
            foreach (var team in tree.Teams.Skip(1))
            {
                await _grains.GetGrain<IUnitGrain>(team.Value).SubmitReportAsync(new ReportDraft($"r-{week}", Cadence.Weekly, week, new ReportFigures(1, 0, 0), null));
            }
        }
        await _grains.GetGrain<IUnitGrain>(tree.Townships[0].Value).SubmitReportAsync(new ReportDraft("m", Cadence.Monthly, May, new ReportFigures(1, 0, 0), null));
        var weeks = May.Split(PeriodKind.Week).Count();
        await Eventually.Returns(() => Rollup(tree.City, May), view => view!.Totals.Reports == 3 * weeks + 1 && view.ExpectedReports == 4 * weeks + 2);

        var missing = await _grains.GetGrain<IRollupNode>(tree.City.Value).FindMissingAsync(May, 100);

        Assert.Equal([tree.Teams[0], tree.Townships[1]], missing.Select(entry => entry.Unit.UnitId).Order());
        Assert.Equal(May.Split(PeriodKind.Week), missing.Single(entry => entry.Unit.UnitId == tree.Teams[0]).Periods);
        Assert.Equal([May], missing.Single(entry => entry.Unit.UnitId == tree.Townships[1]).Periods);
        Assert.Single(await _grains.GetGrain<IRollupNode>(tree.City.Value).FindMissingAsync(May, 1));
    }

    [Fact]
    public async Task The_reports_listing_descends_only_into_subtrees_holding_reports_in_the_period()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 2, townshipsPerCounty: 1, teamsPerTownship: 2);
        var team = _grains.GetGrain<IUnitGrain>(tree.Teams[0].Value);
        await team.SubmitReportAsync(new ReportDraft("in-1", Cadence.Weekly, Period.Parse("2016-W19"), new ReportFigures(1, 2, 1), null));
        await team.SubmitReportAsync(new ReportDraft("in-2", Cadence.Weekly, Period.Parse("2016-W20"), new ReportFigures(1, 0, 0), null));
        await _grains.GetGrain<IUnitGrain>(tree.Teams[3].Value).SubmitReportAsync(new ReportDraft("june", Cadence.Weekly, Period.Parse("2016-W23"), new ReportFigures(1, 0, 0), null));
        await Eventually.Returns(() => Rollup(tree.City), view => view!.Totals.Reports == 3);

        var atCity = await _grains.GetGrain<IRollupNode>(tree.City.Value).GetReportsHereAsync(May, 100);
        var listed = await _grains.GetGrain<ISubtreeListing>(0).ListReportsAsync(tree.City, May, 100);

        Assert.Empty(atCity.Own);
        Assert.Equal([tree.Counties[0]], atCity.ReportingChildren);
        Assert.Equal(["in-1", "in-2"], listed.Select(entry => entry.Report.ReportId));
        Assert.All(listed, entry => Assert.Equal(tree.Teams[0], entry.Unit.UnitId));
        Assert.Single(await _grains.GetGrain<ISubtreeListing>(0).ListReportsAsync(tree.City, May, 1));
    }

    [Fact]
    public async Task Classes_and_exchange_meetings_roll_up_in_the_month_they_start()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var office = _grains.GetGrain<ITrainingRegister>(tree.Counties[0].Value);
        var leaders = new Training("c1", TrainingKind.Class, "Team leaders", new DateOnly(2016, 5, 30), new DateOnly(2016, 6, 2), 45, []);

        Assert.Equal(TrainingOutcome.Recorded, (await office.RecordTrainingAsync(leaders)).Outcome);
        Assert.Equal(TrainingOutcome.AlreadyStored, (await office.RecordTrainingAsync(leaders)).Outcome);
        Assert.Equal(TrainingOutcome.TrainingIdTaken, (await office.RecordTrainingAsync(leaders with { Participants = 46 })).Outcome);
        await _grains.GetGrain<ITrainingRegister>(tree.Townships[0].Value).RecordTrainingAsync(
            new Training("x1", TrainingKind.OnSite, "On-site meeting", new DateOnly(2016, 5, 5), new DateOnly(2016, 5, 5), 320, []));

        var city = await Eventually.Returns(() => Rollup(tree.City, May), view => view!.Totals.ExchangeMeetings == 1 && view.Totals.TrainingClasses == 1);
        Assert.Equal((1, 45, 1, 320), (city!.Totals.TrainingClasses, city.Totals.PeopleTrained, city.Totals.ExchangeMeetings, city.Totals.ExchangeAttendance));
    }

    [Fact]
    public void The_draw_never_has_a_unit_inspect_itself_and_inspects_every_child_once()
    {
        var office = UnitId.Parse("540300000000");
        Gen.Select(Gen.Int[1, 250], Gen.Int).Sample((count, seed) =>
        {
            var children = Enumerable.Range(1, count).Select(i => UnitId.Parse($"5403{i:D8}")).ToList();
            var pairs = InspectionRound.Draw(office, children, seed);
            return pairs.All(pair => pair.Inspector != pair.Target)
                && pairs.Select(pair => pair.Target).Order().SequenceEqual(children)
                && (count == 1 ? pairs[0].Inspector == office : pairs.Select(pair => pair.Inspector).Order().SequenceEqual(children))
                && pairs.SequenceEqual(InspectionRound.Draw(office, children.AsEnumerable().Reverse().ToList(), seed));
        }, iter: 2_000);
    }

    [Fact]
    public async Task Inspection_rounds_give_coverage_per_tier_and_findings_raise_problems_at_the_target()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 2, townshipsPerCounty: 2, teamsPerTownship: 3);
        var township = _grains.GetGrain<IInspectingOffice>(tree.Townships[0].Value);
        var opened = await township.OpenRoundAsync("r1", new DateOnly(2016, 4, 1), 42);
        Assert.Equal(InspectionOutcome.Opened, opened.Outcome);
        Assert.Equal(42, opened.Round!.Seed);
        Assert.Equal(InspectionOutcome.AlreadyStored, (await township.OpenRoundAsync("r1", new DateOnly(2016, 4, 1), null)).Outcome);
        Assert.Equal(InspectionOutcome.RoundIdTaken, (await township.OpenRoundAsync("r1", new DateOnly(2016, 4, 2), null)).Outcome);
        var county = await _grains.GetGrain<IInspectingOffice>(tree.Counties[0].Value).OpenRoundAsync("c1", new DateOnly(2016, 4, 3), null);
        Assert.Equal(2, county.Round!.Pairs.Count);

        var target = opened.Round.Pairs[0].Target;
        var finding = new Finding("f1", target, "discipline", "Team leader absent", new DateOnly(2016, 4, 2));
        Assert.Equal(InspectionOutcome.FindingRecorded, (await township.RecordFindingAsync("r1", finding)).Outcome);
        Assert.Equal(InspectionOutcome.AlreadyStored, (await township.RecordFindingAsync("r1", finding)).Outcome);
        Assert.Equal(InspectionOutcome.NotATarget, (await township.RecordFindingAsync("r1", finding with { FindingId = "f2", Target = tree.Teams[5] })).Outcome);
        var problem = await Register(target).GetProblemAsync(finding.ProblemId("r1"));
        Assert.Equal(ProblemSource.Inspection, problem!.Source);

        var city = await Eventually.Returns(() => Rollup(tree.City, Period.Parse("2016-04")), view => view!.Totals.Findings == 1 && view.Totals.InspectionRounds == 2);
        Assert.Equal((2, 5, 1, 1), (city!.Totals.InspectionRounds, city.Totals.Inspections, city.Totals.Findings, city.Totals.ProblemsIdentified));
        var coverage = await Eventually.Returns(() => _grains.GetGrain<IInspectingOffice>(tree.City.Value).GetCoverageAsync(2016),
            tiers => tiers!.Sum(tier => tier.Units) == 2 + 4 + 12 && tiers!.Sum(tier => tier.Inspected) == 5);
        Assert.Equal([("county", 2L, 0L), ("township", 4L, 2L), ("village-team", 12L, 3L)],
            coverage!.Select(tier => (tier.Tier, tier.Units, tier.Inspected)).OrderBy(tier => tier.Tier));
        var uninspected = await _grains.GetGrain<IInspectingOffice>(tree.City.Value).ListUninspectedAsync(2016, 100);
        Assert.Equal(2 + 2 + 9, uninspected.Count);
        Assert.DoesNotContain(uninspected, unit => tree.ParentOf.GetValueOrDefault(unit.UnitId) == tree.Townships[0]);
        Assert.Empty(await _grains.GetGrain<IInspectingOffice>(tree.Townships[0].Value).ListUninspectedAsync(2016, 100));
    }
}
