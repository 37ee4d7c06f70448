using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Changdu.Gateway.Api;

namespace Changdu.Gateway.Tests;

public class RollupsApiTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    readonly HttpClient _client = factory.CreateCityOfficeClient();

    [Fact]
    public async Task Every_tier_totals_its_own_reports_and_its_childrens()
    {
        var teams = Seeded.Teams.Where(team => Seeded.ParentOf(team) == Seeded.Townships[10]).ToList();
        var township = Seeded.Townships[10];
        var county = Seeded.ParentOf(township);
        foreach (var (team, i) in teams.Select((team, i) => (team, i)))
        {
            Assert.Equal(HttpStatusCode.Created, (await _client.PostReport(team, Reports.Weekly($"t{i}", "2016-W10", 1, 3, 2))).StatusCode);
        }
        var monthly = new { reportId = "m3", cadence = "monthly", period = "2016-03", meetingsHeld = 1, problemsIdentified = 4, problemsResolved = 4 };
        Assert.Equal(HttpStatusCode.Created, (await _client.PostReport(township, monthly)).StatusCode);

        var expectedReports = teams.Count + 1;
        var atCity = await _client.RollupOnce(Seeded.City, r => r.Totals.Reports == expectedReports, "2016-03", seconds: 2);
        var atTownship = await _client.Rollup(township, "2016-03");
        var atCounty = await _client.Rollup(county, "2016-03");

        Assert.Equal(expectedReports, atCity.Totals.Reports);
        Assert.Equal(teams.Count * 3 + 4, atCity.Totals.ProblemsIdentified);
        Assert.Equal(atCity.Totals, atCounty.Totals);
        Assert.Equal(atCity.Totals, atTownship.Totals);
        Assert.Equal(teams.Count, atTownship.Children.Count);
        Assert.All(atTownship.Children, child => Assert.Equal(1, child.Totals.Reports));
        Assert.Equal(atCounty.Totals, atCity.Children.Single(child => child.UnitId == county).Totals);
        Assert.Equal(("2016-03", "township"), (atTownship.Period, atTownship.Tier));
    }

    [Fact]
    public async Task Rollup_without_period_covers_all_time_and_a_period_filters()
    {
        var team = Seeded.Teams[100];
        await _client.PostReport(team, Reports.Weekly("y15", "2014-W40", 1, 1, 1));
        await _client.PostReport(team, Reports.Weekly("y16", "2017-W40", 2, 2, 2));

        var all = await _client.RollupOnce(team, r => r.Totals.Reports == 2);
        var in2014 = await _client.Rollup(team, "2014");
        var inOctober = await _client.Rollup(team, "2017-10");

        Assert.Null(all.Period);
        Assert.Equal(3, all.Totals.MeetingsHeld);
        Assert.Equal(1, in2014.Totals.MeetingsHeld);
        Assert.Equal(2, inOctober.Totals.MeetingsHeld);
    }

    [Fact]
    public async Task A_run_of_periods_counts_the_reports_filed_for_periods_inside_it()
    {
        var team = Seeded.Teams[150];
        var county = Seeded.ParentOf(Seeded.ParentOf(team));
        await _client.PostReport(team, Reports.Weekly("ref-in", "2012-W49", 1, 1, 1));   // Thursday 6 December 2012
        await _client.PostReport(team, Reports.Weekly("ref-out", "2013-W45", 1, 9, 9));  // Thursday 7 November 2013
        var quarterly = new { reportId = "ref-q", cadence = "quarterly", period = "2013-Q2", meetingsHeld = 1, problemsIdentified = 4, problemsResolved = 4 };
        await _client.PostReport(county, quarterly);

        var run = await _client.RollupOnce(county, r => r.Totals.Reports == 2, "2012-12..2013-10");

        Assert.Equal("2012-12..2013-10", run.Period);
        Assert.Equal(new ReportCounts(2, 2, 5, 5), run.Totals.Counts());
        var series = await _client.GetFromJsonAsync<List<SeriesPointDto>>($"/api/units/{county}/rollup/series?period=2012-12..2013-10&by=month");
        Assert.Equal(11, series!.Count);
        Assert.Equal(("2012-12", 1L), (series[0].Period, series[0].Totals.Reports));
    }

    [Fact]
    public async Task The_city_expects_a_report_per_unit_and_period_of_its_cadence()
    {
        // 2016-Q2: 1,142 teams × 13 weeks, 138 townships × 3 months, 11 counties × 1 quarter.
        var city = await _client.RollupOnce(Seeded.City, r => r.ExpectedReports == 15_271, "2016-Q2");
        var all = await _client.Rollup(Seeded.City);

        Assert.Equal(15_271, city.ExpectedReports);
        Assert.Equal(15_271, city.Children.Sum(county => county.ExpectedReports));
        Assert.Null(all.ExpectedReports);
    }

    [Fact]
    public async Task Bad_period_is_400_and_unknown_unit_is_404()
    {
        var badPeriod = await _client.GetAsync($"/api/units/{Seeded.City}/rollup?period=2016-W60");
        var unknown = await _client.GetAsync("/api/units/540300000099/rollup");

        Assert.Equal(HttpStatusCode.BadRequest, badPeriod.StatusCode);
        var problem = await badPeriod.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("period", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Version_rises_when_the_rollup_changes()
    {
        var team = Seeded.Teams[200];
        var before = await _client.Rollup(Seeded.City);

        await _client.PostReport(team, Reports.Weekly("v", "2018-W11"));
        var after = await _client.RollupOnce(Seeded.City, r => r.Totals.Reports > before.Totals.Reports);

        Assert.True(after.Version > before.Version);
        Assert.True(after.AsOf >= before.AsOf);
    }
}
