namespace Changdu.Grains.Tests;

public class PeriodTests
{
    [Theory]
    [InlineData("2016-W23", PeriodKind.Week)]
    [InlineData("2016-05", PeriodKind.Month)]
    [InlineData("2016-Q2", PeriodKind.Quarter)]
    [InlineData("2016-H1", PeriodKind.HalfYear)]
    [InlineData("2016", PeriodKind.Year)]
    [InlineData("2015-W53", PeriodKind.Week)]
    public void Periods_parse_and_print_the_same_text(string text, PeriodKind kind)
    {
        var period = Period.Parse(text);

        Assert.Equal(kind, period.Kind);
        Assert.Equal(text, period.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("2016-W54")]
    [InlineData("2016-W00")]
    [InlineData("2016-W1")]
    [InlineData("2016-13")]
    [InlineData("2016-5")]
    [InlineData("2016-Q5")]
    [InlineData("2016-H3")]
    [InlineData("1999")]
    [InlineData("2101-01")]
    [InlineData("2016-X1")]
    [InlineData("2016-05-01")]
    [InlineData("２０１６")]
    public void Malformed_or_out_of_range_periods_are_refused(string text) =>
        Assert.False(Period.TryParse(text, out _));

    [Fact]
    public void A_week_belongs_to_the_month_of_its_thursday()
    {
        // 2016-W22 runs Mon 30 May – Sun 5 Jun; its Thursday is 2 June.
        var week = Period.Parse("2016-W22");

        Assert.True(Period.Parse("2016-06").Contains(week));
        Assert.False(Period.Parse("2016-05").Contains(week));
        Assert.True(Period.Parse("2016-Q2").Contains(week));
        Assert.True(Period.Parse("2016-H1").Contains(week));
    }

    [Fact]
    public void A_week_belongs_to_its_iso_year()
    {
        // 2015-W53 runs 28 Dec 2015 – 3 Jan 2016; its Thursday is 31 December 2015.
        var week = Period.Parse("2015-W53");

        Assert.True(Period.Parse("2015").Contains(week));
        Assert.False(Period.Parse("2016").Contains(week));
    }

    [Fact]
    public void Longer_periods_contain_the_shorter_ones_inside_them_only()
    {
        Assert.True(Period.Parse("2016-H2").Contains(Period.Parse("2016-Q3")));
        Assert.False(Period.Parse("2016-H1").Contains(Period.Parse("2016-Q3")));
        Assert.True(Period.Parse("2016").Contains(Period.Parse("2016-H2")));
        Assert.False(Period.Parse("2016-05").Contains(Period.Parse("2016-Q2")));
        Assert.True(Period.Parse("2016-05").Contains(Period.Parse("2016-05")));
    }

    [Fact]
    public void A_period_splits_into_the_shorter_periods_inside_it()
    {
        Assert.Equal(["2016-04", "2016-05", "2016-06"], Period.Parse("2016-Q2").Split(PeriodKind.Month).Select(p => p.ToString()));
        Assert.Equal(["2016-Q1", "2016-Q2"], Period.Parse("2016-H1").Split(PeriodKind.Quarter).Select(p => p.ToString()));
        Assert.Equal(52, Period.Parse("2016").Split(PeriodKind.Week).Count());
        Assert.Equal(53, Period.Parse("2015").Split(PeriodKind.Week).Count());
        // June 2016 holds the weeks whose Thursday falls in it: W22 (2 June) to W26 (30 June).
        Assert.Equal(["2016-W22", "2016-W23", "2016-W24", "2016-W25", "2016-W26"], Period.Parse("2016-06").Split(PeriodKind.Week).Select(p => p.ToString()));
    }
}
