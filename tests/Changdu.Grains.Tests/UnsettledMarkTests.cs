namespace Changdu.Grains.Tests;

/// <summary>
/// The durable marks of what may not have reached the rollup yet (docs/architecture.md §4): written
/// with the fact that unsettles a unit or a part, standing while the way up fails, and gone once the
/// parent holds the summary durably, so after a crash only recent activity needs waking.
/// </summary>
public class UnsettledMarkTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IDisposable
{
    readonly IGrainFactory _grains = fixture.Grains;
    readonly CallFaults _calls = fixture.Calls;
    readonly FaultInjectingFactStore _facts = fixture.Facts;

    static DateOnly Today => new ReportingOptions().LocalDay(DateTimeOffset.UtcNow);

    public void Dispose()
    {
        _calls.Disarm();
        _facts.Disarm();
        GC.SuppressFinalize(this);
    }

    async Task<bool> Marked(string kind, string key) => await _facts.ReadOneAsync(UnsettledMarks.Owner, kind, key) is not null;

    async Task<IReadOnlyList<string>> MarksUnder(TestTree tree)
    {
        var prefix = tree.City.Value[..3];
        return (await _facts.ReadAsync(UnsettledMarks.Owner))
            .Where(row => row.Kind is UnsettledMarks.UnitKind or UnsettledMarks.PartKind && row.Key.Contains(prefix, StringComparison.Ordinal))
            .Select(row => $"{row.Kind}:{row.Key}").ToList();
    }

    [Fact]
    public async Task Report_marks_its_team_until_the_township_holds_it_durably()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        await Eventually.Returns(() => MarksUnder(tree), marks => marks.Count == 0);

        _calls.FailEvery = nameof(IRollupNode.OfferChildSummaryAsync);
        var filed = await _grains.GetGrain<IUnitGrain>(tree.Teams[0].Value)
            .SubmitReportAsync(new ReportDraft("w-1", Cadence.Weekly, Period.Parse("2016-W20"), new ReportFigures(2, 0, 0), null));

        Assert.Equal(ReportOutcome.Created, filed.Outcome);
        Assert.True(await Marked(UnsettledMarks.UnitKind, tree.Teams[0].Value), "the report was acknowledged without its team's mark");
        await Task.Delay(300);
        Assert.True(await Marked(UnsettledMarks.UnitKind, tree.Teams[0].Value), "the mark went while the township could not be offered anything");

        _calls.Disarm();
        await Eventually.Returns(() => _grains.GetGrain<IRollupNode>(tree.City.Value).GetRollupAsync(null), view => view!.Totals.Reports == 1);
        Assert.Empty(await Eventually.Returns(() => MarksUnder(tree), marks => marks.Count == 0));
    }

    [Fact]
    public async Task Part_is_marked_until_its_unit_takes_it_and_the_unit_until_its_parent_holds_it()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var township = tree.Townships[0];
        await Eventually.Returns(() => MarksUnder(tree), marks => marks.Count == 0);

        _calls.FailEvery = nameof(IRollupNode.OfferPartAsync);
        var recorded = await _grains.GetGrain<ITrainingRegister>(township.Value)
            .RecordTrainingAsync(new Training("t-1", TrainingKind.Class, "政策宣讲", Today.AddDays(-1), Today.AddDays(-1), 30, []));

        Assert.Equal(TrainingOutcome.Recorded, recorded.Outcome);
        Assert.True(await Marked(UnsettledMarks.PartKind, $"{OfficeGrain.Concern}:{township.Value}"), "the training was acknowledged without its part's mark");
        Assert.False(await Marked(UnsettledMarks.UnitKind, township.Value), "the unit was marked before it took the part");

        _calls.FailEvery = nameof(IRollupNode.OfferChildSummaryAsync);
        await Eventually.Returns(() => Marked(UnsettledMarks.UnitKind, township.Value), marked => marked);
        await Eventually.Returns(() => Marked(UnsettledMarks.PartKind, $"{OfficeGrain.Concern}:{township.Value}"), marked => !marked);

        _calls.Disarm();
        await Eventually.Returns(() => _grains.GetGrain<IRollupNode>(tree.City.Value).GetRollupAsync(null), view => view!.Totals.PeopleTrained == 30);
        Assert.Empty(await Eventually.Returns(() => MarksUnder(tree), marks => marks.Count == 0));
    }

    [Fact]
    public async Task Mark_a_failing_store_keeps_is_cleared_by_a_later_tick()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var team = tree.Teams[0];
        await Eventually.Returns(() => MarksUnder(tree), marks => marks.Count == 0);

        _calls.FailEvery = nameof(IRollupNode.OfferChildSummaryAsync);
        await _grains.GetGrain<IUnitGrain>(team.Value)
            .SubmitReportAsync(new ReportDraft("w-1", Cadence.Weekly, Period.Parse("2016-W21"), new ReportFigures(1, 0, 0), null));
        _facts.FailNextWriteOf(UnsettledMarks.Owner);
        _calls.Disarm();

        await Eventually.Returns(() => _grains.GetGrain<IRollupNode>(tree.City.Value).GetRollupAsync(null), view => view!.Totals.Reports == 1);
        Assert.Empty(await Eventually.Returns(() => MarksUnder(tree), marks => marks.Count == 0));
    }
}
