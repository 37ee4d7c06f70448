using Orleans.Core.Internal;

namespace Changdu.Grains.Tests;

/// <summary>
/// The concern grains (office, duty, problems) under faults: a part reaches the unit only with the
/// facts that make it, a message the unit lost is sent again, a store from before parts were kept is
/// counted when the unit activates, and a listing walking the subtree holds no unit on its way.
/// </summary>
public class ConcernGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IDisposable
{
    readonly IGrainFactory _grains = fixture.Grains;
    readonly FaultInjectingFactStore _facts = fixture.Facts;
    readonly CallFaults _calls = fixture.Calls;

    static DateOnly Today => new ReportingOptions().LocalDay(DateTimeOffset.UtcNow);

    static Training Class(string id, int participants) =>
        new(id, TrainingKind.Class, "政策宣讲", Today.AddDays(-1), Today.AddDays(-1), participants, []);

    Task<RollupView?> Rollup(UnitId unit) => _grains.GetGrain<IRollupNode>(unit.Value).GetRollupAsync(null);

    static async Task Deactivate<TGrain>(TGrain grain) where TGrain : IAddressable =>
        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();

    public void Dispose()
    {
        _facts.Disarm();
        _calls.Disarm();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Problem_whose_write_fails_is_neither_registered_nor_counted_and_a_retry_raises_it()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var register = _grains.GetGrain<IProblemRegister>(tree.Teams[0].Value);
        var draft = new ProblemDraft("p-1", "infrastructure", "水渠损坏", Today, ProblemSource.Manual, null);

        _facts.FailNextWriteOf($"problems:{tree.Teams[0].Value}");
        await Assert.ThrowsAnyAsync<Exception>(() => register.RaiseProblemAsync(draft));

        Assert.Null(await register.GetProblemAsync("p-1"));
        Assert.Empty(await _facts.ReadAsync(tree.Teams[0].Value, UnitPartGrain.PartKind(ProblemRegisterGrain.Concern)));
        Assert.Equal(0, (await Rollup(tree.Teams[0]))!.OpenProblems.Open);
        Assert.Equal(ProblemOutcome.Raised, (await register.RaiseProblemAsync(draft)).Outcome);
        await Eventually.Returns(() => Rollup(tree.City), view => view!.OpenProblems.Open == 1 && view.Totals.ProblemsIdentified == 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Part_the_unit_did_not_hear_of_is_told_again_and_reaches_the_city(bool replyLost)
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var township = tree.Townships[0];
        await Rollup(township);

        if (replyLost)
        {
            _calls.LoseReplyOfNext(nameof(IRollupNode.OfferPartAsync));
        }
        else
        {
            _calls.FailNext(nameof(IRollupNode.OfferPartAsync));
        }
        // The training is durable, so it is acknowledged; the unit hears of it on the office's next try.
        Assert.Equal(TrainingOutcome.Recorded, (await _grains.GetGrain<ITrainingRegister>(township.Value).RecordTrainingAsync(Class("t-1", 40))).Outcome);

        var city = await Eventually.Returns(() => Rollup(tree.City), view => view!.Totals.PeopleTrained == 40);
        Assert.Equal(1, city!.Totals.TrainingClasses);
    }

    [Fact]
    public async Task Part_numbered_below_what_the_unit_holds_is_told_whole_and_counted()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var township = tree.Townships[0];
        var office = _grains.GetGrain<ITrainingRegister>(township.Value);
        await office.RecordTrainingAsync(Class("t-1", 10));
        await Eventually.Returns(() => Rollup(township), view => view!.Totals.PeopleTrained == 10);

        // As if an earlier activation of the office, on a silo whose clock ran ahead, had numbered its part far above this one's.
        await _grains.GetGrain<IRollupNode>(township.Value).OfferPartAsync(new PartOffer(OfficeGrain.Concern, DateTimeOffset.UtcNow.AddHours(1).UtcTicks, Summary.Empty, false));
        await office.RecordTrainingAsync(Class("t-2", 5));

        var city = await Eventually.Returns(() => Rollup(tree.City), view => view!.Totals.PeopleTrained == 15);
        Assert.Equal(2, city!.Totals.TrainingClasses);
    }

