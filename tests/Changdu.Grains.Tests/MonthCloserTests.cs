using Changdu.Hosting.Hierarchy;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Changdu.Grains.Tests;

/// <summary>
/// The month closer visits only the offices its due-list holds for months whose closing day has come
/// (docs/architecture.md §8): an office is listed when a report counted in the month first reaches it,
/// a row leaves the list once its office has closed the month, and an office with nothing reported is never visited.
/// </summary>
public class MonthCloserTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    static readonly AssessmentOptions Assessment = new();
    static readonly ReportingOptions Reporting = new();
    readonly IGrainFactory _grains = fixture.Grains;

    static DateOnly Today => Reporting.LocalDay(DateTimeOffset.UtcNow);

    /// <summary>The last month whose closing day has come: the month before the one <see cref="AssessmentOptions.CloseAfterDays"/> days ago.</summary>
    static Period LastClosable
    {
        get
        {
            var monthBefore = Today.AddDays(-Assessment.CloseAfterDays).AddMonths(-1);
            return Period.Month(monthBefore.Year, monthBefore.Month);
        }
    }

    static DateOnly ClosingDayOf(Period month) => month.End.AddDays(Assessment.CloseAfterDays);

    MonthCloser Closer(TimeProvider? clock = null) => new(_grains, fixture.Facts, Options.Create(Assessment), Options.Create(Reporting), new StartupProgress(),
        clock ?? TimeProvider.System, new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), NullLogger<MonthCloser>.Instance);

    /// <summary>A clock at noon, local time, on <paramref name="day"/>.</summary>
    static FixedClock ClockOn(DateOnly day) => new FixedClock(new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), Reporting.UtcOffset));

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>The offices of <paramref name="tree"/> listed for <paramref name="month"/>.</summary>
    async Task<IReadOnlyList<UnitId>> ListedFor(Period month, TestTree tree)
    {
        var next = month.End;
        var rows = await fixture.Facts.ReadBeforeAsync(ClosingDueList.Owner, ClosingDueList.Kind, ClosingDueList.Before(Period.Month(next.Year, next.Month)), 10_000);
        return rows.Select(row => ClosingDueList.Parse(row.Key))
            .Where(listed => listed.Month == month && listed.Office.Value.StartsWith(tree.City.Value[..3], StringComparison.Ordinal))
            .Select(listed => listed.Office).Order().ToList();
    }

    /// <summary>Waits until exactly <paramref name="offices"/> of the tree are listed for the month.</summary>
    async Task ListedAsync(Period month, TestTree tree, params UnitId[] offices)
    {
        var expected = offices.Order().ToList();
        Assert.Equal(expected, await Eventually.Returns(() => ListedFor(month, tree), listed => listed.SequenceEqual(expected)));
    }

    async Task SubmitAsync(UnitId unit, Cadence cadence, Period period)
    {
        var result = await _grains.GetGrain<IUnitGrain>(unit.Value).SubmitReportAsync(new ReportDraft($"r-{period}", cadence, period, new ReportFigures(1, 0, 0), null));
        Assert.True(result.Accepted, result.Detail);
    }

    async Task<bool> ClosedAsync(UnitId office, Period month) =>
        (await _grains.GetGrain<IAssessingOffice>(office.Value).GetAssessmentAsync(month))!.Closed;

    [Fact]
    public void A_week_counts_in_the_month_of_its_Thursday_a_month_in_itself_and_longer_periods_in_none()
    {
        // 2016-W09 runs from Monday 29 February to Sunday 6 March: its Thursday is 3 March.
        Assert.Equal(Period.Parse("2016-03"), ClosingDueList.MonthCounting(Period.Parse("2016-W09")));
        Assert.Equal(Period.Parse("2016-02"), ClosingDueList.MonthCounting(Period.Parse("2016-W08")));
        Assert.Equal(Period.Parse("2016-05"), ClosingDueList.MonthCounting(Period.Parse("2016-05")));
        Assert.Null(ClosingDueList.MonthCounting(Period.Parse("2016-Q2")));
        Assert.Null(ClosingDueList.MonthCounting(Period.Parse("2016-H1")));
        Assert.Null(ClosingDueList.MonthCounting(Period.Parse("2016")));
        var (month, office) = ClosingDueList.Parse(ClosingDueList.Row(Period.Parse("2016-03"), UnitId.Parse("540300000000")).Key);
        Assert.Equal((Period.Parse("2016-03"), UnitId.Parse("540300000000")), (month, office));
    }

    [Fact]
    public async Task Reports_list_their_offices_and_a_run_on_the_closing_day_visits_only_those()
    {
        // Whatever earlier tests left due is closed first, so the runs below count this tree's offices only.
        await Closer().RunOnceAsync(CancellationToken.None);
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 3, teamsPerTownship: 2);
        var (reporting, silent, ownReport) = (tree.Townships[0], tree.Townships[1], tree.Townships[2]);
        var month = LastClosable;
        await SubmitAsync(tree.Teams[0], Cadence.Weekly, month.Split(PeriodKind.Week).First());
        // An office's own monthly report counts in its month too.
        await SubmitAsync(ownReport, Cadence.Monthly, month);

        await ListedAsync(month, tree, reporting, ownReport, tree.Counties[0], tree.City);

        Assert.Equal(0, await Closer(ClockOn(ClosingDayOf(month).AddDays(-1))).RunOnceAsync(CancellationToken.None));
        Assert.False(await ClosedAsync(reporting, month));
        await ListedAsync(month, tree, reporting, ownReport, tree.Counties[0], tree.City);

        Assert.Equal(4, await Closer(ClockOn(ClosingDayOf(month))).RunOnceAsync(CancellationToken.None));
        Assert.True(await ClosedAsync(reporting, month));
        Assert.True(await ClosedAsync(ownReport, month));
        Assert.True(await ClosedAsync(tree.Counties[0], month));
        Assert.True(await ClosedAsync(tree.City, month));
        Assert.False(await ClosedAsync(silent, month));
        Assert.Empty(await ListedFor(month, tree));
        Assert.Equal(0, await Closer().RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_office_whose_close_fails_stays_listed_and_the_next_run_closes_it()
    {
        await Closer().RunOnceAsync(CancellationToken.None);
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 2, teamsPerTownship: 1);
        var (failing, other) = (tree.Townships[0], tree.Townships[1]);
        var month = LastClosable;
        var week = month.Split(PeriodKind.Week).First();
        await SubmitAsync(tree.Teams[0], Cadence.Weekly, week);
        await SubmitAsync(tree.Teams[1], Cadence.Weekly, week);
        await ListedAsync(month, tree, failing, other, tree.Counties[0], tree.City);

        // The store refuses the failing township's closed month: its close throws, the others go on.
        fixture.Facts.FailRowsWhere = row => row.Kind == "closed-month" && row.Owner == $"{OfficeGrain.Concern}:{failing.Value}";
        try
        {
            Assert.Equal(4, await Closer().RunOnceAsync(CancellationToken.None));
        }
        finally
        {
            fixture.Facts.Disarm();
        }
        Assert.False(await ClosedAsync(failing, month));
        Assert.True(await ClosedAsync(other, month));
        Assert.True(await ClosedAsync(tree.City, month));
        Assert.Equal([failing], await ListedFor(month, tree));

        // The store takes the closed month but not the run's removal from the list: the row stays, and the next visit finds the month closed.
        fixture.Facts.FailRowsWhere = row => row.Owner == ClosingDueList.Owner && row.Kind == ClosingDueList.Kind && row.Payload is null;
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Closer().RunOnceAsync(CancellationToken.None));
        }
        finally
        {
            fixture.Facts.Disarm();
        }
        Assert.True(await ClosedAsync(failing, month));
        Assert.Equal([failing], await ListedFor(month, tree));

        Assert.Equal(1, await Closer().RunOnceAsync(CancellationToken.None));
        Assert.Empty(await ListedFor(month, tree));
        Assert.Equal("schedule", (await _grains.GetGrain<IAssessingOffice>(failing.Value).GetAssessmentAsync(month))!.ClosedBy);
    }

    [Fact]
    public async Task A_store_from_before_the_list_is_walked_once_which_closes_what_is_due_and_lists_what_is_not_yet()
    {
        await Closer().RunOnceAsync(CancellationToken.None);
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 2);
        var township = tree.Townships[0];
        var due = LastClosable;
        var thisMonth = Period.Month(Today.Year, Today.Month);
        await SubmitAsync(tree.Teams[0], Cadence.Weekly, due.Split(PeriodKind.Week).First());
        await SubmitAsync(tree.Teams[0], Cadence.Weekly, thisMonth.Split(PeriodKind.Week).First());
        var offices = new[] { township, tree.Counties[0], tree.City };
        await ListedAsync(due, tree, offices);
        await ListedAsync(thisMonth, tree, offices);
        // A store from before the list: the reports are there, the rows and the flag are not.
        await fixture.Facts.WriteAsync([
            .. offices.SelectMany(office => new[] { ClosingDueList.Row(due, office, listed: false), ClosingDueList.Row(thisMonth, office, listed: false) }),
            MonthCloser.KeptRow with { Payload = null }]);
        await _grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).RecordAppliedAsync(new AppliedHierarchy(1, [tree.City], DateTimeOffset.UtcNow));

        Assert.Equal(5, await Closer().RunOnceAsync(CancellationToken.None));

        foreach (var office in offices)
        {
            Assert.True(await ClosedAsync(office, due));
        }
        Assert.NotNull(await fixture.Facts.ReadOneAsync(ClosingDueList.Owner, ClosingDueList.KeptKind, ""));
        Assert.Empty(await ListedFor(due, tree));
        await ListedAsync(thisMonth, tree, offices);
        // Flagged: the next run reads the list and walks nothing.
        Assert.Equal(0, await Closer().RunOnceAsync(CancellationToken.None));
    }
}
