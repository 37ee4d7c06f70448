namespace Changdu.Grains.Tests;

/// <summary>Year-end points and prizes, without a cluster.</summary>
public class YearEndPointsTests
{
    [Fact]
    public void Rules_count_findings_completeness_and_flags()
    {
        var points = new YearEndPoints(new PointsOptions { PerFinding = -1, FullCompleteness = 20, PerFlag = 2 });

        var rules = points.FromRollup(new Totals(45, 0, 0, 0) { Findings = 3 }, expectedReports: 52);

        Assert.Equal(-3m, rules.Single(rule => rule.Rule == "findings").Points);
        Assert.Equal(17.31m, rules.Single(rule => rule.Rule == "completeness").Points);
        Assert.Equal(20m, points.FromRollup(Totals.Zero, expectedReports: 0).Single(rule => rule.Rule == "completeness").Points);
        Assert.Equal(new RulePoints("flags", 3, 6), points.ForFlags(3));
    }

    [Fact]
    public void Children_rank_by_points_ties_to_the_lower_id_and_prizes_go_as_configured()
    {
        var points = new YearEndPoints(new PointsOptions { FirstPrizes = 1, SecondPrizes = 1, ThirdPrizes = 1 });
        (UnitRef, decimal)[] children =
        [
            (new UnitRef(UnitId.Parse("540300000003"), "C", "county"), 10),
            (new UnitRef(UnitId.Parse("540300000001"), "A", "county"), 12),
            (new UnitRef(UnitId.Parse("540300000002"), "B", "county"), 10),
            (new UnitRef(UnitId.Parse("540300000004"), "D", "county"), 1),
        ];

        var yearEnd = points.Rank(UnitId.Parse("540300000000"), 2016, children, DateTimeOffset.UnixEpoch);

        Assert.Equal(["A", "B", "C", "D"], yearEnd.Ranking.Select(entry => entry.Name));
        Assert.Equal([1, 2, 3, null], yearEnd.Ranking.Select(entry => entry.Prize));
    }
}