    [Fact]
    public async Task Unit_whose_parts_were_never_counted_has_them_counted_when_it_activates()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var team = tree.Teams[0];
        var township = tree.Townships[0];
        await _grains.GetGrain<IFeedbackRegister>(team.Value).RecordFeedbackAsync(new VillagerFeedback("f-1", FeedbackSentiment.Negative, "visit", "路灯不亮", Today));
        await _grains.GetGrain<ITrainingRegister>(township.Value).RecordTrainingAsync(Class("t-1", 12));
        await Eventually.Returns(() => Rollup(tree.City), view => view!.Totals.NegativeFeedback == 1 && view.Totals.PeopleTrained == 12);

        // A store written before parts were kept: facts under their concern, no part rows, no mark of parts counted.
        foreach (var unit in new[] { team, township })
        {
            var parts = UnitPartGrain.Concerns.Select(concern => _facts.ReadAsync(unit.Value, UnitPartGrain.PartKind(concern)));
            var rows = (await Task.WhenAll(parts)).SelectMany(kind => kind).Select(row => row with { Payload = null })
                .Append(new FactRow(unit.Value, UnitPartGrain.PartsCountedKind, "", null)).ToList();
            await _facts.WriteAsync(rows);
            await Deactivate(_grains.GetGrain<IUnitGrain>(unit.Value));
            await Deactivate(_grains.GetGrain<IDutyPart>(unit.Value));
            await Deactivate(_grains.GetGrain<IOfficePart>(unit.Value));
        }

