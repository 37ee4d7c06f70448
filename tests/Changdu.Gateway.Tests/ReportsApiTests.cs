using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Changdu.Gateway.Api;

namespace Changdu.Gateway.Tests;

public class ReportsApiTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    readonly HttpClient _client = factory.CreateCityOfficeClient();

    static Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status) => ProblemResponse.ExpectAsync(response, status);

    static IEnumerable<string> ErrorFields(JsonElement problem) => ProblemResponse.ErrorFields(problem);

    Task<HttpResponseMessage> PostRaw(string unitId, string json) =>
        _client.PostAsync($"/api/units/{unitId}/reports", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Submitted_report_is_created_stored_and_counted_up_to_the_city()
    {
        var team = Seeded.Teams[0];
        var before = await _client.Rollup(Seeded.City);

        var response = await _client.PostReport(team, Reports.Weekly("created-1", "2016-W23", 2, 5, 3, "村两委会议"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/units/{team}/reports/created-1", response.Headers.Location?.ToString());
        var created = await response.ReadAsync<ReportDto>();
        Assert.Equal((team, "created-1", "weekly", "2016-W23", 2, 5, 3, "村两委会议", 1),
            (created.UnitId, created.ReportId, created.Cadence, created.Period, created.MeetingsHeld, created.ProblemsIdentified, created.ProblemsResolved, created.Notes, created.Revision));
        Assert.Equal(created, await _client.GetFromJsonAsync<ReportDto>($"/api/units/{team}/reports/created-1"));
        var after = await _client.RollupOnce(Seeded.City, r => r.Totals.Reports == before.Totals.Reports + 1, seconds: 2);
        Assert.Equal(before.Totals.Counts() with { Reports = before.Totals.Reports + 1, MeetingsHeld = before.Totals.MeetingsHeld + 2,
            ProblemsIdentified = before.Totals.ProblemsIdentified + 5, ProblemsResolved = before.Totals.ProblemsResolved + 3 }, after.Totals.Counts());
    }

    [Fact]
    public async Task Replayed_report_is_answered_200_with_the_original_and_counted_once()
    {
        var team = Seeded.Teams[1];
        var first = await _client.PostReport(team, Reports.Weekly("replay-1", "2016-W24", 1, 4, 4));

        var again = await _client.PostReport(team, Reports.Weekly("replay-1", "2016-W24", 1, 4, 4));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.ReadAsync<ReportDto>(), await again.ReadAsync<ReportDto>());
        var township = await _client.RollupOnce(Seeded.ParentOf(team), r => r.Totals.Reports >= 1, "2016-W24");
        Assert.Equal(1, township.Totals.Reports);
    }

    [Fact]
    public async Task Same_report_id_with_a_different_body_is_a_conflict_that_changes_nothing()
    {
        var team = Seeded.Teams[2];
        await _client.PostReport(team, Reports.Weekly("conflict-1", "2016-W25", 1, 1, 1));

        var response = await _client.PostReport(team, Reports.Weekly("conflict-1", "2016-W25", 9, 9, 9));

        var problem = await Problem(response, HttpStatusCode.Conflict);
        Assert.Equal("conflict-1", problem.GetProperty("existingReportId").GetString());
        var stored = await _client.GetFromJsonAsync<ReportDto>($"/api/units/{team}/reports/conflict-1");
        Assert.Equal(1, stored!.MeetingsHeld);
    }

    [Fact]
    public async Task Second_report_for_a_period_already_reported_is_a_conflict_naming_the_first()
    {
        var team = Seeded.Teams[3];
        await _client.PostReport(team, Reports.Weekly("period-1", "2016-W26"));

        var response = await _client.PostReport(team, Reports.Weekly("period-2", "2016-W26"));

        var problem = await Problem(response, HttpStatusCode.Conflict);
        Assert.Equal("period-1", problem.GetProperty("existingReportId").GetString());
        Assert.Contains("period-1", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/units/{team}/reports/period-2")).StatusCode);
    }

    [Fact]
    public async Task Invalid_body_is_refused_naming_each_bad_field()
    {
        var team = Seeded.Teams[4];

        var response = await PostRaw(team,
            """{ "reportId": "", "cadence": "daily", "period": "2016-W99", "meetingsHeld": -1, "problemsIdentified": 10001, "notes": null }""");

        var problem = await Problem(response, HttpStatusCode.BadRequest);
        Assert.Equal(["cadence", "meetingsHeld", "period", "problemsIdentified", "problemsResolved", "reportId"], ErrorFields(problem).Order());
    }

    [Theory]
    [InlineData("""{ "reportId": "x", "cadence": "weekly", """, null)]
    [InlineData("""{ "reportId": "x", "cadence": "weekly", "period": "2016-W10", "meetingsHeld": "many", "problemsIdentified": 1, "problemsResolved": 1 }""", "meetingsHeld")]
    [InlineData("""{ "reportId": "x", "cadence": "weekly", "period": "2016-W10", "meetingsHeld": 1.5, "problemsIdentified": 1, "problemsResolved": 1 }""", "meetingsHeld")]
    [InlineData("""{ "reportId": "x", "cadence": "weekly", "period": "2016-W10", "meetingsHeld": 1, "problemsIdentified": 1, "problemsResolved": 1, "villagerIdNumber": "1" }""", "villagerIdNumber")]
    [InlineData("""[1, 2, 3]""", null)]
    public async Task Malformed_json_is_refused_with_a_problem(string json, string? field)
    {
        var response = await PostRaw(Seeded.Teams[5], json);

        var problem = await Problem(response, HttpStatusCode.BadRequest);
        if (field is not null)
        {
            Assert.Contains(field, ErrorFields(problem));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/units/{Seeded.Teams[5]}/reports/x")).StatusCode);
    }

    [Fact]
    public async Task Oversized_body_is_refused_with_413()
    {
        var response = await _client.PostReport(Seeded.Teams[6], Reports.Weekly("big", "2016-W10", notes: new string('长', 3000)));

        await Problem(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/units/{Seeded.Teams[6]}/reports/big")).StatusCode);
    }

    [Theory]
    [InlineData("999999999999")]
    [InlineData("5403")]
    [InlineData("not-a-unit")]
    public async Task Report_for_an_unknown_unit_is_404(string unitId)
    {
        var response = await _client.PostReport(unitId, Reports.Weekly("u", "2016-W10"));

        await Problem(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cadence_the_tier_does_not_use_is_422()
    {
        var township = Seeded.Townships[0];

        var response = await _client.PostReport(township, Reports.Weekly("weekly-at-township", "2016-W10"));

        var problem = await Problem(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("monthly", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Each_tier_files_its_own_cadences()
    {
        object Report(string id, string cadence, string period) =>
            new { reportId = id, cadence, period, meetingsHeld = 1, problemsIdentified = 1, problemsResolved = 1 };

        Assert.Equal(HttpStatusCode.Created, (await _client.PostReport(Seeded.Townships[1], Report("m", "monthly", "2016-05"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _client.PostReport(Seeded.Counties[1], Report("q", "quarterly", "2016-Q2"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _client.PostReport(Seeded.Counties[1], Report("h", "half-yearly", "2016-H1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _client.PostReport(Seeded.City, Report("city-h", "half-yearly", "2016-H2"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _client.PostReport(Seeded.City, Report("city-q", "quarterly", "2016-Q2"))).StatusCode);
    }

    [Fact]
    public async Task Correction_replaces_the_figures_in_every_rollup()
    {
        var team = Seeded.Teams[7];
        var county = Seeded.ParentOf(Seeded.ParentOf(team));
        await _client.PostReport(team, Reports.Weekly("fix-1", "2016-W30", 1, 10, 2));
        await _client.RollupOnce(county, r => r.Totals.ProblemsIdentified == 10, "2016-W30");

        var response = await _client.PutAsJsonAsync($"/api/units/{team}/reports/fix-1",
            new { meetingsHeld = 2, problemsIdentified = 12, problemsResolved = 12, notes = "复核后更正" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var corrected = await response.ReadAsync<ReportDto>();
        Assert.Equal((2, 12, 12, 2), (corrected.MeetingsHeld, corrected.ProblemsIdentified, corrected.ProblemsResolved, corrected.Revision));
        var rollup = await _client.RollupOnce(county, r => r.Totals.ProblemsIdentified == 12, "2016-W30");
        Assert.Equal(new ReportCounts(1, 2, 12, 12), rollup.Totals.Counts());
        var city = await _client.RollupOnce(Seeded.City, r => r.Totals.ProblemsIdentified == 12, "2016-W30");
        Assert.Equal(new ReportCounts(1, 2, 12, 12), city.Totals.Counts());
    }

    [Fact]
    public async Task Correction_of_an_unknown_report_is_404_and_one_that_moves_the_period_is_409()
    {
        var team = Seeded.Teams[8];
        await _client.PostReport(team, Reports.Weekly("move-1", "2016-W31"));

        var unknown = await _client.PutAsJsonAsync($"/api/units/{team}/reports/nope", new { meetingsHeld = 1, problemsIdentified = 1, problemsResolved = 1 });
        var moved = await _client.PutAsJsonAsync($"/api/units/{team}/reports/move-1",
            new { cadence = "weekly", period = "2016-W32", meetingsHeld = 1, problemsIdentified = 1, problemsResolved = 1 });

        await Problem(unknown, HttpStatusCode.NotFound);
        await Problem(moved, HttpStatusCode.Conflict);
        Assert.Equal("2016-W31", (await _client.GetFromJsonAsync<ReportDto>($"/api/units/{team}/reports/move-1"))!.Period);
    }

    [Fact]
    public async Task Unknown_report_is_404()
    {
        var response = await _client.GetAsync($"/api/units/{Seeded.Teams[9]}/reports/never-filed");

        var problem = await Problem(response, HttpStatusCode.NotFound);
        Assert.Equal("urn:changdu:problem:unknown-report", problem.GetProperty("type").GetString());
    }
}
