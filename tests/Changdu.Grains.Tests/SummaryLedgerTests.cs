namespace Changdu.Grains.Tests;

public class SummaryLedgerTests
{
    static readonly UnitId ChildA = UnitId.Parse("540302101201");
    static readonly UnitId ChildB = UnitId.Parse("540302101202");
    static readonly Period W1 = Period.Parse("2016-W01");
    static readonly Period W2 = Period.Parse("2016-W02");

    static Summary Buckets(params (Period Period, long Reports)[] buckets) =>
        buckets.Aggregate(new SummaryBuilder(), (builder, bucket) => builder.Add(bucket.Period, new Totals(bucket.Reports, 0, 0, 0))).Build();

    [Fact]
    public void Total_is_own_contributions_plus_every_child_and_moves_by_the_difference()
    {
        var ledger = new SummaryLedger();
        ledger.AddOwn(Buckets((W1, 1)), 1);
        ledger.ReplaceChild(ChildA, Buckets((W1, 2), (W2, 3)), whole: true, 2);
        ledger.ReplaceChild(ChildB, Buckets((W2, 4)), whole: true, 3);
        ledger.ReplaceChild(ChildA, Buckets((W2, 5)), whole: false, 4);

        Assert.Equal(3, ledger.Total.Within(W1).Reports);
        Assert.Equal(9, ledger.Total.Within(W2).Reports);
        Assert.Equal(7, ledger.ChildSummary(ChildA).Within(null).Reports);
    }

    [Fact]
    public void Whole_replacement_removes_what_the_child_no_longer_has_and_a_zero_removes_one_entry()
    {
        var ledger = new SummaryLedger();
        ledger.ReplaceChild(ChildA, Buckets((W1, 2), (W2, 3)), whole: true, 1);

        var gone = ledger.ReplaceChild(ChildA, Buckets((W2, 3)), whole: true, 2);
        Assert.Equal([new SummaryKey(SummaryPart.Bucket, W1)], gone.Select(entry => entry.Key));
        Assert.Equal(3, ledger.Total.Within(null).Reports);

        var zero = Summary.FromEntries([new(new SummaryKey(SummaryPart.Bucket, W2), Totals.Zero)]);
        ledger.ReplaceChild(ChildA, zero, whole: false, 3);
        Assert.True(ledger.Total.IsEmpty);
        Assert.True(ledger.ChildSummary(ChildA).IsEmpty);
    }

    [Fact]
    public void Changes_after_a_version_are_only_the_entries_moved_since_and_confirmation_forgets_them()
    {
        var ledger = new SummaryLedger();
        ledger.AddOwn(Buckets((W1, 1)), 10);
        ledger.AddOwn(Buckets((W2, 1)), 11);

        Assert.Equal([W2], ledger.ChangesAfter(10).Buckets.Keys);
        Assert.Equal(2, ledger.ChangesAfter(0).EntryCount);

        ledger.Confirm(10);
        Assert.Equal(1, ledger.UnconfirmedCount);
        ledger.ReplaceOwn(Buckets((W2, 1)), Summary.Empty, 12);
        var changes = ledger.ChangesAfter(11);
        Assert.Equal(Totals.Zero, changes.Buckets[W2]);
    }

    [Fact]
    public void Replacing_with_the_same_entries_changes_nothing()
    {
        var ledger = new SummaryLedger();
        ledger.ReplaceChild(ChildA, Buckets((W1, 2)), whole: true, 1);
        ledger.Confirm(1);
        var touches = ledger.Touches;

        Assert.Empty(ledger.ReplaceChild(ChildA, Buckets((W1, 2)), whole: true, 2));
        Assert.Equal(touches, ledger.Touches);
        Assert.Equal(0, ledger.UnconfirmedCount);
    }

    [Fact]
    public void Entry_names_are_stable_and_distinct_across_parts()
    {
        var day = new DateOnly(2016, 3, 5);
        var keys = new[]
        {
            new SummaryKey(SummaryPart.Bucket, W1),
            new SummaryKey(SummaryPart.Reporters, Cadence.Weekly),
            new SummaryKey(SummaryPart.BoundedReporters, new BoundedReporter(Cadence.Weekly, day, null)),
            new SummaryKey(SummaryPart.UnitsByTier, "village-team"),
            new SummaryKey(SummaryPart.Inspected, new TierYear("township", 2016)),
            new SummaryKey(SummaryPart.OpenProblems, day),
            new SummaryKey(SummaryPart.Assigned, new DateSpan(day, null)),
            new SummaryKey(SummaryPart.Duty, day),
        };

        Assert.Equal(keys.Length, keys.Select(key => key.Text).Distinct().Count());
        Assert.Equal("b/2016-W01", keys[0].Text);
        Assert.Equal("rb/weekly/2016-03-05/", keys[2].Text);
    }

    [Fact]
    public void A_recounted_contribution_moves_only_the_entries_that_differ()
    {
        var ledger = new SummaryLedger();
        var before = Buckets((W1, 1), (W2, 2));
        ledger.AddOwn(before, 1);
        ledger.Confirm(1);

        ledger.ReplaceOwn(before, Buckets((W1, 1), (W2, 3)), 2);

        Assert.Equal([W2], ledger.ChangesAfter(1).Buckets.Keys);
        Assert.Equal(4, ledger.Total.Within(null).Reports);
    }
}