        var teamView = await Rollup(team);
        Assert.Equal(1, teamView!.Totals.NegativeFeedback);
        Assert.Equal(12, (await Rollup(township))!.Totals.PeopleTrained);
        Assert.NotNull(await _facts.ReadOneAsync(team.Value, UnitPartGrain.PartsCountedKind, ""));
        Assert.NotEmpty(await _facts.ReadAsync(team.Value, UnitPartGrain.PartKind(DutyGrain.Concern)));
    }

    [Fact]
    public async Task Listing_that_waits_on_a_busy_team_holds_no_unit_above_it()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 2);
        var (busy, other) = (tree.Teams[0], tree.Teams[1]);
        var duty = _grains.GetGrain<IDutyRegister>(busy.Value);
        await _grains.GetGrain<IRoster>(busy.Value).JoinAsync("cadre-1", CadreRole.Member, Today.AddDays(-10), "du-1");
        await duty.ReportAbsenceAsync("a-1", "cadre-1", Today.AddDays(-3), Today, "未在岗");
        var month = Period.Month(Today.Year, Today.Month);
        await Eventually.Returns(() => Rollup(tree.City), view => view!.Totals.Absences == 1);

        // The team's duty grain is stuck in a write, so the listing waits there.
        var release = _facts.HoldNextWriteOf($"duty:{busy.Value}");
        var stuck = duty.RecordCheckInAsync("cadre-1", new CheckIn(Today, null, null, null));
        var listing = _grains.GetGrain<IDutyRegister>(tree.City.Value).ListAbsencesAsync(month);
        await Task.Delay(200);

        await _grains.GetGrain<IUnitGrain>(other.Value).SubmitReportAsync(new ReportDraft("r-1", Cadence.Weekly,
            Period.Week(System.Globalization.ISOWeek.GetYear(Today.ToDateTime(TimeOnly.MinValue)), System.Globalization.ISOWeek.GetWeekOfYear(Today.ToDateTime(TimeOnly.MinValue))),
            new ReportFigures(1, 1, 0), null));
        await Eventually.Returns(() => Rollup(tree.City), view => view!.Totals.Reports == 1);
        Assert.False(listing.IsCompleted);

        release.SetResult();
        await stuck;
        Assert.Equal("a-1", Assert.Single(await listing).AbsenceId);
    }

    [Fact]
    public async Task Part_that_could_not_be_told_before_its_grain_deactivated_is_told_whole_by_the_next_activation()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var township = tree.Townships[0];
        await Rollup(township);

        _calls.FailEvery = nameof(IRollupNode.OfferPartAsync);
        Assert.Equal(TrainingOutcome.Recorded, (await _grains.GetGrain<ITrainingRegister>(township.Value).RecordTrainingAsync(Class("t-1", 30))).Outcome);
        // Its last try, as it deactivates, fails too.
        await Deactivate(_grains.GetGrain<IOfficePart>(township.Value));
        await Task.Delay(200);
        _calls.FailEvery = null;
        Assert.Equal(0, (await Rollup(township))!.Totals.PeopleTrained);

        Assert.Single((await _grains.GetGrain<ITrainingRegister>(township.Value).ListTrainingsAsync(null))!);
        await Eventually.Returns(() => Rollup(tree.City), view => view!.Totals.PeopleTrained == 30);
    }

    [Fact]
    public async Task Sweep_after_a_crash_reads_the_parts_no_grain_told()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var team = tree.Teams[0];
        await Rollup(team);

        _calls.FailEvery = nameof(IRollupNode.OfferPartAsync);
        await _grains.GetGrain<IFeedbackRegister>(team.Value).RecordFeedbackAsync(new VillagerFeedback("f-1", FeedbackSentiment.Positive, "visit", "修好了水渠", Today));
        // As if the duty grain's silo had died: nothing of it remains to tell the unit.
        await Deactivate(_grains.GetGrain<IDutyPart>(team.Value));
        await Task.Delay(200);
        _calls.FailEvery = null;
        Assert.Equal(0, (await Rollup(team))!.Totals.PositiveFeedback);

        await _grains.GetGrain<IRollupNode>(team.Value).ResumeAsync(DateTimeOffset.UtcNow);

        Assert.Equal(1, (await Rollup(team))!.Totals.PositiveFeedback);
        await Eventually.Returns(() => Rollup(tree.City), view => view!.Totals.PositiveFeedback == 1);
    }

    [Fact]
    public async Task Office_write_answered_with_an_error_after_its_commit_is_acknowledged_and_counted()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var township = tree.Townships[0];

        _facts.LoseAnswerOfNextWriteOf($"office:{township.Value}");
        Assert.Equal(TrainingOutcome.Recorded, (await _grains.GetGrain<ITrainingRegister>(township.Value).RecordTrainingAsync(Class("t-1", 25))).Outcome);

        await Eventually.Returns(() => Rollup(tree.City), view => view!.Totals.PeopleTrained == 25);
        Assert.Equal(TrainingOutcome.AlreadyStored, (await _grains.GetGrain<ITrainingRegister>(township.Value).RecordTrainingAsync(Class("t-1", 25))).Outcome);
    }

    [Fact]
    public async Task Coverage_follows_the_children_when_an_office_is_redefined()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 3);
        var township = tree.Townships[0];
        var office = _grains.GetGrain<IInspectingOffice>(township.Value);
        await office.OpenRoundAsync("r-1", Today, seed: 7);
        var before = await Eventually.Returns(() => office.GetCoverageAsync(Today.Year), tiers => tiers is [{ Units: 3, Inspected: 3 }]);
        Assert.Equal("village-team", before!.Single().Tier);

        var unit = _grains.GetGrain<IUnitGrain>(township.Value);
        var definition = (await unit.GetDefinitionAsync())!;
        await unit.DefineAsync(definition with { Children = [.. definition.Children.Take(2)] });

        var after = await Eventually.Returns(() => office.GetCoverageAsync(Today.Year), tiers => tiers is [{ Units: 2 }]);
        Assert.Equal(2, after!.Single().Inspected);
    }

    [Fact]
    public async Task Correction_while_a_problem_is_being_raised_from_the_report_counts_that_problem()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var team = tree.Teams[0];
        var unit = _grains.GetGrain<IUnitGrain>(team.Value);
        var week = Period.Parse("2016-W20");
        await unit.SubmitReportAsync(new ReportDraft("r-1", Cadence.Weekly, week, new ReportFigures(1, 2, 0), null));
        var register = _grains.GetGrain<IProblemRegister>(team.Value);
        await register.RaiseProblemAsync(new ProblemDraft("p-1", "water", "水渠", Today, ProblemSource.Report, "r-1"));

        // The second problem from the report is on its way to the store when the correction comes.
        var release = _facts.HoldNextWriteOf($"problems:{team.Value}");
        var raising = register.RaiseProblemAsync(new ProblemDraft("p-2", "road", "道路", Today, ProblemSource.Report, "r-1"));
        await Task.Delay(200);
        var correction = await unit.CorrectReportAsync("r-1", new ReportCorrection(null, null, new ReportFigures(1, 1, 0), null));

        Assert.Equal(ReportOutcome.FewerProblemsThanRegistered, correction.Outcome);
        release.SetResult();
        Assert.Equal(ProblemOutcome.Raised, (await raising).Outcome);
        Assert.Equal(2, (await unit.GetReportAsync("r-1"))!.Figures.ProblemsIdentified);
    }
}
