using Changdu.ReferenceYear;

namespace Changdu.Gateway.Tests;

/// <summary>The reference replay over one county, on a store of its own, checked by reading the county's rollup.</summary>
public class ReferenceReplayTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Replayed_county_totals_equal_what_the_api_accepted()
    {
        using var client = factory.CreateCityOfficeClient();
        var county = Seeded.Counties[10];
        var teams = Seeded.Teams.Count(team => Seeded.ParentOf(Seeded.ParentOf(team)) == county);
        var log = new StringWriter();

        var result = await new ReferenceReplay(client, county, log).RunAsync();

        Assert.True(result.RollupMatchesAccepted, log.ToString());
        Assert.Equal(Math.Round(5_798.0 * teams / 1_142), result.ProblemsIdentified);
        Assert.Equal(Math.Round(4_869.0 * teams / 1_142), result.ProblemsResolved);
        Assert.InRange(result.Reports, result.ExpectedReports * 95 / 100, result.ExpectedReports - 1);
        var offices = 1 + Seeded.Townships.Count(township => Seeded.ParentOf(township) == county);
        Assert.Equal(offices * 11, result.AwardRounds);
        Assert.Equal(offices, result.Findings);
        var townships = offices - 1;
        Assert.Equal(teams * 4 + Math.Min(townships, Math.Round(118.0 * teams / 1_142)), result.CardsIssued);
        Assert.Equal(Math.Round(6_725.0 * teams / 1_142), result.LeaveRecords);
        Assert.Equal(Math.Round(279.0 * teams / 1_142), result.Absences);
        Assert.Equal(Math.Round(4.0 * teams / 1_142) + Math.Round(16.0 * teams / 1_142), result.SummonedUnits);
    }
}
