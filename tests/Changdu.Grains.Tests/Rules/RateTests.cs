namespace Changdu.Grains.Tests;

/// <summary>The one definition of a rate.</summary>
public class RateTests
{
    [Theory]
    [InlineData(0, 0, null)]
    [InlineData(0, 4, "0")]
    [InlineData(1, 3, "0.3333")]
    [InlineData(2, 3, "0.6667")]
    [InlineData(5, 4, "1.25")]
    public void A_part_of_a_whole_to_four_places_and_no_rate_when_nothing_was_due(long part, long whole, string? rate) =>
        Assert.Equal(rate is null ? null : decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), Rate.Of(part, whole));
}
