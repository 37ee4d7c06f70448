using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Changdu.Gateway.Api;

namespace Changdu.Gateway.Tests;

/// <summary>The practices of issue 6 over HTTP: problems, missing reports, training, inspections, assessments and flags.</summary>
public class PracticesApiTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    readonly HttpClient _client = factory.CreateCityOfficeClient();

    static string TeamOf(int townshipIndex, int team = 0) => Seeded.Teams.Where(t => Seeded.ParentOf(t) == Seeded.Townships[townshipIndex]).ElementAt(team);

    static List<string> TeamsOf(string township) => Seeded.Teams.Where(team => Seeded.ParentOf(team) == township).ToList();

    [Fact]
    public async Task A_problem_is_raised_resolved_and_reopened_and_the_rollup_follows()
    {
        var team = TeamOf(20);
        var problem = new { problemId = "p-road", category = "livelihood", description = "Road washed out", raisedOn = "2016-05-02" };

        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsJsonAsync($"/api/units/{team}/problems", problem)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync($"/api/units/{team}/problems", problem)).StatusCode);
        var taken = await ProblemResponse.ExpectAsync(await _client.PostAsJsonAsync($"/api/units/{team}/problems", problem with { raisedOn = "2016-05-03" }), HttpStatusCode.Conflict);
        Assert.Equal("urn:changdu:problem:problem-id-taken", ProblemResponse.Type(taken));
        var invalid = await ProblemResponse.ExpectAsync(
            await _client.PostAsJsonAsync($"/api/units/{team}/problems", new { problemId = "p 2", category = "Roads", description = "" }), HttpStatusCode.BadRequest);
        Assert.Equal(["category", "description", "problemId", "raisedOn"], ProblemResponse.ErrorFields(invalid).Order());

        var resolved = await _client.PostAsJsonAsync($"/api/units/{team}/problems/p-road/resolve", new { resolvedOn = "2016-06-01", note = "Rebuilt" });
        Assert.Equal("resolved", (await resolved.ReadAsync<ProblemDto>()).Status);
        await ProblemResponse.ExpectAsync(await _client.PostAsJsonAsync($"/api/units/{team}/problems/p-road/resolve", new { resolvedOn = "2016-06-02", note = "Again" }), HttpStatusCode.Conflict);
        var township = Seeded.ParentOf(team);
        var resolvedAbove = await _client.RollupOnce(township, rollup => rollup.Totals.ProblemsResolved == 1);
        Assert.Equal((1, 1, 0, 1m, 0L), (resolvedAbove.Totals.ProblemsIdentified, resolvedAbove.Totals.ProblemsResolved, resolvedAbove.Totals.ProblemsOpen,
            resolvedAbove.Totals.ResolutionRate, resolvedAbove.OpenProblems.Open));

        var reopened = await _client.PostAsJsonAsync($"/api/units/{team}/problems/p-road/reopen", new { reason = "Washed out again" });
        Assert.Equal((1, "open"), ((await reopened.ReadAsync<ProblemDto>()).TimesReopened, (await _client.GetFromJsonAsync<ProblemDto>($"/api/units/{team}/problems/p-road"))!.Status));
        var open = await _client.GetFromJsonAsync<List<ProblemDto>>($"/api/units/{team}/problems?status=open");
        Assert.Equal("p-road", Assert.Single(open!).ProblemId);
        var after = await _client.RollupOnce(township, rollup => rollup.OpenProblems.Open == 1);
        Assert.Equal((0, 1), (after.Totals.ProblemsResolved, after.Totals.ProblemsOpen));
        Assert.True(after.OpenProblems.OldestDays > 3000);
        await ProblemResponse.ExpectAsync(await _client.GetAsync($"/api/units/{team}/problems/nope"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Missing_lists_every_unit_of_a_silent_township_with_its_periods()
    {
        var township = Seeded.Townships[21];
        var teams = TeamsOf(township);
        await _client.PostReport(teams[0], Reports.Weekly("w18", "2016-W18"));
        await _client.RollupOnce(township, rollup => rollup.Totals.Reports == 1, "2016-05");

        var missing = await _client.GetFromJsonAsync<MissingDto>($"/api/units/{township}/missing?period=2016-05");

        Assert.Equal(teams.Count + 1, missing!.Units.Count);
        Assert.Equal(["2016-05"], missing.Units.Single(unit => unit.UnitId == township).Periods);
        // May 2016 holds the weeks whose Thursday falls in May: W18 to W21.
        Assert.Equal(["2016-W19", "2016-W20", "2016-W21"], missing.Units.Single(unit => unit.UnitId == teams[0]).Periods);
        Assert.Equal(4, missing.Units.Single(unit => unit.UnitId == teams[1]).Periods.Count);
        var invalid = await ProblemResponse.ExpectAsync(await _client.GetAsync($"/api/units/{township}/missing?period=May"), HttpStatusCode.BadRequest);
        Assert.Equal(["period"], ProblemResponse.ErrorFields(invalid));
        var firstThree = await _client.GetFromJsonAsync<MissingDto>($"/api/units/{township}/missing?period=2016-05&limit=3");
        Assert.Equal(missing.Units.Take(3).Select(unit => unit.UnitId), firstThree!.Units.Select(unit => unit.UnitId));
        Assert.True(firstThree.Truncated);
        var tooMany = await ProblemResponse.ExpectAsync(await _client.GetAsync($"/api/units/{township}/missing?period=2016-05&limit=0"), HttpStatusCode.BadRequest);
        Assert.Equal(["limit"], ProblemResponse.ErrorFields(tooMany));
        var rollup = await _client.Rollup(township, "2016-05");
        var weekly = rollup.Completeness.Single(entry => entry.Cadence == "weekly");
        Assert.Equal((teams.Count * 4L, 1L, 0L), (weekly.Expected, weekly.Received, weekly.OnTime));
        Assert.Equal(Math.Round(1m / (teams.Count * 4 + 1), 4), rollup.ReportingRate);
    }

    [Fact]
    public async Task A_month_is_assessed_live_closed_by_the_office_and_its_flags_published()
    {
        var township = Seeded.Townships[22];
        var teams = TeamsOf(township);
        foreach (var week in new[] { "2016-W09", "2016-W10", "2016-W11", "2016-W12", "2016-W13" })
        {
            await _client.PostReport(teams[^1], Reports.Weekly($"r-{week}", week));
        }
        await _client.RollupOnce(township, rollup => rollup.Children.All(child => child.ExpectedReports == 5) && rollup.Totals.Reports == 5, "2016-03");

        var provisional = await _client.GetFromJsonAsync<AssessmentDto>($"/api/units/{township}/assessments/2016-03");
        Assert.Equal(("provisional", teams.Count, teams[^1]), (provisional!.Status, provisional.Ranking.Count, provisional.Ranking[0].UnitId));
        var closed = await (await _client.PostAsync($"/api/units/{township}/assessments/2016-03/close", null)).ReadAsync<AssessmentDto>();
        Assert.Equal(("closed", teams.Count * 30 / 100), (closed.Status, closed.Flags));

        using var anonymous = factory.CreateClient();
        var flags = await anonymous.GetFromJsonAsync<List<FlagAwardDto>>($"/api/units/{teams[^1]}/flags");
        Assert.Equal(("2016-03", township, 1), (Assert.Single(flags!).Month, flags![0].AwardedBy, flags[0].Rank));
        var notEnded = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        await ProblemResponse.ExpectAsync(await _client.PostAsync($"/api/units/{township}/assessments/{notEnded}/close", null), HttpStatusCode.Conflict);
        await ProblemResponse.ExpectAsync(await _client.GetAsync($"/api/units/{teams[0]}/assessments/2016-03"), HttpStatusCode.NotFound);
        await ProblemResponse.ExpectAsync(await _client.GetAsync($"/api/units/{township}/assessments/2016-W10"), HttpStatusCode.BadRequest);
        var city = await _client.RollupOnce(Seeded.City, rollup => rollup.Totals.AwardRounds >= 1, "2016-03");
        Assert.True(city.Totals.Flags >= closed.Flags);
    }

    [Fact]
    public async Task An_inspection_round_is_drawn_from_its_seed_and_findings_become_problems()
    {
        var county = Seeded.Counties[3];
        var round = await _client.PostAsJsonAsync($"/api/units/{county}/inspections", new { roundId = "2016-spring", startsOn = "2016-04-05", seed = 7 });
        Assert.Equal(HttpStatusCode.Created, round.StatusCode);
        var opened = await round.ReadAsync<InspectionRoundDto>();
        var townships = Seeded.Townships.Where(township => Seeded.ParentOf(township) == county).Order().ToList();
        Assert.Equal(townships, opened.Pairs.Select(pair => pair.TargetId).Order());
        Assert.All(opened.Pairs, pair => Assert.NotEqual(pair.InspectorId, pair.TargetId));
        Assert.Equal(7, opened.Seed);

        var target = opened.Pairs[0].TargetId;
        var finding = new { findingId = "f1", targetId = target, category = "discipline", description = "Duty roster not posted", foundOn = "2016-04-07" };
        var recorded = await (await _client.PostAsJsonAsync($"/api/units/{county}/inspections/2016-spring/findings", finding)).ReadAsync<InspectionRoundDto>();
        var problemId = Assert.Single(recorded.Findings).ProblemId;
        Assert.Equal("inspection", (await _client.GetFromJsonAsync<ProblemDto>($"/api/units/{target}/problems/{Uri.EscapeDataString(problemId)}"))!.Source);
        var notATarget = await ProblemResponse.ExpectAsync(
            await _client.PostAsJsonAsync($"/api/units/{county}/inspections/2016-spring/findings", finding with { findingId = "f2", targetId = Seeded.Townships[0] }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:changdu:problem:not-a-target", ProblemResponse.Type(notATarget));
        await ProblemResponse.ExpectAsync(await _client.PostAsJsonAsync($"/api/units/{TeamOf(0)}/inspections", new { roundId = "r", startsOn = "2016-04-05" }), HttpStatusCode.UnprocessableEntity);

        var coverage = await _client.GetFromJsonAsync<CoverageDto>($"/api/units/{county}/inspections/coverage?year=2016");
        var townshipTier = coverage!.Tiers.Single(tier => tier.Tier == "township");
        Assert.Equal((townships.Count, (long)townships.Count, true), (townshipTier.Units, townshipTier.Inspected, townshipTier.Full));
        Assert.False(coverage.FullCoverage);
        Assert.Equal(coverage.Tiers.Single(tier => tier.Tier == "village-team").Units, coverage.Uninspected.Count);
        var firstTwo = await _client.GetFromJsonAsync<CoverageDto>($"/api/units/{county}/inspections/coverage?year=2016&limit=2");
        Assert.Equal(coverage.Uninspected.Take(2).Select(unit => unit.UnitId), firstTwo!.Uninspected.Select(unit => unit.UnitId));
        Assert.True(firstTwo.UninspectedTruncated);
        // The tiers alone: nothing walked, and the flag still says some are left.
        var tiersOnly = await _client.GetFromJsonAsync<CoverageDto>($"/api/units/{county}/inspections/coverage?year=2016&limit=0");
        Assert.Equal(coverage.Tiers, tiersOnly!.Tiers);
        Assert.Equal((0, true), (tiersOnly.Uninspected.Count, tiersOnly.UninspectedTruncated));
        var tooMany = await ProblemResponse.ExpectAsync(await _client.GetAsync($"/api/units/{county}/inspections/coverage?year=2016&limit=2001"), HttpStatusCode.BadRequest);
        Assert.Equal(["limit"], ProblemResponse.ErrorFields(tooMany));
        Assert.Single((await _client.GetFromJsonAsync<List<InspectionRoundDto>>($"/api/units/{county}/inspections?year=2016"))!);
    }

    [Fact]
    public async Task Classes_and_meetings_are_recorded_once_and_roll_up()
    {
        var county = Seeded.Counties[4];
        var training = new { trainingId = "leaders-2016-06", kind = "class", title = "Team leaders", startsOn = "2016-06-06", endsOn = "2016-06-08", participants = 45 };

        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsJsonAsync($"/api/units/{county}/trainings", training)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync($"/api/units/{county}/trainings", training)).StatusCode);
        var invalid = await ProblemResponse.ExpectAsync(
            await _client.PostAsJsonAsync($"/api/units/{county}/trainings", training with { kind = "lecture", endsOn = "2016-06-01" }), HttpStatusCode.BadRequest);
        Assert.Equal(["endsOn", "kind"], ProblemResponse.ErrorFields(invalid).Order());

        var city = await _client.RollupOnce(Seeded.City, rollup => rollup.Totals.TrainingClasses == 1, "2016-06");
        Assert.Equal((1, 45), (city.Totals.TrainingClasses, city.Totals.PeopleTrained));
        Assert.Single((await _client.GetFromJsonAsync<List<TrainingDto>>($"/api/units/{county}/trainings?period=2016-06"))!);
    }

    [Fact]
    public async Task A_team_cannot_raise_problems_or_close_months_outside_its_own_team()
    {
        var team = TeamOf(23);
        using var teamClient = factory.CreateClientAs("team", team);
        var problem = new { problemId = "p", category = "health", description = "Clinic closed", raisedOn = "2016-05-02" };

        await ProblemResponse.ExpectAsync(await teamClient.PostAsJsonAsync($"/api/units/{TeamOf(23, 1)}/problems", problem), HttpStatusCode.Forbidden);
        await ProblemResponse.ExpectAsync(await teamClient.PostAsync($"/api/units/{Seeded.ParentOf(team)}/assessments/2016-03/close", null), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, (await teamClient.PostAsJsonAsync($"/api/units/{team}/problems", problem)).StatusCode);
    }

    [Fact]
    public async Task Points_come_from_an_office_above_and_the_year_end_ranks_the_children()
    {
        var township = Seeded.Townships[24];
        var teams = TeamsOf(township);
        var entry = new { entryId = "b-12", bulletin = "Work bulletin 12", category = "seven-tasks", points = 8, reason = "Seven tasks done", on = "2016-09-01" };

        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsJsonAsync($"/api/units/{teams[1]}/points", entry)).StatusCode);
        using var ownOffice = factory.CreateClientAs("office", township);
        var own = await ProblemResponse.ExpectAsync(await ownOffice.PostAsJsonAsync($"/api/units/{township}/points", entry), HttpStatusCode.Forbidden);
        Assert.Equal("urn:changdu:problem:points-from-above", ProblemResponse.Type(own));
        using var team = factory.CreateClientAs("team", teams[0]);
        var self = await ProblemResponse.ExpectAsync(await team.PostAsJsonAsync($"/api/units/{teams[0]}/points", entry), HttpStatusCode.Forbidden);
        Assert.Equal("urn:changdu:problem:points-from-above", ProblemResponse.Type(self));
        var outside = await ProblemResponse.ExpectAsync(await team.PostAsJsonAsync($"/api/units/{teams[1]}/points", entry), HttpStatusCode.Forbidden);
        Assert.Equal("urn:changdu:problem:forbidden", ProblemResponse.Type(outside));
        var invalid = await ProblemResponse.ExpectAsync(await ownOffice.PostAsJsonAsync($"/api/units/{teams[0]}/points", entry with { points = 500 }), HttpStatusCode.BadRequest);
        Assert.Equal(["points"], ProblemResponse.ErrorFields(invalid));

        var statement = await _client.GetFromJsonAsync<PointsStatementDto>($"/api/units/{teams[1]}/points?year=2016");
        Assert.Equal("b-12", Assert.Single(statement!.Entries).EntryId);
        var yearEnd = await _client.GetFromJsonAsync<YearEndDto>($"/api/units/{township}/year-end/2016");
        Assert.Equal(("provisional", teams[1], (int?)1), (yearEnd!.Status, yearEnd.Ranking[0].UnitId, yearEnd.Ranking[0].Prize));
        var closed = await (await _client.PostAsync($"/api/units/{township}/year-end/2016/close", null)).ReadAsync<YearEndDto>();
        Assert.Equal("closed", closed.Status);
        await ProblemResponse.ExpectAsync(await _client.PostAsync($"/api/units/{township}/year-end/{DateTime.UtcNow.Year}/close", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Cadres_are_registered_checked_masked_and_moved_only_within_scope()
    {
        var township = Seeded.Townships[25];
        var teams = TeamsOf(township);
        using var office = factory.CreateClientAs("office", township);
        var cadre = new { cadreId = "c-25-1", name = "Norbu", gender = "male", politicalStatus = "party member", nationalIdNumber = "11010519491231002x",
            phone = "13912345678", dispatchingUnit = "Region Water Resources Department", role = "leader", from = "2016-01-04" };

        var created = await (await office.PostAsJsonAsync($"/api/units/{teams[0]}/cadres", cadre)).ReadAsync<CadreDto>();
        Assert.Equal(("110*************2X", "139****5678", false), (created.NationalIdNumber, created.Phone, created.Revealed));
        var wrongCheck = await ProblemResponse.ExpectAsync(
            await office.PostAsJsonAsync($"/api/units/{teams[0]}/cadres", cadre with { cadreId = "c-25-2", nationalIdNumber = "110105194912310021", phone = "2391234567" }), HttpStatusCode.BadRequest);
        Assert.Equal(["nationalIdNumber", "phone"], ProblemResponse.ErrorFields(wrongCheck).Order());

        using var viewer = factory.CreateClientAs("viewer", township);
        Assert.Equal("110*************2X", Assert.Single((await viewer.GetFromJsonAsync<List<CadreDto>>($"/api/units/{teams[0]}/cadres"))!).NationalIdNumber);
        await ProblemResponse.ExpectAsync(await viewer.GetAsync($"/api/units/{teams[0]}/cadres/c-25-1?reveal=true"), HttpStatusCode.Forbidden);
        Assert.Equal("11010519491231002X", (await office.GetFromJsonAsync<CadreDto>($"/api/units/{teams[0]}/cadres/c-25-1?reveal=true"))!.NationalIdNumber);

        var elsewhere = Seeded.Teams.First(team => Seeded.ParentOf(team) != township);
        await ProblemResponse.ExpectAsync(await office.PostAsJsonAsync($"/api/units/{teams[0]}/cadres/c-25-1/transfer", new { toUnitId = elsewhere, role = "member", from = "2016-06-01" }), HttpStatusCode.Forbidden);
        var moved = await (await office.PostAsJsonAsync($"/api/units/{teams[0]}/cadres/c-25-1/transfer", new { toUnitId = teams[1], role = "member", from = "2016-06-01" })).ReadAsync<CadreDto>();
        Assert.Equal([(teams[0], (DateOnly?)new DateOnly(2016, 5, 31)), (teams[1], null)], moved.Assignments.Select(a => (a.UnitId, a.Until)));
        await ProblemResponse.ExpectAsync(await office.GetAsync($"/api/units/{teams[0]}/cadres/c-25-1"), HttpStatusCode.NotFound);
        Assert.Equal(CadreRole.Member, (await office.GetFromJsonAsync<CadreDto>($"/api/units/{teams[1]}/cadres/c-25-1"))!.Assignments[^1].Role);

        await ProblemResponse.ExpectAsync(await office.PostAsJsonAsync($"/api/units/{teams[1]}/cadres/c-25-1/end", new { until = "2016-05-01" }), HttpStatusCode.UnprocessableEntity);
        var ended = await (await office.PostAsJsonAsync($"/api/units/{teams[1]}/cadres/c-25-1/end", new { until = "2016-10-31" })).ReadAsync<CadreDto>();
        Assert.Equal(new DateOnly(2016, 10, 31), ended.Assignments[^1].Until);
        Assert.Empty((await office.GetFromJsonAsync<List<CadreDto>>($"/api/units/{teams[1]}/cadres"))!);
    }

    [Fact]
    public async Task A_card_prints_with_a_qr_code_to_a_public_page_that_shows_only_name_unit_and_validity()
    {
        var township = Seeded.Townships[26];
        var team = TeamsOf(township)[0];
        var cadre = new { cadreId = "c-26-1", name = "Yangzom", gender = "female", politicalStatus = "party member", nationalIdNumber = "540302198503151232",
            phone = "13812345678", dispatchingUnit = "City Finance Bureau", role = "member", from = "2016-01-04" };
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsJsonAsync($"/api/units/{team}/cadres", cadre)).StatusCode);

        var first = await (await _client.PostAsJsonAsync($"/api/units/{team}/cadres/c-26-1/cards", new { issuedOn = "2016-02-01" })).ReadAsync<CardDto>();
        var retried = await _client.PostAsJsonAsync($"/api/units/{team}/cadres/c-26-1/cards", new { issuedOn = "2016-02-01" });
        Assert.Equal((HttpStatusCode.OK, first.CardNumber), (retried.StatusCode, (await retried.ReadAsync<CardDto>()).CardNumber));
        var print = await _client.GetAsync($"/api/units/{team}/cadres/c-26-1/cards/{first.CardNumber}/print");
        Assert.Equal("text/html", print.Content.Headers.ContentType?.MediaType);
        var printed = await print.Content.ReadAsStringAsync();
        Assert.Contains("<svg", printed, StringComparison.Ordinal);
        Assert.Contains("540*************32", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("540302198503151232", printed, StringComparison.Ordinal);

        using var anonymous = factory.CreateClient();
        var code = new Uri(first.VerificationUrl).AbsolutePath;
        var page = await anonymous.GetStringAsync(code);
        Assert.Contains("Yangzom", page, StringComparison.Ordinal);
        Assert.Contains("有效", page, StringComparison.Ordinal);
        foreach (var secret in new[] { "540*****", "13812345678", "138****", "City Finance Bureau", "party member" })
        {
            Assert.DoesNotContain(secret, page, StringComparison.Ordinal);
        }

        var second = await (await _client.PostAsJsonAsync($"/api/units/{team}/cadres/c-26-1/cards", new { issuedOn = "2016-09-01" })).ReadAsync<CardDto>();
        Assert.NotEqual(first.VerificationUrl, second.VerificationUrl);
        Assert.Contains("无效", await anonymous.GetStringAsync(code));
        var cards = await _client.GetFromJsonAsync<List<CardDto>>($"/api/units/{team}/cadres/c-26-1/cards");
        Assert.Equal(["revoked", "valid"], cards!.Select(card => card.Status));
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync($"/api/units/{team}/cadres/c-26-1/cards/{second.CardNumber}/revoke", new { revokedOn = "2016-10-01" })).StatusCode);
        Assert.False((await anonymous.GetFromJsonAsync<CardVerificationDto>("/api/cards/" + code.Split('/')[^1]))!.Valid);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/verify/not-a-card")).StatusCode);

        var rollup = await _client.RollupOnce(township, view => view.Totals.CardsIssued == 2, "2016");
        Assert.Equal(2, rollup.Totals.CardsIssued);
    }

    [Fact]
    public async Task A_photo_is_checked_by_its_bytes_and_shown_on_the_card_and_its_public_page()
    {
        var team = TeamsOf(Seeded.Townships[27])[0];
        var cadre = new { cadreId = "c-27-1", name = "Dekyi", gender = "female", politicalStatus = "masses", nationalIdNumber = "540302198503151232",
            phone = "13812345678", dispatchingUnit = "City Finance Bureau", role = "member", from = "2016-01-04" };
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsJsonAsync($"/api/units/{team}/cadres", cadre)).StatusCode);
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

        var stored = await (await _client.PutAsync($"/api/units/{team}/cadres/c-27-1/photo", Image(png, "image/png"))).ReadAsync<PhotoDto>();
        Assert.Equal(("image/png", png.Length), (stored.ContentType, stored.Bytes));
        foreach (var (bytes, type) in new[] { ("GIF89a not a photo"u8.ToArray(), "image/png"), ([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "image/png"), (png, "text/plain"), ([], "image/png") })
        {
            var refused = await ProblemResponse.ExpectAsync(await _client.PutAsync($"/api/units/{team}/cadres/c-27-1/photo", Image(bytes, type)), HttpStatusCode.UnsupportedMediaType);
            Assert.Equal("urn:changdu:problem:unsupported-photo", ProblemResponse.Type(refused));
        }
        await ProblemResponse.ExpectAsync(await _client.PutAsync($"/api/units/{team}/cadres/c-27-1/photo", Image(new byte[600 * 1024], "image/jpeg")), HttpStatusCode.RequestEntityTooLarge);
        await ProblemResponse.ExpectAsync(await _client.PutAsync($"/api/units/{team}/cadres/nobody/photo", Image(png, "image/png")), HttpStatusCode.NotFound);
        Assert.Equal(png, await _client.GetByteArrayAsync($"/api/units/{team}/cadres/c-27-1/photo"));

        var card = await (await _client.PostAsJsonAsync($"/api/units/{team}/cadres/c-27-1/cards", new { issuedOn = "2016-02-01" })).ReadAsync<CardDto>();
        var inline = "data:image/png;base64," + Convert.ToBase64String(png);
        Assert.Contains(inline, await _client.GetStringAsync($"/api/units/{team}/cadres/c-27-1/cards/{card.CardNumber}/print"), StringComparison.Ordinal);
        using var anonymous = factory.CreateClient();
        Assert.Contains(inline, await anonymous.GetStringAsync(new Uri(card.VerificationUrl).AbsolutePath), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/units/{team}/cadres/c-27-1/photo")).StatusCode);
    }

    static ByteArrayContent Image(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
        return content;
    }
}
