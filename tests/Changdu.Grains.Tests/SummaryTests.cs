namespace Changdu.Grains.Tests;

public class SummaryTests
{
    static readonly Period May = Period.Parse("2016-05");
    static readonly Period Week23 = Period.Parse("2016-W23");

    static KeyValuePair<Period, Totals> Bucket(Period period, long reports, long meetings, long identified, long resolved) =>
        KeyValuePair.Create(period, new Totals(reports, meetings, identified, resolved));

    [Fact]
    public void Sum_adds_own_buckets_and_children_per_period()
    {
        var child = Summaries.Of([Bucket(Week23, 1, 1, 4, 2)], []);
        var otherChild = Summaries.Of([Bucket(Week23, 1, 2, 1, 1), Bucket(May, 1, 1, 0, 0)], []);

        var sum = Summaries.Of([Bucket(May, 1, 3, 3, 3)], [child, otherChild]);

        Assert.Equal(new Totals(2, 3, 5, 3), sum.Buckets[Week23]);
        Assert.Equal(new Totals(2, 4, 3, 3), sum.Buckets[May]);
        Assert.Equal(new Totals(4, 7, 8, 6), sum.Within(null));
    }

    [Fact]
    public void Within_counts_only_buckets_inside_the_range()
    {
        var summary = Summaries.Of([Bucket(Week23, 1, 1, 1, 1), Bucket(May, 1, 10, 10, 10), Bucket(Period.Parse("2016-Q3"), 1, 100, 100, 100)], []);

        Assert.Equal(new Totals(1, 10, 10, 10), summary.Within(May));
        Assert.Equal(new Totals(1, 1, 1, 1), summary.Within(Period.Parse("2016-06")));
        Assert.Equal(new Totals(2, 11, 11, 11), summary.Within(Period.Parse("2016-Q2")));
        Assert.Equal(new Totals(3, 111, 111, 111), summary.Within(Period.Parse("2016")));
        Assert.Equal(Totals.Zero, summary.Within(Period.Parse("2017")));
    }

    [Fact]
    public void Summaries_with_the_same_buckets_are_equal_whatever_their_order()
    {
        var a = Summaries.Of([Bucket(Week23, 1, 1, 1, 1), Bucket(May, 1, 2, 2, 2)], []);
        var b = Summaries.Of([Bucket(May, 1, 2, 2, 2), Bucket(Week23, 1, 1, 1, 1)], []);
        var c = Summaries.Of([Bucket(May, 1, 2, 2, 3), Bucket(Week23, 1, 1, 1, 1)], []);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Zero_buckets_are_dropped_so_an_empty_sum_equals_empty()
    {
        var sum = Summaries.Of([Bucket(May, 0, 0, 0, 0)], [Summary.Empty]);

        Assert.True(sum.IsEmpty);
        Assert.Equal(Summary.Empty, sum);
    }

    [Fact]
    public void Reporters_add_up_the_tree_and_give_the_reports_expected_in_a_period()
    {
        var team = Summaries.Of([], [], [Cadence.Weekly]);
        var township = Summaries.Of([], [team, team, team], [Cadence.Monthly]);
        var county = Summaries.Of([], [township, township], [Cadence.Quarterly, Cadence.HalfYearly]);

        Assert.Equal(6, county.Reporters[Cadence.Weekly]);
        Assert.Equal(2, county.Reporters[Cadence.Monthly]);
        // 2016-Q2: 13 weeks (by Thursday), 3 months, 1 quarter, no whole half-year.
        Assert.Equal(6 * 13 + 2 * 3 + 1, county.ExpectedWithin(Period.Parse("2016-Q2")));
        Assert.Equal(6 * 26 + 2 * 6 + 2 + 1, county.ExpectedWithin(Period.Parse("2016-H1")));
        Assert.NotEqual(township, Summaries.Of([], [team, team], [Cadence.Monthly]));
    }
}
