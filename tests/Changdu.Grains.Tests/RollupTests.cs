namespace Changdu.Grains.Tests;

public class RollupTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    readonly IGrainFactory _grains = fixture.Grains;

    static ReportDraft Weekly(string id, string week, int meetings, int identified, int resolved) =>
        new(id, Cadence.Weekly, Period.Parse(week), new ReportFigures(meetings, identified, resolved), null);

    Task<RollupView?> Rollup(UnitId unit, string? period = null) =>
        _grains.GetGrain<IRollupNode>(unit.Value).GetRollupAsync(period is null ? null : Period.Parse(period));

    Task<ReportResult> Submit(UnitId unit, ReportDraft draft) => _grains.GetGrain<IUnitGrain>(unit.Value).SubmitReportAsync(draft);

    async Task<Totals> CityTotalsOnceEqual(TestTree tree, Totals expected, string? period = null) =>
        (await Eventually.Returns(() => Rollup(tree.City, period), view => view!.Totals == expected))!.Totals;

    [Fact]
    public async Task Rollup_of_city_equals_sum_of_all_team_reports()
    {
        var tree = await TestTree.DefineAsync(_grains);
        var expected = Totals.Zero;
        foreach (var (team, i) in tree.Teams.Select((team, i) => (team, i)))
        {
            var draft = Weekly($"w23-{i}", "2016-W23", 1, i, i / 2);
            Assert.Equal(ReportOutcome.Created, (await Submit(team, draft)).Outcome);
            expected += draft.Figures.AsTotals();
        }
        var monthly = new ReportDraft("m5", Cadence.Monthly, Period.Parse("2016-05"), new ReportFigures(2, 7, 3), "township meeting");
        Assert.Equal(ReportOutcome.Created, (await Submit(tree.Townships[0], monthly)).Outcome);
        var quarterly = new ReportDraft("q2", Cadence.Quarterly, Period.Parse("2016-Q2"), new ReportFigures(1, 11, 9), null);
        Assert.Equal(ReportOutcome.Created, (await Submit(tree.Counties[1], quarterly)).Outcome);
        var halfYearly = new ReportDraft("h1", Cadence.HalfYearly, Period.Parse("2016-H1"), new ReportFigures(1, 0, 0), null);
        Assert.Equal(ReportOutcome.Created, (await Submit(tree.City, halfYearly)).Outcome);
        var all = expected + monthly.Figures.AsTotals() + quarterly.Figures.AsTotals() + halfYearly.Figures.AsTotals();

        Assert.Equal(all, await CityTotalsOnceEqual(tree, all));
        Assert.Equal(all, await CityTotalsOnceEqual(tree, all, "2016-H1"));
        Assert.Equal(expected, await CityTotalsOnceEqual(tree, expected, "2016-06"));
        var secondQuarter = expected + monthly.Figures.AsTotals() + quarterly.Figures.AsTotals();
        Assert.Equal(secondQuarter, await CityTotalsOnceEqual(tree, secondQuarter, "2016-Q2"));

        var city = (await Rollup(tree.City))!;
        Assert.Equal(city.Totals, halfYearly.Figures.AsTotals() + city.Children.Aggregate(Totals.Zero, (sum, child) => sum + child.Totals));
        foreach (var township in tree.Townships)
        {
            var view = (await Rollup(township))!;
            var teams = tree.Teams.Where(team => tree.ParentOf[team] == township).ToList();
            Assert.Equal(teams.Count, view.Children.Count);
            Assert.Equal(view.Totals.Reports - (township == tree.Townships[0] ? 1 : 0), view.Children.Sum(child => child.Totals.Reports));
        }
    }

    [Fact]
    public async Task Rollup_for_a_quarter_counts_only_reports_filed_for_periods_inside_it()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var team = tree.Teams[0];
        await Submit(team, Weekly("a", "2016-W13", 1, 1, 1));   // Thursday 31 March: Q1
        await Submit(team, Weekly("b", "2016-W14", 2, 2, 2));   // Thursday 7 April: Q2
        await Submit(tree.Counties[0], new ReportDraft("q", Cadence.Quarterly, Period.Parse("2016-Q2"), new ReportFigures(4, 4, 4), null));

        Assert.Equal(new Totals(1, 1, 1, 1), await CityTotalsOnceEqual(tree, new Totals(1, 1, 1, 1), "2016-Q1"));
        Assert.Equal(new Totals(2, 6, 6, 6), await CityTotalsOnceEqual(tree, new Totals(2, 6, 6, 6), "2016-Q2"));
        Assert.Equal(new Totals(1, 2, 2, 2), await CityTotalsOnceEqual(tree, new Totals(1, 2, 2, 2), "2016-04"));
    }

    [Fact]
    public async Task Every_tier_knows_how_many_reports_its_subtree_owes_for_a_period()
    {
        var tree = await TestTree.DefineAsync(_grains);
        const long quarter = 12 * 13 + 4 * 3 + 2 * 1;          // teams weekly, townships monthly, counties quarterly
        const long half = 12 * 26 + 4 * 6 + 2 * (2 + 1) + 1;   // … and the counties' and the city's half-yearly

        var q2 = await Eventually.Returns(() => Rollup(tree.City, "2016-Q2"), view => view!.ExpectedReports == quarter);
        var h1 = await Rollup(tree.City, "2016-H1");
        var allTime = await Rollup(tree.City);

        Assert.Equal(quarter, q2!.ExpectedReports);
        Assert.Equal(half, h1!.ExpectedReports);
        Assert.Null(allTime!.ExpectedReports);
        Assert.All(q2.Children, county => Assert.Equal(quarter / 2, county.ExpectedReports));
    }

    [Fact]
    public async Task Replayed_report_is_counted_once()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 2);
        var draft = Weekly("replayed", "2016-W30", 3, 2, 1);

        var first = await Submit(tree.Teams[0], draft);
        var second = await Submit(tree.Teams[0], draft);
        await Submit(tree.Teams[1], Weekly("other", "2016-W30", 1, 1, 1));

        Assert.Equal(ReportOutcome.Created, first.Outcome);
        Assert.Equal(ReportOutcome.AlreadyStored, second.Outcome);
        Assert.Equal(first.Report, second.Report);
        Assert.Equal(new Totals(2, 4, 3, 2), await CityTotalsOnceEqual(tree, new Totals(2, 4, 3, 2)));
    }

    [Fact]
    public async Task Report_id_reused_with_other_figures_or_a_second_report_for_a_period_is_refused()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var team = tree.Teams[0];
        await Submit(team, Weekly("first", "2016-W10", 1, 1, 1));

        var reused = await Submit(team, Weekly("first", "2016-W10", 9, 9, 9));
        var samePeriod = await Submit(team, Weekly("second", "2016-W10", 1, 1, 1));

        Assert.Equal(ReportOutcome.ReportIdTaken, reused.Outcome);
        Assert.Equal(ReportOutcome.PeriodAlreadyReported, samePeriod.Outcome);
        Assert.Equal("first", samePeriod.Report!.ReportId);
        Assert.Null(await _grains.GetGrain<IUnitGrain>(team.Value).GetReportAsync("second"));
        Assert.Equal(new Totals(1, 1, 1, 1), await CityTotalsOnceEqual(tree, new Totals(1, 1, 1, 1)));
    }

    [Fact]
    public async Task Cadence_the_tier_does_not_use_is_refused()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);

        var result = await Submit(tree.Townships[0], Weekly("w", "2016-W10", 1, 1, 1));

        Assert.Equal(ReportOutcome.CadenceNotUsedByTier, result.Outcome);
        Assert.Contains("monthly", result.Detail);
    }

    [Fact]
    public async Task Unknown_unit_answers_unknown_and_stores_nothing()
    {
        var unit = _grains.GetGrain<IUnitGrain>("999999999999");

        var result = await unit.SubmitReportAsync(Weekly("x", "2016-W10", 1, 1, 1));

        Assert.Equal(ReportOutcome.UnknownUnit, result.Outcome);
        Assert.Null(await unit.GetReportAsync("x"));
        Assert.Null(await _grains.GetGrain<IRollupNode>("999999999999").GetRollupAsync(null));
    }

    [Fact]
    public async Task Correction_replaces_the_old_figures_in_every_tier()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var team = tree.Teams[0];
        await Submit(team, Weekly("c", "2016-W40", 1, 5, 1));
        await CityTotalsOnceEqual(tree, new Totals(1, 1, 5, 1));

        var corrected = await _grains.GetGrain<IUnitGrain>(team.Value)
            .CorrectReportAsync("c", new ReportCorrection(null, null, new ReportFigures(2, 6, 6), "recounted"));
        var moved = await _grains.GetGrain<IUnitGrain>(team.Value)
            .CorrectReportAsync("c", new ReportCorrection(Cadence.Weekly, Period.Parse("2016-W41"), new ReportFigures(2, 6, 6), null));

        Assert.Equal(ReportOutcome.Corrected, corrected.Outcome);
        Assert.Equal(2, corrected.Report!.Revision);
        Assert.Equal(ReportOutcome.CorrectionChangesPeriod, moved.Outcome);
        Assert.Equal(new Totals(1, 2, 6, 6), await CityTotalsOnceEqual(tree, new Totals(1, 2, 6, 6)));
        Assert.Equal(new Totals(1, 2, 6, 6), (await Rollup(tree.Townships[0]))!.Totals);
    }

    /// <summary>A root unit with one child that never offers by itself, so a test alone speaks for the child.</summary>
    [Fact]
    public async Task Child_summaries_arriving_out_of_order_keep_the_newest()
    {
        var (parent, child) = await TestTree.ParentOfASilentChildAsync(_grains);
        var newer = Summaries.Of([KeyValuePair.Create(Period.Parse("2016-W01"), new Totals(2, 2, 2, 2))], []);
        var older = Summaries.Of([KeyValuePair.Create(Period.Parse("2016-W01"), new Totals(1, 1, 1, 1))], []);

        var first = await parent.OfferChildSummaryAsync(new ChildOffer(child, 20, newer, DateTimeOffset.UtcNow));
        var late = await parent.OfferChildSummaryAsync(new ChildOffer(child, 10, older, DateTimeOffset.UtcNow));

        Assert.Equal(20, first.HeldVersion);
        Assert.Equal(20, late.HeldVersion);
        Assert.Equal(new Totals(2, 2, 2, 2), (await parent.GetRollupAsync(null))!.Totals);
    }

    [Fact]
    public async Task Duplicate_child_summary_changes_nothing()
    {
        var (parent, child) = await TestTree.ParentOfASilentChildAsync(_grains);
        var summary = Summaries.Of([KeyValuePair.Create(Period.Parse("2016-W02"), new Totals(1, 3, 3, 3))], []);
        await parent.OfferChildSummaryAsync(new ChildOffer(child, 5, summary, DateTimeOffset.UtcNow));
        var before = (await parent.GetRollupAsync(null))!;

        await parent.OfferChildSummaryAsync(new ChildOffer(child, 5, summary, DateTimeOffset.UtcNow));
        await parent.OfferChildSummaryAsync(new ChildOffer(child, 6, summary, DateTimeOffset.UtcNow));
        var after = (await parent.GetRollupAsync(null))!;

        Assert.Equal(before.Version, after.Version);
        Assert.Equal(new Totals(1, 3, 3, 3), after.Totals);
    }

    [Fact]
    public async Task Offer_from_a_unit_that_is_not_a_child_is_not_held_and_the_answer_says_so()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var township = _grains.GetGrain<IRollupNode>(tree.Townships[0].Value);
        var summary = Summaries.Of([KeyValuePair.Create(Period.Parse("2016-W02"), new Totals(1, 3, 3, 3))], []);

        var receipt = await township.OfferChildSummaryAsync(new ChildOffer(tree.Counties[0], 5, summary, DateTimeOffset.UtcNow));

        Assert.Equal((0, 0), (receipt.HeldVersion, receipt.DurableVersion));
        Assert.Equal(Totals.Zero, (await township.GetRollupAsync(null))!.Totals);
    }

    [Fact]
    public async Task Parent_deactivated_mid_stream_still_converges()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 2, townshipsPerCounty: 2, teamsPerTownship: 4);
        var expected = Totals.Zero;
        var submissions = new List<Task<ReportResult>>();
        for (var week = 1; week <= 12; week++)
        {
            foreach (var (team, i) in tree.Teams.Select((team, i) => (team, i)))
            {
                var draft = Weekly($"w{week}", $"2016-W{week:D2}", 1, week, i % 3);
                expected += draft.Figures.AsTotals();
                submissions.Add(Submit(team, draft));
            }
            // Knock the township and county activations out while reports are flowing upward.
            foreach (var parent in tree.Townships.Concat(tree.Counties))
            {
                await fixture.Cluster.DeactivateAsync(_grains.GetGrain<IRollupNode>(parent.Value));
            }
        }
        var results = await Task.WhenAll(submissions);

        Assert.All(results, result => Assert.Equal(ReportOutcome.Created, result.Outcome));
        Assert.Equal(expected, await CityTotalsOnceEqual(tree, expected));
        foreach (var county in tree.Counties)
        {
            var view = (await Rollup(county))!;
            Assert.Equal(view.Totals, view.Children.Aggregate(Totals.Zero, (sum, child) => sum + child.Totals));
        }
    }

    [Fact]
    public async Task Watcher_learns_of_a_change_as_soon_as_the_rollup_changes()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var city = _grains.GetGrain<IRollupNode>(tree.City.Value);
        // Once the tree's structure has reached the city, the report is the only change left.
        await Eventually.Returns(() => city.GetRollupAsync(Period.Parse("2016-Q2")), view => view!.ExpectedReports == 13 + 3 + 1);
        var known = (await city.GetRollupAsync(null))!.Version;

        var waiting = city.WaitForChangeAsync(known, TimeSpan.FromSeconds(20));
        await Submit(tree.Teams[0], Weekly("watched", "2016-W05", 1, 1, 1));
        var changedTo = await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(changedTo > known);
        Assert.Equal(new Totals(1, 1, 1, 1), (await city.GetRollupAsync(null))!.Totals);
    }
}
