using Changdu.Hosting.Hierarchy;

namespace Changdu.Grains.Tests;

/// <summary>
/// Changes of the map on a cluster: a moved unit's figures leave the old parent and reach the new one,
/// no ancestor counts a unit twice, a merge takes the children with it, a change the store
/// interrupts completes by itself, and a newer hierarchy file applies as such changes.
/// </summary>
public class MapChangeTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime, IDisposable
{
    readonly IGrainFactory _grains = fixture.Grains;
    readonly CallFaults _calls = fixture.Calls;
    readonly FaultInjectingFactStore _facts = fixture.Facts;

    static readonly IReadOnlyList<TierDefinition> Tiers =
    [
        new("city", [Cadence.HalfYearly]),
        new("county", [Cadence.Quarterly, Cadence.HalfYearly]),
        new("township", [Cadence.Monthly]),
        new("village-team", [Cadence.Weekly]),
    ];

    static DateOnly Today => new ReportingOptions().LocalDay(DateTimeOffset.UtcNow);

    IHierarchyGrain Map => _grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key);

    public Task InitializeAsync() => Map.RecordTiersAsync(Tiers);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _calls.Disarm();
        _facts.Disarm();
        GC.SuppressFinalize(this);
    }

    Task<RollupView?> Rollup(UnitId unit) => _grains.GetGrain<IRollupNode>(unit.Value).GetRollupAsync(null);

    Task<UnitDefinition?> Definition(UnitId unit) => _grains.GetGrain<IUnitGrain>(unit.Value).GetDefinitionAsync();

    async Task FileWeekly(UnitId team, string week, int meetings) =>
        Assert.Equal(ReportOutcome.Created, (await _grains.GetGrain<IUnitGrain>(team.Value)
            .SubmitReportAsync(new ReportDraft($"w-{week}", Cadence.Weekly, Period.Parse(week), new ReportFigures(meetings, 0, 0), null))).Outcome);

    /// <summary>Each unit's rollup is its own reports plus what it holds of each listed child, and each child is listed once.</summary>
    async Task<RollupView> Settled(UnitId unit, long reports, long meetings) =>
        (await Eventually.Returns(() => Rollup(unit), view => view!.Totals.Reports == reports && view.Totals.MeetingsHeld == meetings))!;

    [Fact]
    public async Task Team_moved_to_a_township_of_another_county_takes_its_figures_there_and_the_city_counts_it_once()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 2, townshipsPerCounty: 1, teamsPerTownship: 2);
        var (team, from, to) = (tree.Teams[0], tree.Townships[0], tree.Townships[1]);
        await FileWeekly(team, "2016-W20", 3);
        await FileWeekly(tree.Teams[2], "2016-W20", 5);
        await Settled(tree.City, 2, 8);

        var result = await Map.MoveUnitAsync(team, to, Today);

        Assert.Equal(MapOutcome.Applied, result.Outcome);
        Assert.Equal(to, result.Unit!.ParentId);
        await Settled(to, 2, 8);
        await Settled(tree.Counties[1], 2, 8);
        await Settled(from, 0, 0);
        await Settled(tree.Counties[0], 0, 0);
        var city = await Settled(tree.City, 2, 8);
        Assert.Equal([3L, 5L], city.Children.Select(child => child.Units).Order());
        Assert.Equal(3, (await Rollup(to))!.Children.Count(child => child.Units == 1));
        Assert.DoesNotContain((await Definition(from))!.Children, child => child.UnitId == team);
        Assert.Single((await Definition(to))!.Children, child => child.UnitId == team);

        var moved = Assert.Single((await _grains.GetGrain<IUnitGrain>(team.Value).GetHistoryAsync())!);
        Assert.Equal((MapChangeKind.Moved, from, to, Today), (moved.Kind, moved.FormerParentId, moved.ParentId, moved.EffectiveOn));
        Assert.Equal(MapChangeKind.ChildrenLeft, Assert.Single((await _grains.GetGrain<IUnitGrain>(from.Value).GetHistoryAsync())!).Kind);
        Assert.Equal(MapChangeKind.ChildrenJoined, Assert.Single((await _grains.GetGrain<IUnitGrain>(to.Value).GetHistoryAsync())!).Kind);

        // A report filed after the move rolls up the new way only.
        await FileWeekly(team, "2016-W21", 1);
        await Settled(tree.Counties[1], 3, 9);
        await Settled(tree.City, 3, 9);
        await Settled(tree.Counties[0], 0, 0);
    }

    [Fact]
    public async Task Unit_whose_parent_does_not_list_it_yet_keeps_offering_until_it_does()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var township = (await Definition(tree.Townships[0]))!;
        var newcomer = UnitId.Parse(tree.Teams[0].Value[..^3] + "777");
        await _grains.GetGrain<IUnitGrain>(newcomer.Value).DefineAsync(new UnitDefinition(newcomer, "新村", "village-team", township.UnitId, [Cadence.Weekly], []));
        await FileWeekly(newcomer, "2016-W20", 4);
        // Offers the township answered as from a stranger, held nothing of.
        await Task.Delay(300);
        Assert.Equal(0, (await Rollup(tree.City))!.Totals.Reports);

        await _grains.GetGrain<IUnitGrain>(township.UnitId.Value)
            .DefineAsync(township with { Children = [.. township.Children, new ChildUnit(newcomer, "新村", "village-team")] });

        await Settled(tree.City, 1, 4);
    }

    [Fact]
    public async Task Move_interrupted_by_failing_writes_is_answered_applying_holds_back_the_next_change_and_completes_on_its_own()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 2, townshipsPerCounty: 1, teamsPerTownship: 1);
        var (team, to) = (tree.Teams[0], tree.Townships[1]);
        await FileWeekly(team, "2016-W20", 3);
        await Settled(tree.Counties[0], 1, 3);

        _calls.FailEvery = nameof(IUnitGrain.ApplyMapStepAsync);
        var result = await Map.MoveUnitAsync(team, to, Today);
        var meanwhile = await Map.RenameUnitAsync(team, "改名");
        _calls.Disarm();

        Assert.Equal(MapOutcome.Applying, result.Outcome);
        Assert.Equal(MapOutcome.EarlierChangeUnderWay, meanwhile.Outcome);
        await Eventually.Returns(() => Definition(to), unit => unit!.Children.Any(child => child.UnitId == team));
        await Settled(tree.Counties[1], 1, 3);
        await Settled(tree.Counties[0], 0, 0);
        Assert.Equal(to, (await Definition(team))!.ParentId);
        Assert.Single((await _grains.GetGrain<IUnitGrain>(team.Value).GetHistoryAsync())!);
    }

    [Fact]
    public async Task Change_refused_by_the_store_changes_nothing_and_the_next_one_goes_through()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);

        _facts.FailNextWriteOf("hierarchy");
        await Assert.ThrowsAnyAsync<Exception>(() => Map.RenameUnitAsync(tree.Teams[0], "新名字"));

        Assert.NotEqual("新名字", (await Definition(tree.Teams[0]))!.Name);
        Assert.Empty((await _grains.GetGrain<IUnitGrain>(tree.Teams[0].Value).GetHistoryAsync())!);
        Assert.Equal(MapOutcome.Applied, (await Map.RenameUnitAsync(tree.Teams[0], "新名字")).Outcome);
        Assert.Equal("新名字", (await Definition(tree.Teams[0]))!.Name);
        Assert.Equal("新名字", Assert.Single((await Definition(tree.Townships[0]))!.Children).Name);
    }

    [Fact]
    public async Task Township_merged_into_another_hands_over_its_teams_and_keeps_its_own_reports()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 2, teamsPerTownship: 2);
        var (closing, target) = (tree.Townships[0], tree.Townships[1]);
        await FileWeekly(tree.Teams[0], "2016-W20", 3);
        Assert.Equal(ReportOutcome.Created, (await _grains.GetGrain<IUnitGrain>(closing.Value)
            .SubmitReportAsync(new ReportDraft("m5", Cadence.Monthly, Period.Parse("2016-05"), new ReportFigures(2, 0, 0), null))).Outcome);
        await Settled(tree.Counties[0], 2, 5);

        var result = await Map.CloseUnitAsync(closing, Today, target);

        Assert.Equal(MapOutcome.Applied, result.Outcome);
        Assert.Equal(Today, result.Unit!.ClosedOn);
        Assert.Empty((await Definition(closing))!.Children);
        Assert.Equal(4, (await Definition(target))!.Children.Count);
        foreach (var team in tree.Teams.Take(2))
        {
            Assert.Equal(target, (await Definition(team))!.ParentId);
        }
        await Settled(target, 1, 3);
        await Settled(closing, 1, 2);
        await Settled(tree.Counties[0], 2, 5);
        Assert.Equal(Today, Assert.Single((await Definition(tree.Counties[0]))!.Children, child => child.UnitId == closing).ClosedOn);
    }

    [Fact]
    public async Task Refusals_change_nothing()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 2, townshipsPerCounty: 1, teamsPerTownship: 1);

        Assert.Equal(MapOutcome.IntoOwnSubtree, (await Map.MoveUnitAsync(tree.Counties[0], tree.Townships[0], Today)).Outcome);
        Assert.Equal(MapOutcome.TierDoesNotFit, (await Map.MoveUnitAsync(tree.Teams[0], tree.Counties[1], Today)).Outcome);
        Assert.Equal(MapOutcome.UnitIdTaken, (await Map.AddUnitAsync(tree.Townships[1], new NewUnit(tree.Teams[0], "重复", "village-team", Today))).Outcome);
        Assert.Equal(MapOutcome.HasOpenChildren, (await Map.CloseUnitAsync(tree.Townships[0], Today, null)).Outcome);
        Assert.Equal(MapOutcome.UnitNotClosed, (await Map.ReopenUnitAsync(tree.Teams[0], Today)).Outcome);
        Assert.Equal(MapOutcome.UnknownParent, (await Map.MoveUnitAsync(tree.Teams[0], UnitId.Parse("999999999999"), Today)).Outcome);

        Assert.Equal(tree.Townships[0], (await Definition(tree.Teams[0]))!.ParentId);
        Assert.Empty((await _grains.GetGrain<IUnitGrain>(tree.Teams[0].Value).GetHistoryAsync())!);
    }

    [Fact]
    public async Task Closed_team_is_expected_to_report_only_while_open_and_reopens_with_the_gap_excused()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var team = tree.Teams[0];
        PeriodRange year = Period.Parse("2016");
        var before = (await _grains.GetGrain<IRollupNode>(tree.Townships[0].Value).GetRollupAsync(year))!.ExpectedReports;

        Assert.Equal(MapOutcome.Applied, (await Map.CloseUnitAsync(team, new DateOnly(2016, 7, 4), null)).Outcome);
        Assert.Equal(MapOutcome.Applied, (await Map.ReopenUnitAsync(team, new DateOnly(2016, 10, 3))).Outcome);

        // 13 weeks closed (W27 to W39) are no longer expected of the team; its township's monthly reports still are.
        await Eventually.Returns(() => _grains.GetGrain<IRollupNode>(tree.Townships[0].Value).GetRollupAsync(year), view => view!.ExpectedReports == before - 13);
        var history = (await _grains.GetGrain<IUnitGrain>(team.Value).GetHistoryAsync())!;
        Assert.Equal([MapChangeKind.Closed, MapChangeKind.Reopened], history.Select(entry => entry.Kind));
    }

    [Fact]
    public async Task Newer_hierarchy_file_applies_as_changes_with_history()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 2, townshipsPerCounty: 1, teamsPerTownship: 2);
        await FileWeekly(tree.Teams[0], "2016-W20", 3);
        await FileWeekly(tree.Teams[1], "2016-W20", 2);
        await Settled(tree.City, 2, 5);
        var current = new List<UnitDefinition>();
        foreach (var unit in new[] { tree.City }.Concat(tree.Counties).Concat(tree.Townships).Concat(tree.Teams))
        {
            current.Add((await Definition(unit))!);
        }
        // The file renames the first team, moves the second to the other county's township, drops the
        // third and adds a new one: the old tree as a file, edited.
        var added = UnitId.Parse(tree.Teams[3].Value[..^3] + "555");
        var file = current
            .Where(unit => unit.UnitId != tree.Teams[2])
            .Select(unit => unit.UnitId == tree.Teams[0] ? unit with { Name = "改名村" }
                : unit.UnitId == tree.Teams[1] ? unit with { ParentId = tree.Townships[1] }
                : unit)
            .Append(new UnitDefinition(added, "新设村", "village-team", tree.Townships[1], [Cadence.Weekly], []))
            .ToList();

        await new HierarchyUpgrade(_grains, Today, 2, tree.City, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).ApplyAsync(file, CancellationToken.None);

        Assert.Equal("改名村", (await Definition(tree.Teams[0]))!.Name);
        Assert.Equal(tree.Townships[1], (await Definition(tree.Teams[1]))!.ParentId);
        Assert.Equal(Today, (await Definition(tree.Teams[2]))!.ClosedOn);
        Assert.Equal(tree.Townships[1], (await Definition(added))!.ParentId);
        var opened = Assert.Single((await _grains.GetGrain<IUnitGrain>(added.Value).GetHistoryAsync())!);
        Assert.Equal((MapChangeKind.Opened, "hierarchy file version 2"), (opened.Kind, opened.By));
        await Settled(tree.Counties[1], 1, 2);
        await Settled(tree.Counties[0], 1, 3);
        await Settled(tree.City, 2, 5);

        // Applying the same file again changes nothing more.
        await new HierarchyUpgrade(_grains, Today, 2, tree.City, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).ApplyAsync(file, CancellationToken.None);
        Assert.Single((await _grains.GetGrain<IUnitGrain>(tree.Teams[1].Value).GetHistoryAsync())!);
    }
}
