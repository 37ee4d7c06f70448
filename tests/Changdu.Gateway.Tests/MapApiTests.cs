using System.Net;
using System.Net.Http.Json;
using Changdu.Gateway.Api;
using Changdu.Gateway.Audit;
using Changdu.Gateway.Security;

namespace Changdu.Gateway.Tests;

/// <summary>
/// Changes of the real map over HTTP: opening, renaming, moving, merging, closing and reopening
/// units with their history and audit trail, who may make them, what is refused (and changes
/// nothing), and rollups that stay exact at every tier while a village moves between counties under load.
/// </summary>
public class MapApiTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    readonly HttpClient _city = factory.CreateCityOfficeClient();

    static List<string> TownshipsOf(string county) => Seeded.Townships.Where(township => Seeded.ParentOf(township) == county).ToList();

    static List<string> TeamsOf(string township) => Seeded.Teams.Where(team => Seeded.ParentOf(team) == township).ToList();

    /// <summary>A village code no real village has (the data's villagers' committees are 2xx–3xx).</summary>
    static string NewTeamUnder(string township, int n) => township[..9] + (900 + n).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);

    Task<UnitDto?> Unit(string unitId) => _city.GetFromJsonAsync<UnitDto>($"/api/units/{unitId}");

    Task<List<MapChangeDto>?> History(string unitId) => _city.GetFromJsonAsync<List<MapChangeDto>>($"/api/units/{unitId}/history");

    [Fact]
    public async Task Office_opens_renames_closes_and_reopens_a_team_and_each_change_is_in_its_history_and_audited()
    {
        var township = TownshipsOf(Seeded.Counties[0])[0];
        var teamId = NewTeamUnder(township, 1);
        var office = factory.CreateClientAs(Roles.Office, township);

        var added = await office.PostAsJsonAsync($"/api/units/{township}/children", new { unitId = teamId, name = "新建村", tier = "village-team", openedOn = "2016-05-02" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal($"/api/units/{teamId}", added.Headers.Location?.OriginalString);
        var repeated = await office.PostAsJsonAsync($"/api/units/{township}/children", new { unitId = teamId, name = "新建村", tier = "village-team", openedOn = "2016-05-02" });
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Contains((await Unit(township))!.Children, child => child.UnitId == teamId);
        Assert.Equal(HttpStatusCode.OK, (await office.PatchAsJsonAsync($"/api/units/{teamId}", new { name = "更名村" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await office.PostAsJsonAsync($"/api/units/{teamId}/close", new { closedOn = "2016-09-01" })).StatusCode);
        Assert.Equal(new DateOnly(2016, 9, 1), (await Unit(township))!.Children.Single(child => child.UnitId == teamId).ClosedOn);
        Assert.Equal(HttpStatusCode.OK, (await office.PostAsJsonAsync($"/api/units/{teamId}/reopen", new { reopenedOn = "2016-10-01" })).StatusCode);

        var unit = (await Unit(teamId))!;
        Assert.Equal(("更名村", township, new DateOnly(2016, 10, 1), (DateOnly?)null), (unit.Name, unit.ParentId, unit.OpenedOn, unit.ClosedOn));
        var history = (await History(teamId))!;
        Assert.Equal([MapChangeKind.Opened, MapChangeKind.Renamed, MapChangeKind.Closed, MapChangeKind.Reopened], history.Select(entry => entry.Kind));
        Assert.All(history, entry => Assert.Equal(("office-test", township), (entry.By, entry.ByUnit)));
        Assert.Equal(("新建村", "更名村"), (history[1].FormerName, history[1].Name));
        Assert.Equal(new DateOnly(2016, 9, 1), history[2].EffectiveOn);
        var json = await _city.GetStringAsync($"/api/units/{teamId}/history");
        Assert.Contains("\"kind\":\"reopened\"", json);
        Assert.Contains(MapChangeKind.ChildAdded, (await History(township))!.Select(entry => entry.Kind));

        var audit = (await _city.GetFromJsonAsync<AuditPage>($"/api/units/{township}/audit?limit=500"))!;
        Assert.Equal(["add-unit", "add-unit", "rename-unit", "close-unit", "reopen-unit"],
            audit.Items.Where(entry => entry.Action.EndsWith("-unit", StringComparison.Ordinal)).OrderBy(entry => entry.Id).Select(entry => entry.Action));
    }

    [Fact]
    public async Task Bad_changes_are_answered_with_problems_and_change_nothing()
    {
        var county = Seeded.Counties[1];
        var township = TownshipsOf(county)[0];
        var team = TeamsOf(township)[0];
        var before = (await Unit(township))!;

        async Task Refused(Task<HttpResponseMessage> request, HttpStatusCode status, string type) =>
            Assert.Equal($"urn:changdu:problem:{type}", ProblemResponse.Type(await ProblemResponse.ExpectAsync(await request, status)));

        await Refused(_city.PostAsJsonAsync("/api/units/540399999999/children", new { unitId = NewTeamUnder(township, 2), name = "村", tier = "village-team", openedOn = "2016-05-02" }), HttpStatusCode.NotFound, "unknown-unit");
        await Refused(_city.PostAsJsonAsync($"/api/units/{township}/children", new { unitId = team, name = "村", tier = "village-team", openedOn = "2016-05-02" }), HttpStatusCode.Conflict, "unit-id-taken");
        await Refused(_city.PostAsJsonAsync($"/api/units/{township}/children", new { unitId = NewTeamUnder(township, 2), name = "村", tier = "township", openedOn = "2016-05-02" }), HttpStatusCode.UnprocessableEntity, "tier-does-not-fit");
        await Refused(_city.PostAsJsonAsync($"/api/units/{township}/children", new { unitId = "54x", name = "", tier = "village-team" }), HttpStatusCode.BadRequest, "invalid-unit");
        await Refused(_city.PostAsJsonAsync($"/api/units/{county}/move", new { parentId = township, effectiveOn = "2016-05-02" }), HttpStatusCode.UnprocessableEntity, "move-into-own-subtree");
        await Refused(_city.PostAsJsonAsync($"/api/units/{team}/move", new { parentId = "540399999999", effectiveOn = "2016-05-02" }), HttpStatusCode.NotFound, "unknown-parent");
        await Refused(_city.PostAsJsonAsync($"/api/units/{team}/move", new { parentId = county, effectiveOn = "2016-05-02" }), HttpStatusCode.UnprocessableEntity, "tier-does-not-fit");
        await Refused(_city.PostAsJsonAsync($"/api/units/{township}/close", new { closedOn = "2016-05-02" }), HttpStatusCode.Conflict, "has-open-children");
        await Refused(_city.PostAsJsonAsync($"/api/units/{township}/close", new { closedOn = "2016-05-02", mergedInto = team }), HttpStatusCode.UnprocessableEntity, "tier-does-not-fit");
        await Refused(_city.PostAsJsonAsync($"/api/units/{team}/reopen", new { }), HttpStatusCode.Conflict, "unit-not-closed");
        await Refused(_city.PostAsJsonAsync($"/api/units/{Seeded.City}/close", new { closedOn = "2016-05-02" }), HttpStatusCode.Forbidden, "forbidden");
        await Refused(_city.PatchAsJsonAsync($"/api/units/{team}", new { name = "   " }), HttpStatusCode.BadRequest, "invalid-unit");

        var added = NewTeamUnder(township, 3);
        Assert.Equal(HttpStatusCode.Created, (await _city.PostAsJsonAsync($"/api/units/{township}/children", new { unitId = added, name = "新村", tier = "village-team", openedOn = "2016-05-02" })).StatusCode);
        await Refused(_city.PostAsJsonAsync($"/api/units/{added}/close", new { closedOn = "2016-05-01" }), HttpStatusCode.UnprocessableEntity, "date-out-of-order");
        await Refused(_city.PostAsJsonAsync($"/api/units/{added}/move", new { parentId = TownshipsOf(county)[1], effectiveOn = "2016-04-01" }), HttpStatusCode.UnprocessableEntity, "date-out-of-order");

        var after = (await Unit(township))!;
        Assert.Equal(before.Children.Select(child => child.UnitId).Append(added), after.Children.Select(child => child.UnitId));
        Assert.Equal(township, (await Unit(team))!.ParentId);
        Assert.Empty((await History(team))!);
        Assert.Equal((MapChangeKind.Opened), Assert.Single((await History(added))!).Kind);
    }

    [Fact]
    public async Task Only_an_office_holding_the_unit_and_both_ends_of_a_move_may_change_the_map()
    {
        var (countyA, countyB) = (Seeded.Counties[2], Seeded.Counties[3]);
        var townshipA = TownshipsOf(countyA)[0];
        var team = TeamsOf(townshipA)[0];
        var townshipB = TownshipsOf(countyB)[0];
        var countyOffice = factory.CreateClientAs(Roles.Office, countyA);

        var acrossCounties = await countyOffice.PostAsJsonAsync($"/api/units/{team}/move", new { parentId = townshipB, effectiveOn = "2016-05-02" });
        await ProblemResponse.ExpectAsync(acrossCounties, HttpStatusCode.Forbidden);
        await ProblemResponse.ExpectAsync(await factory.CreateClientAs(Roles.Office, townshipA).PatchAsJsonAsync($"/api/units/{townshipA}", new { name = "自改" }), HttpStatusCode.Forbidden);
        await ProblemResponse.ExpectAsync(await factory.CreateClientAs(Roles.Team, team).PostAsJsonAsync($"/api/units/{team}/children", new { unitId = NewTeamUnder(townshipA, 4), name = "村", tier = "village-team", openedOn = "2016-05-02" }), HttpStatusCode.Forbidden);
        await ProblemResponse.ExpectAsync(await factory.CreateClientAs(Roles.Viewer, Seeded.City).PatchAsJsonAsync($"/api/units/{team}", new { name = "看客" }), HttpStatusCode.Forbidden);
        await ProblemResponse.ExpectAsync(await factory.CreateClientAs(Roles.Office, countyB).PatchAsJsonAsync($"/api/units/{team}", new { name = "外县" }), HttpStatusCode.Forbidden);
        Assert.Equal(townshipA, (await Unit(team))!.ParentId);

        // Within its county, the county office moves the team; the city office moves it on to another county.
        var townshipA2 = TownshipsOf(countyA)[1];
        Assert.Equal(HttpStatusCode.OK, (await countyOffice.PostAsJsonAsync($"/api/units/{team}/move", new { parentId = townshipA2, effectiveOn = "2016-05-02" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _city.PostAsJsonAsync($"/api/units/{team}/move", new { parentId = townshipB, effectiveOn = "2016-06-01" })).StatusCode);
        // The county office no longer holds the team: its place is read again at once.
        await ProblemResponse.ExpectAsync(await countyOffice.PatchAsJsonAsync($"/api/units/{team}", new { name = "已调出" }), HttpStatusCode.Forbidden);
        Assert.Equal([MapChangeKind.Moved, MapChangeKind.Moved], (await History(team))!.Select(entry => entry.Kind));
    }

    [Fact]
    public async Task Township_merged_into_a_neighbour_hands_over_its_teams_and_its_county_counts_them_once()
    {
        var county = Seeded.Counties[4];
        var (closing, target) = (TownshipsOf(county)[0], TownshipsOf(county)[1]);
        var moving = TeamsOf(closing);
        var staying = TeamsOf(target);
        Assert.Equal(HttpStatusCode.Created, (await _city.PostReport(moving[0], Reports.Weekly("merge-1", "2017-W30", meetings: 4))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _city.PostReport(staying[0], Reports.Weekly("merge-2", "2017-W30", meetings: 2))).StatusCode);
        await _city.RollupOnce(county, rollup => rollup.Totals.Reports == 2, "2017-Q3");

        var merged = await _city.PostAsJsonAsync($"/api/units/{closing}/close", new { closedOn = "2017-08-01", mergedInto = target });

        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        Assert.Empty((await Unit(closing))!.Children);
        Assert.Equal(staying.Concat(moving), (await Unit(target))!.Children.Select(child => child.UnitId));
        var atTarget = await _city.RollupOnce(target, rollup => rollup.Totals.Reports == 2, "2017-Q3");
        Assert.Equal(6, atTarget.Totals.MeetingsHeld);
        // The teams leave the closing township before they arrive at the target: the county may miss them for a moment, never count them twice.
        var atCounty = await _city.RollupOnce(county, rollup => rollup.Children.Single(child => child.UnitId == closing).Totals.Reports == 0 && rollup.Totals.Reports == 2, "2017-Q3");
        Assert.Equal((2, 6), (atCounty.Totals.Reports, atCounty.Totals.MeetingsHeld));
        var closed = Assert.Single((await History(closing))!);
        Assert.Equal((MapChangeKind.Closed, target), (closed.Kind, closed.MergedInto));
    }

    [Fact]
    public async Task Village_moved_between_counties_under_load_leaves_every_tier_equal_to_the_reports_stored()
    {
        var (countyA, countyB) = (Seeded.Counties[5], Seeded.Counties[6]);
        var (from, to) = (TownshipsOf(countyA)[0], TownshipsOf(countyB)[0]);
        var village = TeamsOf(from)[0];
        var teams = TeamsOf(from).Concat(TeamsOf(to)).ToList();
        var weeks = Enumerable.Range(1, 8).Select(week => $"2017-W{week:D2}").ToList();
        var submissions = teams.SelectMany(team => weeks.Select(week => (Team: team, Week: week))).ToList();
        var stored = new System.Collections.Concurrent.ConcurrentBag<(string Team, int Meetings)>();
        var filed = 0;
        var move = new TaskCompletionSource<HttpResponseMessage>();

        var load = Parallel.ForEachAsync(submissions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (submission, cancellationToken) =>
        {
            var meetings = int.Parse(submission.Team[^3..], System.Globalization.CultureInfo.InvariantCulture) % 5 + int.Parse(submission.Week[^2..], System.Globalization.CultureInfo.InvariantCulture);
            var response = await _city.PostReport(submission.Team, Reports.Weekly($"load-{submission.Week}", submission.Week, meetings: meetings));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            stored.Add((submission.Team, meetings));
            // A third of the way in, the village moves while reports keep coming.
            if (Interlocked.Increment(ref filed) == submissions.Count / 3)
            {
                move.SetResult(await _city.PostAsJsonAsync($"/api/units/{village}/move", new { parentId = to, effectiveOn = "2017-01-16" }, cancellationToken));
            }
        });
        await load;
        Assert.Equal(HttpStatusCode.OK, (await move.Task).StatusCode);

        (long Reports, long Meetings) Sum(IEnumerable<string> units) =>
            (stored.Count(report => units.Contains(report.Team)), stored.Where(report => units.Contains(report.Team)).Sum(report => (long)report.Meetings));
        var atTo = TeamsOf(to).Append(village).ToList();
        var atFrom = TeamsOf(from).Where(team => team != village).ToList();
        var expected = new Dictionary<string, (long, long)>
        {
            [village] = Sum([village]),
            [from] = Sum(atFrom),
            [to] = Sum(atTo),
            [countyA] = Sum(atFrom),
            [countyB] = Sum(atTo),
            [Seeded.City] = Sum(teams),
        };
        foreach (var (unit, (reports, meetings)) in expected)
        {
            var rollup = await _city.RollupOnce(unit, view => (view.Totals.Reports, view.Totals.MeetingsHeld) == (reports, meetings), "2017-Q1", seconds: 20);
            Assert.True((reports, meetings) == (rollup.Totals.Reports, rollup.Totals.MeetingsHeld), $"{unit}: expected {reports} reports / {meetings} meetings, rollup has {rollup.Totals.Reports} / {rollup.Totals.MeetingsHeld}");
        }
        var city = await _city.Rollup(Seeded.City, "2017-Q1");
        Assert.Equal(Sum(teams).Reports, city.Children.Sum(child => child.Totals.Reports));
        Assert.Single((await _city.Rollup(to, "2017-Q1")).Children, child => child.UnitId == village);
        Assert.DoesNotContain((await _city.Rollup(from, "2017-Q1")).Children, child => child.UnitId == village);
    }
}
