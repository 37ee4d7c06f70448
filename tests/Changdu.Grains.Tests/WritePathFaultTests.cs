using Orleans.Core.Internal;

namespace Changdu.Grains.Tests;

/// <summary>
/// The write path under a failing store: memory never runs ahead of the store, nothing is
/// acknowledged that is not durable, and rollups converge once the store answers again.
/// </summary>
public class WritePathFaultTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IDisposable
{
    readonly IGrainFactory _grains = fixture.Grains;
    readonly FaultInjectingFactStore _facts = fixture.Facts;

    static ReportDraft Weekly(string id, string week, int meetings) =>
        new(id, Cadence.Weekly, Period.Parse(week), new ReportFigures(meetings, 2, 1), null);

    static CadreRegistration Registration(string name, UnitId team) =>
        new(name, "female", "masses", "540102197001010019", "13912345678", "City Bureau", team, CadreRole.Member, new DateOnly(2016, 1, 4));

    IUnitGrain Unit(UnitId id) => _grains.GetGrain<IUnitGrain>(id.Value);

    Task<RollupView?> Rollup(UnitId unit) => _grains.GetGrain<IRollupNode>(unit.Value).GetRollupAsync(null);

    async Task Deactivate(UnitId unit) => await _grains.GetGrain<IUnitGrain>(unit.Value).Cast<IGrainManagementExtension>().DeactivateOnIdle();

    public void Dispose()
    {
        _facts.Disarm();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Report_whose_write_fails_is_neither_stored_nor_counted_and_a_retry_files_it()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var team = tree.Teams[0];

        _facts.FailNextWriteOf(team.Value);
        await Assert.ThrowsAnyAsync<Exception>(() => Unit(team).SubmitReportAsync(Weekly("lost", "2016-W10", 3)));

        Assert.Null(await Unit(team).GetReportAsync("lost"));
        Assert.Equal(0, (await Rollup(team))!.Totals.Reports);
        var retried = await Unit(team).SubmitReportAsync(Weekly("lost", "2016-W10", 3));
        Assert.Equal(ReportOutcome.Created, retried.Outcome);
        await Eventually.Returns(() => Rollup(tree.City), view => view!.Totals.Reports == 1);
    }

    [Fact]
    public async Task Report_committed_but_answered_with_an_error_is_acknowledged_visible_and_counted()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var team = tree.Teams[0];

        _facts.LoseAnswerOfNextWriteOf(team.Value);
        var result = await Unit(team).SubmitReportAsync(Weekly("committed", "2016-W11", 4));

