namespace Changdu.Grains.Tests;

public class PeriodRangeTests
{
    static readonly PeriodRange Reference = PeriodRange.TryParse("2015-12..2016-10", out var range) ? range : throw new FormatException();

    [Theory]
    [InlineData("2015-W49", true)]   // Thursday 3 December 2015
    [InlineData("2015-W48", false)]  // Thursday 26 November 2015
    [InlineData("2016-W43", true)]   // Thursday 27 October 2016
    [InlineData("2016-W44", false)]  // Thursday 3 November 2016
    [InlineData("2015-12", true)]
    [InlineData("2016-10", true)]
    [InlineData("2016-11", false)]
    [InlineData("2016-Q1", true)]
    [InlineData("2016-Q3", true)]
    [InlineData("2015-Q4", false)]   // begins in October 2015, before the range
    [InlineData("2016-Q4", false)]
    [InlineData("2016-H1", true)]
    [InlineData("2015-H2", false)]
    [InlineData("2016", false)]
    public void The_reference_range_counts_reports_filed_for_periods_wholly_inside_it(string period, bool inside) =>
        Assert.Equal(inside, Reference.Contains(Period.Parse(period)));

    [Theory]
    [InlineData("2016-10..2015-12")]
    [InlineData("2015-12..")]
    [InlineData("..2016-10")]
    [InlineData("2015-12..2016-10..2017")]
    [InlineData("2015-13..2016-10")]
    public void Malformed_ranges_are_refused(string text) => Assert.False(PeriodRange.TryParse(text, out _));

    [Fact]
    public void A_single_period_is_a_range_of_itself()
    {
        Assert.True(PeriodRange.TryParse("2016-Q2", out var range));
        Assert.Equal("2016-Q2", range.ToString());
        Assert.True(range.Contains(Period.Parse("2016-05")));
        Assert.Equal(11, Reference.Split(PeriodKind.Month).Count());
        Assert.Equal("2015-12..2016-10", Reference.ToString());
    }
}
