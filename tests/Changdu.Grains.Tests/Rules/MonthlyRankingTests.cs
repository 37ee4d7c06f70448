namespace Changdu.Grains.Tests;

/// <summary>The monthly assessment's rule, without a cluster.</summary>
public class MonthlyRankingTests
{
    static readonly Period March = Period.Month(2016, 3);

    static ChildRollup Child(string id, long reports, long onTime, long expected, long identified = 0, long resolved = 0, long findings = 0, long trained = 0) =>
        new(UnitId.Parse(id), id, "township", new Totals(reports, 0, identified, resolved)
        {
            OnTimeReports = onTime,
            Findings = findings,
            PeopleTrained = trained,
        }, expected)
        { Units = 1 };

    [Fact]
    public void Full_marks_where_nothing_was_due_and_scores_weighted_as_configured()
    {
        var ranking = new MonthlyRanking(new AssessmentOptions());
        var silent = ranking.IndicatorsOf(Child("540300000001", reports: 0, onTime: 0, expected: 0));

        Assert.Equal(new Indicators(1, 1, 1, 1, 0), silent);
        Assert.Equal(90m, ranking.ScoreOf(silent));
    }

    [Fact]
    public void Ties_go_to_completeness_then_resolution_then_the_lower_id_and_the_top_share_gets_flags()
    {
        var ranking = new MonthlyRanking(new AssessmentOptions { FlagPercent = 50 });
        var children = new[]
        {
            Child("540300000004", reports: 4, onTime: 4, expected: 4, trained: 1),
            Child("540300000003", reports: 4, onTime: 4, expected: 4, trained: 1),
            Child("540300000002", reports: 2, onTime: 2, expected: 4),
            Child("540300000001", reports: 1, onTime: 0, expected: 4, identified: 2, resolved: 1, findings: 1),
        };

        var assessment = ranking.Rank(UnitId.Parse("540300000000"), March, children, DateTimeOffset.UnixEpoch);

        Assert.Equal(["540300000003", "540300000004", "540300000002", "540300000001"], assessment.Ranking.Select(unit => unit.UnitId.Value));
        Assert.Equal([1, 2, 3, 4], assessment.Ranking.Select(unit => unit.Rank));
        Assert.Equal(2, assessment.Flags);
        Assert.True(assessment.Ranking[0].Score > assessment.Ranking[2].Score);
        Assert.Equal(0.5m, assessment.Ranking[3].Indicators.Resolution);
        Assert.Equal(0m, assessment.Ranking[3].Indicators.Inspection);
    }

    [Theory]
    [InlineData(0, 30, 0)]
    [InlineData(3, 30, 0)]
    [InlineData(4, 30, 1)]
    [InlineData(11, 30, 3)]
    [InlineData(10, 100, 10)]
    public void Flags_never_exceed_the_share(int assessed, int percent, int flags) =>
        Assert.Equal(flags, MonthlyRanking.FlagsFor(assessed, percent));
}