        Assert.Equal(ReportOutcome.Created, result.Outcome);
        Assert.NotNull(await Unit(team).GetReportAsync("committed"));
        var city = await Eventually.Returns(() => Rollup(tree.City), view => view!.Totals.Reports == 1);
        Assert.Equal(4, city!.Totals.MeetingsHeld);
        Assert.Equal(ReportOutcome.AlreadyStored, (await Unit(team).SubmitReportAsync(Weekly("committed", "2016-W11", 4))).Outcome);
    }

    [Fact]
    public async Task Definition_whose_write_failed_is_not_held_and_is_written_when_sent_again()
    {
        var unit = UnitId.Parse($"{TestTree.NewPrefix()}001000000");
        var definition = new UnitDefinition(unit, "孤立县", "county", null, [Cadence.Quarterly], []);

        _facts.FailNextWriteOf(unit.Value);
        await Assert.ThrowsAnyAsync<Exception>(() => Unit(unit).DefineAsync(definition));
        Assert.Null(await Unit(unit).GetDefinitionAsync());

        Assert.Null(await _facts.ReadOneAsync(unit.Value, "definition", ""));
        await Unit(unit).DefineAsync(definition);
        Assert.NotNull(await _facts.ReadOneAsync(unit.Value, "definition", ""));
        await Deactivate(unit);
        Assert.Equal(definition, await Unit(unit).GetDefinitionAsync());
    }

    [Fact]
    public async Task Parent_that_cannot_write_its_childrens_entries_still_offers_upward_and_catches_up()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 2);
        var township = tree.Townships[0];
        _facts.FailRowsWhere = row => row.Owner == township.Value && row.Kind == "held";

        await Unit(tree.Teams[0]).SubmitReportAsync(Weekly("a", "2016-W12", 1));
        await Unit(tree.Teams[1]).SubmitReportAsync(Weekly("b", "2016-W12", 2));

        // The township cannot write what it holds, yet its county and the city see both reports.
        var city = await Eventually.Returns(() => Rollup(tree.City), view => view!.Totals.Reports == 2);
        Assert.Equal(3, city!.Totals.MeetingsHeld);

        _facts.FailRowsWhere = null;
        await Eventually.Returns(async () => (await _facts.ReadAsync(township.Value, "held")).Count, count => count >= 2);
        await Deactivate(township);
        Assert.Equal(2, (await Rollup(township))!.Totals.Reports);
    }

    [Fact]
    public async Task Parent_whose_last_write_failed_at_deactivation_gets_the_entries_again_from_its_children()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var township = tree.Townships[0];
        _facts.FailRowsWhere = row => row.Owner == township.Value && row.Kind == "held";
        await Unit(tree.Teams[0]).SubmitReportAsync(Weekly("held-in-memory", "2016-W13", 5));
        await Eventually.Returns(() => Rollup(township), view => view!.Totals.Reports == 1);

        // Its flush on deactivation fails too: the next activation must not take the child's version as durable.
        await Deactivate(township);
        await Task.Delay(200);
        _facts.FailRowsWhere = null;

        var view = await Eventually.Returns(() => Rollup(township), view => view!.Totals.Reports == 1);
        Assert.Equal(5, view!.Totals.MeetingsHeld);
        await Eventually.Returns(async () => (await _facts.ReadAsync(township.Value, "held")).Count, count => count >= 1);
    }

    [Fact]
    public async Task Units_read_their_rows_again_after_deactivation_and_the_rollup_is_unchanged()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 2, teamsPerTownship: 2);
        foreach (var (team, i) in tree.Teams.Select((team, i) => (team, i)))
        {
            await Unit(team).SubmitReportAsync(Weekly($"r{i}", "2016-W14", i + 1));
        }
        var before = await Eventually.Returns(() => Rollup(tree.City), view => view!.Totals.Reports == 4);

        // Bottom up, as idle units are collected: each flushes what it holds before it goes.
        foreach (var unit in tree.Teams.Concat(tree.Townships).Concat(tree.Counties).Append(tree.City))
        {
            await Deactivate(unit);
        }

        var after = await Eventually.Returns(() => Rollup(tree.City), view => view!.Totals == before!.Totals);
        Assert.Equal(before!.Totals, after!.Totals);
        Assert.Equal(10, after.Totals.MeetingsHeld);
    }

    [Fact]
    public async Task Cadre_whose_write_fails_is_registered_by_the_retry_not_answered_as_already_stored()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var cadreId = $"fault-{tree.City}";
        var cadre = _grains.GetGrain<ICadreGrain>(cadreId);
        var registration = Registration("Dorje", tree.Teams[0]);

        _facts.FailNextWriteOf($"cadre:{cadreId}");
        await Assert.ThrowsAnyAsync<Exception>(() => cadre.RegisterAsync(registration));
        Assert.Null(await cadre.GetAsync(reveal: false));

        Assert.Equal(CadreOutcome.Registered, (await cadre.RegisterAsync(registration)).Outcome);
        await _grains.GetGrain<ICadreGrain>(cadreId).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal("Dorje", (await cadre.GetAsync(reveal: false))!.Name);
        Assert.Contains(cadreId, (await _grains.GetGrain<IRoster>(tree.Teams[0].Value).ListRosterAsync())!.Keys);
    }

    [Fact]
    public async Task Card_whose_answer_was_lost_after_its_commit_is_issued_once()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var cadreId = $"card-{tree.City}";
        var cadre = _grains.GetGrain<ICadreGrain>(cadreId);
        await cadre.RegisterAsync(Registration("Pema", tree.Teams[0]));

        _facts.LoseAnswerOfNextWriteOf($"cadre:{cadreId}");
        var issued = await _grains.GetGrain<ICardHolder>(cadreId).IssueCardAsync(new DateOnly(2016, 2, 1));

        Assert.Equal(CardOutcome.Issued, issued.Outcome);
        var again = await _grains.GetGrain<ICardHolder>(cadreId).IssueCardAsync(new DateOnly(2016, 2, 1));
        Assert.Equal((CardOutcome.AlreadyIssued, issued.Card!.CardNumber), (again.Outcome, again.Card!.CardNumber));
        Assert.Single((await _grains.GetGrain<ICardHolder>(cadreId).ListCardsAsync())!);
    }

    [Fact]
    public async Task A_read_that_interleaves_with_a_pending_write_never_sees_it_and_a_failed_write_is_never_seen()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var team = tree.Teams[0];
        var ledger = _grains.GetGrain<IPointsLedger>(team.Value);
        var entry = new PointEntry("bulletin-7", "bulletin 7", "media", 5, "radio report", new DateOnly(2016, 3, 1));

        var release = _facts.HoldNextWriteOf(team.Value);
        var recording = ledger.RecordPointsAsync(entry);
        await Task.Delay(200);
        var during = await ledger.GetOwnPointsAsync(2016);
        release.SetException(new InvalidOperationException("Injected fault: the store rejected the write."));
        await Assert.ThrowsAnyAsync<Exception>(() => recording);
        var after = await ledger.GetOwnPointsAsync(2016);

        Assert.Empty(during!.Entries);
        Assert.Empty(after!.Entries);
        Assert.Equal(PointsOutcome.Recorded, (await ledger.RecordPointsAsync(entry)).Outcome);
    }

    [Fact]
    public async Task Child_defined_before_its_parent_reaches_the_parent_once_the_parent_is_defined()
    {
        var prefix = TestTree.NewPrefix();
        var township = UnitId.Parse($"{prefix}001001000");
        var team = UnitId.Parse($"{prefix}001001001");
        await Unit(team).DefineAsync(new UnitDefinition(team, "先到的村", "village-team", township, [Cadence.Weekly], []));
        await Unit(team).SubmitReportAsync(Weekly("early", "2016-W20", 2));
        await Task.Delay(300);

        await Unit(township).DefineAsync(new UnitDefinition(township, "后到的乡", "township", null, [Cadence.Monthly],
            [new ChildUnit(team, "先到的村", "village-team")]));

        var view = await Eventually.Returns(() => _grains.GetGrain<IRollupNode>(township.Value).GetRollupAsync(Period.Parse("2016-W20")),
            view => view!.Totals.Reports == 1);
        Assert.Equal(2, view!.Totals.MeetingsHeld);
        Assert.Equal(1, view.ExpectedReports);
    }

    static ChildOffer OfferOf(UnitId child, long version, int reports) =>
        new(child, version, Summaries.Of([KeyValuePair.Create(Period.Parse("2016-W21"), new Totals(reports, 1, 1, 1))], []), DateTimeOffset.UtcNow);

    [Fact]
    public async Task Parent_that_wrote_nothing_for_an_interval_answers_an_offer_once_it_is_durable()
    {
        var (parent, child) = await TestTree.ParentOfASilentChildAsync(_grains);

        var receipt = await parent.OfferChildSummaryAsync(OfferOf(child, 7, reports: 1));

        // Durable in the answer, so the child settles with this one offer: the rows are in the store already.
        Assert.Equal((7, 7), (receipt.HeldVersion, receipt.DurableVersion));
        var held = await _facts.ReadAsync(parent.GetPrimaryKeyString(), "held");
        Assert.NotEmpty(held);
        Assert.Contains(held, row => row.Key.EndsWith(child.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parent_whose_write_fails_while_answering_holds_the_offer_without_calling_it_durable_and_writes_it_later()
    {
        var (parent, child) = await TestTree.ParentOfASilentChildAsync(_grains);
        var owner = parent.GetPrimaryKeyString();
        _facts.FailRowsWhere = row => row.Owner == owner && row.Kind == "held";

        var receipt = await parent.OfferChildSummaryAsync(OfferOf(child, 9, reports: 2));

        Assert.Equal((9, 0), (receipt.HeldVersion, receipt.DurableVersion));
        Assert.Equal(2, (await parent.GetRollupAsync(null))!.Totals.Reports);
        Assert.Empty(await _facts.ReadAsync(owner, "held"));

        _facts.FailRowsWhere = null;
        await Eventually.Returns(async () => (await _facts.ReadAsync(owner, "held")).Count, count => count > 0);
        var again = await Eventually.Returns(() => parent.OfferChildSummaryAsync(OfferOf(child, 9, reports: 2)), answer => answer.DurableVersion == 9);
        Assert.Equal(9, again.HeldVersion);
    }

    [Fact]
    public async Task Parent_whose_store_fails_tries_it_once_an_interval_not_once_an_offer()
    {
        var (parent, child) = await TestTree.ParentOfASilentChildAsync(_grains);
        var owner = parent.GetPrimaryKeyString();
        var tries = 0;
        _facts.FailRowsWhere = row => row.Owner == owner && row.Kind == "held" && Interlocked.Increment(ref tries) > 0;

        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var version = 1; version <= 20; version++)
        {
            Assert.Equal(0, (await parent.OfferChildSummaryAsync(OfferOf(child, version, reports: version))).DurableVersion);
        }
        var elapsed = started.Elapsed;
        var triedDuringOffers = Volatile.Read(ref tries);
        _facts.FailRowsWhere = null;

        // The fixture's ticks (every 50 ms) try the write too, the offers at most once per 100 ms interval; an offer
        // each would be 20 more.
        var bound = (int)(elapsed.TotalMilliseconds / 50) + (int)(elapsed.TotalMilliseconds / 100) + 2;
        Assert.True(triedDuringOffers <= bound, $"{triedDuringOffers} writes tried in {elapsed.TotalMilliseconds:F0} ms; at most {bound} expected");
        await Eventually.Returns(() => parent.OfferChildSummaryAsync(OfferOf(child, 20, reports: 20)), answer => answer.DurableVersion == 20);
    }
}
