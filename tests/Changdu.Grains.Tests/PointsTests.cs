namespace Changdu.Grains.Tests;

public class PointsTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    readonly IGrainFactory _grains = fixture.Grains;

    IPointsLedger Ledger(UnitId unit) => _grains.GetGrain<IPointsLedger>(unit.Value);

    [Fact]
    public async Task Year_end_ranks_children_by_ledger_and_rule_points_and_awards_prizes_in_order()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 8);
        var teams = tree.Teams;
        for (var i = 0; i < teams.Count; i++)
        {
            var entry = new PointEntry($"b{i}", "Bulletin 12", "seven-tasks", 10 * i, "Seven tasks completed", new DateOnly(2016, 9, 1));
            Assert.Equal(PointsOutcome.Recorded, (await Ledger(teams[i]).RecordPointsAsync(entry)).Outcome);
            Assert.Equal(PointsOutcome.AlreadyStored, (await Ledger(teams[i]).RecordPointsAsync(entry)).Outcome);
        }
        Assert.Equal(PointsOutcome.EntryIdTaken, (await Ledger(teams[0]).RecordPointsAsync(
            new PointEntry("b0", "Bulletin 12", "seven-tasks", 5, "changed", new DateOnly(2016, 9, 1)))).Outcome);
        // A finding against the best team costs it a point.
        var round = await _grains.GetGrain<IInspectingOffice>(tree.Townships[0].Value).OpenRoundAsync("r", new DateOnly(2016, 10, 1), 1);
        Assert.Equal(InspectionOutcome.Opened, round.Outcome);
        await _grains.GetGrain<IInspectingOffice>(tree.Townships[0].Value).RecordFindingAsync("r", new Finding("f", teams[7], "discipline", "Late", new DateOnly(2016, 10, 2)));

        var yearEnd = await Eventually.Returns(() => Ledger(tree.Townships[0]).GetYearEndAsync(2016), ranking => ranking!.Ranking[0].Points == 70 - 1);

        Assert.False(yearEnd!.Closed);
        Assert.Equal(teams.AsEnumerable().Reverse(), yearEnd.Ranking.Select(unit => unit.UnitId));
        Assert.Equal([1, 2, 2, 3, 3, 3, null, null], yearEnd.Ranking.Select(unit => unit.Prize));
        var statement = await Ledger(teams[7]).GetPointsAsync(2016);
        Assert.Equal(70 - 1 + 0, statement!.Total);
        Assert.Equal(-1, statement.Rules.Single(rule => rule.Rule == "findings").Points);

        var closing = await Ledger(tree.Townships[0]).CloseYearAsync(2016, "tester");
        Assert.Equal(CloseOutcome.Closed, closing.Outcome);
        var closed = closing.YearEnd!;
        Assert.True(closed.Closed);
        await Ledger(teams[0]).RecordPointsAsync(new PointEntry("late", "Bulletin 13", "media", 100, "Late entry", new DateOnly(2016, 12, 30)));
        Assert.Equal(closed.Ranking, (await Ledger(tree.Townships[0]).GetYearEndAsync(2016))!.Ranking);
        var city = await Eventually.Returns(() => _grains.GetGrain<IRollupNode>(tree.City.Value).GetRollupAsync(Period.OfYear(2016)), view => view!.Totals.Points == 280 + 100);
        Assert.Equal(380, city!.Totals.Points);
        Assert.Equal(CloseOutcome.PeriodNotEnded, (await Ledger(tree.Townships[0]).CloseYearAsync(DateTime.UtcNow.Year, "tester")).Outcome);
        Assert.Equal(CloseOutcome.AlreadyClosed, (await Ledger(tree.Townships[0]).CloseYearAsync(2016, "tester")).Outcome);
    }
}
