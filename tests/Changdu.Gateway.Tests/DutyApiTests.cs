using System.Net;
using System.Net.Http.Json;
using Changdu.Gateway.Api;
using Changdu.Gateway.Security;

namespace Changdu.Gateway.Tests;

/// <summary>Issue 7's people side over HTTP: check-ins, leave made public, absences, dispatching units and summons.</summary>
public class DutyApiTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    const string IdNumber = "540302198503151232";
    const string Phone = "13912345678";
    static readonly DateOnly Today = new Grains.ReportingOptions().LocalDay(DateTimeOffset.UtcNow);
    readonly HttpClient _city = factory.CreateCityOfficeClient();

    static List<string> TeamsOf(string township) => Seeded.Teams.Where(team => Seeded.ParentOf(team) == township).ToList();

    static string Day(int offset) => Today.AddDays(offset).ToString("yyyy-MM-dd");

    [Fact]
    public async Task A_team_checks_its_cadres_in_and_the_township_sees_the_day()
    {
        var township = Seeded.Townships[50];
        var teams = TeamsOf(township);
        await RegisterAsync("ci-1", "Dawa", teams[0]);
        await RegisterAsync("ci-2", "Pema", teams[0]);
        await RegisterAsync("ci-3", "Lhamo", teams[1]);
        using var team = factory.CreateClientAs(Roles.Team, teams[0]);

        Assert.Equal(HttpStatusCode.Created, (await team.PostAsJsonAsync($"/api/units/{teams[0]}/check-ins", new { cadreId = "ci-1", time = "08:05:00", latitude = 31.14, longitude = 97.17 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await team.PostAsJsonAsync($"/api/units/{teams[0]}/check-ins", new { cadreId = "ci-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await team.PostAsJsonAsync($"/api/units/{teams[0]}/check-ins", new { cadreId = "ci-2", date = Day(-1) })).StatusCode);
        var elsewhere = await ProblemResponse.ExpectAsync(await team.PostAsJsonAsync($"/api/units/{teams[0]}/check-ins", new { cadreId = "ci-3" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:changdu:problem:not-on-duty", ProblemResponse.Type(elsewhere));
        var future = await ProblemResponse.ExpectAsync(await team.PostAsJsonAsync($"/api/units/{teams[0]}/check-ins", new { cadreId = "ci-1", date = Day(1) }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:changdu:problem:outside-check-in-window", ProblemResponse.Type(future));
        var halfPlace = await ProblemResponse.ExpectAsync(await team.PostAsJsonAsync($"/api/units/{teams[0]}/check-ins", new { cadreId = "ci-2", latitude = 31.1 }), HttpStatusCode.BadRequest);
        Assert.Equal(["latitude"], ProblemResponse.ErrorFields(halfPlace));
        await ProblemResponse.ExpectAsync(await team.PostAsJsonAsync($"/api/units/{teams[1]}/check-ins", new { cadreId = "ci-3" }), HttpStatusCode.Forbidden);

        var today = await Eventually.Returns(() => _city.GetFromJsonAsync<DutyDto>($"/api/units/{township}/duty?date={Day(0)}"), duty => duty!.CheckedIn == 1 && duty.Planned == 3);
        Assert.Equal((3, 1, 0, 0), (today!.Planned, today.CheckedIn, today.OnLeave, today.Absent));
        Assert.Equal(2, today.Days.Single().AwaitingCheckIn);
        var yesterday = await _city.GetFromJsonAsync<DutyDto>($"/api/units/{teams[0]}/duty?date={Day(-1)}");
        Assert.Equal((2, 1, 1, 0.5), yesterday!.Days.Select(day => (day.Planned, day.CheckedIn, day.Absent, day.OnDutyRate!.Value)).Single());
        var month = await _city.GetFromJsonAsync<DutyDto>($"/api/units/{teams[0]}/duty?month={Today:yyyy-MM}");
        Assert.Equal(DateTime.DaysInMonth(Today.Year, Today.Month), month!.Days.Count);
        await ProblemResponse.ExpectAsync(await _city.GetAsync($"/api/units/{teams[0]}/duty?month=2016-W12"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Leave_is_requested_by_the_team_decided_by_the_township_and_published_masked()
    {
        var township = Seeded.Townships[51];
        var teams = TeamsOf(township);
        await RegisterAsync("lv-1", "Tsering Dolma", teams[0]);
        await RegisterAsync("lv-2", "Kelsang", teams[0]);
        using var team = factory.CreateClientAs(Roles.Team, teams[0]);
        using var townshipOffice = factory.CreateClientAs(Roles.Office, township);
        var rest = new { leaveId = "rest-1", cadreId = "lv-1", kind = "rotation-rest", from = Day(5), until = Day(9), reason = "rotation" };
        var sick = new { leaveId = "sick-1", cadreId = "lv-2", kind = "sick", from = Day(-2), until = Day(-1), reason = "fever" };

        Assert.Equal(HttpStatusCode.Created, (await team.PostAsJsonAsync($"/api/units/{teams[0]}/leave", rest)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await team.PostAsJsonAsync($"/api/units/{teams[0]}/leave", rest)).StatusCode);
        var overlap = await ProblemResponse.ExpectAsync(
            await team.PostAsJsonAsync($"/api/units/{teams[0]}/leave", rest with { leaveId = "rest-2", from = Day(8), until = Day(12) }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(("urn:changdu:problem:leave-rule-broken", "Leave:NoOverlap"), (ProblemResponse.Type(overlap), overlap.GetProperty("rule").GetString()));
        var invalid = await ProblemResponse.ExpectAsync(await team.PostAsJsonAsync($"/api/units/{teams[0]}/leave", new { leaveId = "x", cadreId = "lv-1", kind = "holiday" }), HttpStatusCode.BadRequest);
        Assert.Equal(["from", "kind", "until"], ProblemResponse.ErrorFields(invalid).Order());

        await ProblemResponse.ExpectAsync(await team.PostAsJsonAsync($"/api/units/{teams[0]}/leave/rest-1/decision", new { approve = true }), HttpStatusCode.Forbidden);
        var approved = await (await townshipOffice.PostAsJsonAsync($"/api/units/{teams[0]}/leave/rest-1/decision", new { approve = true })).ReadAsync<LeaveDto>();
        Assert.Equal(LeaveStatus.Approved, approved.Status);
        await ProblemResponse.ExpectAsync(await townshipOffice.PostAsJsonAsync($"/api/units/{teams[0]}/leave/rest-1/decision", new { approve = false }), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Created, (await team.PostAsJsonAsync($"/api/units/{teams[0]}/leave", sick)).StatusCode);
        await townshipOffice.PostAsJsonAsync($"/api/units/{teams[0]}/leave/sick-1/decision", new { approve = true });
        var back = await (await team.PostAsJsonAsync($"/api/units/{teams[0]}/leave/sick-1/report-back", new { returnedOn = Day(-1) })).ReadAsync<LeaveDto>();
        Assert.Equal((LeaveStatus.ReportedBack, (DateOnly?)Today.AddDays(-1)), (back.Status, back.ReturnedOn));

        using var anonymous = factory.CreateClient();
        var month = $"{Today.AddDays(5):yyyy-MM}";
        var roster = await Eventually.Returns(() => anonymous.GetFromJsonAsync<LeaveRosterDto>($"/api/units/{Seeded.ParentOf(township)}/leave-roster/{month}"),
            roster => roster!.Entries.Any(entry => entry.From == Today.AddDays(5)));
        var entry = roster!.Entries.Single(entry => entry.From == Today.AddDays(5));
        Assert.Equal(("T**", "rotation-rest", teams[0]), (entry.Name, entry.Kind, entry.TeamId));
        var printed = await anonymous.GetStringAsync($"/api/units/{Seeded.ParentOf(township)}/leave-roster/{month}/print");
        foreach (var page in new[] { System.Text.Json.JsonSerializer.Serialize(roster), printed })
        {
            Assert.Contains("T**", page, StringComparison.Ordinal);
            foreach (var secret in new[] { "Tsering", "Kelsang", "lv-1", "lv-2", IdNumber, Phone, "139****", "fever", "sick" })
            {
                Assert.DoesNotContain(secret, page, StringComparison.Ordinal);
            }
        }
        await ProblemResponse.ExpectAsync(await anonymous.GetAsync($"/api/units/{township}/leave-roster/2016-13"), HttpStatusCode.BadRequest);
        await ProblemResponse.ExpectAsync(await anonymous.GetAsync($"/api/units/{teams[0]}/leave/rest-1"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Absences_are_bulletined_by_dispatching_unit_which_becomes_a_summons_candidate_and_is_summoned()
    {
        var township = Seeded.Townships[52];
        var teams = TeamsOf(township);
        using var townshipOffice = factory.CreateClientAs(Roles.Office, township);
        var unit = new { dispatchingUnitId = "region-water", name = "Region Water Resources Department", level = "autonomous-region" };
        await ProblemResponse.ExpectAsync(await townshipOffice.PostAsJsonAsync("/api/dispatching-units", unit), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, (await _city.PostAsJsonAsync("/api/dispatching-units", unit)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _city.PostAsJsonAsync("/api/dispatching-units", unit)).StatusCode);
        await ProblemResponse.ExpectAsync(await _city.PostAsJsonAsync("/api/dispatching-units", unit with { level = "county" }), HttpStatusCode.Conflict);
        // Assigned from today, so the silo's own detection cannot raise absences of them meanwhile.
        var linked = await RegisterAsync("ab-1", "Sonam", teams[0], from: 0, dispatchingUnitId: "region-water");
        Assert.Equal(("Region Water Resources Department", "region-water"), (linked.DispatchingUnit, linked.DispatchingUnitId));
        await RegisterAsync("ab-2", "Migmar", teams[1], from: 0, dispatchingUnitId: "region-water");
        var unknown = await ProblemResponse.ExpectAsync(await _city.PostAsJsonAsync($"/api/units/{teams[0]}/cadres", Cadre("ab-3", "Nyima") with { DispatchingUnitId = "nowhere" }),
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:changdu:problem:unknown-dispatching-unit", ProblemResponse.Type(unknown));

        using var team = factory.CreateClientAs(Roles.Team, teams[0]);
        var absence = new { absenceId = "abs-1", cadreId = "ab-1", from = Day(0), note = "Not at post during inspection" };
        await ProblemResponse.ExpectAsync(await team.PostAsJsonAsync($"/api/units/{teams[0]}/absences", absence), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, (await townshipOffice.PostAsJsonAsync($"/api/units/{teams[0]}/absences", absence)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await townshipOffice.PostAsJsonAsync($"/api/units/{teams[0]}/absences", absence)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await townshipOffice.PostAsJsonAsync($"/api/units/{teams[1]}/absences", absence with { absenceId = "abs-2", cadreId = "ab-2" })).StatusCode);
        await ProblemResponse.ExpectAsync(await townshipOffice.PostAsJsonAsync($"/api/units/{teams[1]}/absences", absence with { absenceId = "abs-3" }), HttpStatusCode.UnprocessableEntity);

        var month = $"{Today:yyyy-MM}";
        using var anonymous = factory.CreateClient();
        // Other tests' cadres, assigned weeks ago and never checked in, may be detected absent meanwhile: look at this township's.
        var bulletin = await Eventually.Returns(() => anonymous.GetFromJsonAsync<AbsenceBulletinDto>($"/api/bulletins/absences/{month}"),
            bulletin => bulletin!.Entries.Count(entry => teams.Contains(entry.TeamId)) == 2);
        Assert.Equal(["M**", "S**"], bulletin!.Entries.Where(entry => teams.Contains(entry.TeamId)).Select(entry => entry.Name).Order());
        Assert.Equal(2, bulletin.ByDispatchingUnit.Single(count => count.Id == "region-water").Absences);
        Assert.Equal(bulletin.Total, bulletin.ByCounty.Sum(count => count.Absences));
        Assert.Contains(bulletin.ByCounty, count => count.Id == Seeded.ParentOf(township));
        var printed = await anonymous.GetStringAsync($"/api/bulletins/absences/{month}/print");
        Assert.DoesNotContain("Sonam", printed, StringComparison.Ordinal);
        Assert.Contains("Region Water Resources Department", printed, StringComparison.Ordinal);
        var rollup = await _city.RollupOnce(township, view => view.Totals.Absences == 2, month);
        Assert.Equal(2, rollup.Totals.Absences);

        var complaint = new { feedbackId = "fb-1", sentiment = "negative", source = "hotline", note = "Team not seen in the village for a week" };
        await ProblemResponse.ExpectAsync(await team.PostAsJsonAsync($"/api/units/{teams[0]}/feedback", complaint), HttpStatusCode.Forbidden);
        foreach (var n in new[] { 1, 2, 3 })
        {
            Assert.Equal(HttpStatusCode.Created, (await townshipOffice.PostAsJsonAsync($"/api/units/{teams[0]}/feedback", complaint with { feedbackId = $"fb-{n}" })).StatusCode);
        }
        await ProblemResponse.ExpectAsync(await townshipOffice.PostAsJsonAsync($"/api/units/{teams[0]}/feedback", complaint with { note = "changed" }), HttpStatusCode.Conflict);
        var invalidFeedback = await ProblemResponse.ExpectAsync(await townshipOffice.PostAsJsonAsync($"/api/units/{teams[0]}/feedback", new { feedbackId = "fb-x", sentiment = "angry", source = "Hotline!" }),
            HttpStatusCode.BadRequest);
        Assert.Equal(["note", "sentiment", "source"], ProblemResponse.ErrorFields(invalidFeedback).Order());
        Assert.Equal(3, (await team.GetFromJsonAsync<List<FeedbackDto>>($"/api/units/{teams[0]}/feedback?month={month}"))!.Count);

        var conduct = await Eventually.Returns(() => _city.GetFromJsonAsync<ConductDto>($"/api/dispatching-units/region-water/conduct?month={month}"),
            conduct => conduct!.NegativeFeedback == 3);
        Assert.Equal((2, 2, 2, 3), (conduct!.Cadres, conduct.Teams, conduct.Absences, conduct.NegativeFeedback));
        Assert.Contains("absences", conduct.Reasons);
        Assert.Contains("villager-feedback", conduct.Reasons);
        var candidates = await _city.GetFromJsonAsync<List<ConductDto>>($"/api/dispatching-units/summons-candidates?month={month}");
        Assert.Equal("region-water", Assert.Single(candidates!).DispatchingUnitId);

        var summons = new { summonsId = "s-1", month, mode = "face-to-face", on = Day(0), attendees = new[] { "Director Wang", "Organisation Department" },
            issues = new[] { "Two cadres absent from post" }, rectifyBy = Day(30) };
        Assert.Equal(HttpStatusCode.Created, (await _city.PostAsJsonAsync("/api/dispatching-units/region-water/summons", summons)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _city.PostAsJsonAsync("/api/dispatching-units/region-water/summons", summons)).StatusCode);
        var bad = await ProblemResponse.ExpectAsync(await _city.PostAsJsonAsync("/api/dispatching-units/region-water/summons", summons with { mode = "phone", rectifyBy = Day(-1) }),
            HttpStatusCode.BadRequest);
        Assert.Equal(["mode", "rectifyBy"], ProblemResponse.ErrorFields(bad).Order());
        var followed = await (await _city.PostAsJsonAsync("/api/dispatching-units/region-water/summons/s-1/follow-up", new { checkedOn = Day(0), rectified = true, note = "Both back at post" }))
            .ReadAsync<SummonsDto>();
        Assert.True(followed.FollowUp!.Rectified);
        var summoned = await _city.GetFromJsonAsync<SummonedDto>($"/api/dispatching-units/summoned?year={Today.Year}");
        Assert.Equal((1, 1), (summoned!.Units, summoned.ByLevel["autonomous-region"]));
    }

    static CadreBody Cadre(string cadreId, string name, int from = -20) =>
        new(cadreId, name, "female", "party member", IdNumber, Phone, "City Finance Bureau", "member", Day(from), null);

    async Task<CadreDto> RegisterAsync(string cadreId, string name, string team, int from = -20, string? dispatchingUnitId = null)
    {
        var response = await _city.PostAsJsonAsync($"/api/units/{team}/cadres", Cadre(cadreId, name, from) with { DispatchingUnitId = dispatchingUnitId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<CadreDto>();
    }

    sealed record CadreBody(string CadreId, string Name, string Gender, string PoliticalStatus, string NationalIdNumber, string Phone,
        string DispatchingUnit, string Role, string From, string? DispatchingUnitId);
}
