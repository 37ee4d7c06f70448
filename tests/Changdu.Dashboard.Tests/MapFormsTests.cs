using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Changdu.Dashboard.Tests;

/// <summary>The units-below panel: an office changes the map through its forms, a viewer only reads (issue 14, item 6).</summary>
public class MapFormsTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    // Two townships of one county, and team ids no seeded unit and no other test uses.
    static readonly string County = Seeded.Counties[8];
    static readonly string[] Townships = [.. Seeded.Townships.Where(township => Seeded.ParentOf(township) == County).Take(2)];
    static readonly string NewTeam = Townships[0][..9] + "901";

    async Task<IPage> OpenAsync(string path, string token, int width = 1280, int height = 800)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.Gateway.Address + $"{path.TrimStart('/')}#token={token}");
        return page;
    }

    static ILocator Child(IPage page, string unitId) => page.Locator($"[data-testid=map-children] li[data-child='{unitId}']");

    /// <summary>Opens a child's change forms and submits the one of <paramref name="kind"/> with the given fields.</summary>
    static async Task SubmitChildFormAsync(IPage page, string unitId, string kind, params (string Field, string Value)[] fields)
    {
        await Child(page, unitId).Locator("summary").ClickAsync();
        var form = Child(page, unitId).Locator($"form[data-form={kind}]");
        foreach (var (field, value) in fields)
        {
            await form.Locator($"[name={field}]").FillAsync(value);
        }
        await form.Locator("button[type=submit]").ClickAsync();
    }

    [Fact]
    public async Task An_office_adds_renames_moves_closes_and_reopens_a_team_through_the_forms()
    {
        Assert.DoesNotContain(NewTeam, Seeded.Teams);
        var page = await OpenAsync($"/units/{Townships[0]}", fixture.OfficeToken);
        var add = page.Locator("form[data-form=add]");
        await Assertions.Expect(add.Locator("[name=tier]")).ToHaveValueAsync("village-team");

        await add.Locator("[name=unitId]").FillAsync(NewTeam);
        await add.Locator("[name=name]").FillAsync("试点村");
        await add.Locator("[name=openedOn]").FillAsync("2016-01-04");
        await add.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(Child(page, NewTeam)).ToContainTextAsync("试点村");
        await Assertions.Expect(Child(page, NewTeam)).ToContainTextAsync("驻村工作队");
        await Assertions.Expect(page.GetByTestId("map-status")).ToContainTextAsync("试点村");
        // The rollup was read again: the new team has its row in the table of figures.
        await Assertions.Expect(page.Locator($"[data-testid=children] tbody tr[data-unit='{NewTeam}']")).ToBeVisibleAsync();

        await SubmitChildFormAsync(page, NewTeam, "rename", ("name", "团结村"));
        await Assertions.Expect(Child(page, NewTeam)).ToContainTextAsync("团结村");

        await SubmitChildFormAsync(page, NewTeam, "move", ("parentId", Townships[1]), ("effectiveOn", "2016-03-01"));
        await Assertions.Expect(Child(page, NewTeam)).ToHaveCountAsync(0);
        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        var moved = await api.GetFromJsonAsync<JsonElement>($"/api/units/{NewTeam}");
        Assert.Equal(Townships[1], moved.GetProperty("parentId").GetString());
        var history = await api.GetFromJsonAsync<JsonElement>($"/api/units/{NewTeam}/history");
        var move = Assert.Single(history.EnumerateArray(), entry => entry.GetProperty("kind").GetString() == "moved");
        Assert.Equal(Townships[0], move.GetProperty("formerParentId").GetString());
        Assert.Equal("2016-03-01", move.GetProperty("effectiveOn").GetString());

        await page.GotoAsync(fixture.Gateway.Address + $"units/{Townships[1]}");
        await SubmitChildFormAsync(page, NewTeam, "close", ("closedOn", "2016-06-30"));
        await Assertions.Expect(Child(page, NewTeam)).ToHaveClassAsync("closed");
        await Assertions.Expect(Child(page, NewTeam)).ToHaveAttributeAsync("data-closed-on", "2016-06-30");
        await Assertions.Expect(Child(page, NewTeam).GetByTestId("child-state")).ToContainTextAsync("撤销");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "map-closed.png"), FullPage = true });

        await SubmitChildFormAsync(page, NewTeam, "reopen");
        await Assertions.Expect(Child(page, NewTeam)).ToHaveClassAsync("open");

        // The team's history page tells each change in words, oldest first.
        await Child(page, NewTeam).GetByTestId("child-history").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=history] tbody tr")).ToHaveCountAsync(5);
        var kinds = await page.Locator("[data-testid=history] tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(row => row.dataset.kind)");
        Assert.Equal(["opened", "renamed", "moved", "closed", "reopened"], kinds);
        await Assertions.Expect(page.Locator("[data-testid=history] tr[data-kind=moved]")).ToContainTextAsync("2016/3/1");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "map-history.png"), FullPage = true });
    }

    [Fact]
    public async Task An_office_opens_a_township_with_a_team_and_merges_it_into_a_neighbour_whose_teams_then_include_it()
    {
        var township = County[..6] + "990000";
        var team = County[..6] + "990201";
        var neighbour = Seeded.Townships.Last(other => Seeded.ParentOf(other) == County);
        Assert.DoesNotContain(township, Seeded.Townships);
        var page = await OpenAsync($"/units/{County}", fixture.OfficeToken);
        var add = page.Locator("form[data-form=add]");
        await Assertions.Expect(add.Locator("[name=tier]")).ToHaveValueAsync("township");
        await add.Locator("[name=unitId]").FillAsync(township);
        await add.Locator("[name=name]").FillAsync("新设乡");
        await add.Locator("[name=openedOn]").FillAsync("2016-01-04");
        await add.Locator("button[type=submit]").ClickAsync();
        await Child(page, township).GetByRole(AriaRole.Link, new() { Name = "新设乡" }).ClickAsync();

        // An empty unit learns the tier below it from a sibling's children.
        add = page.Locator("form[data-form=add]");
        await Assertions.Expect(add.Locator("[name=tier]")).ToHaveValueAsync("village-team");
        await add.Locator("[name=unitId]").FillAsync(team);
        await add.Locator("[name=name]").FillAsync("新设村");
        await add.Locator("[name=openedOn]").FillAsync("2016-01-04");
        await add.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(Child(page, team)).ToBeVisibleAsync();

        await page.GotoAsync(fixture.Gateway.Address + $"units/{County}");
        await Child(page, township).Locator("summary").ClickAsync();
        var close = Child(page, township).Locator("form[data-form=close]");
        await close.Locator("[name=closedOn]").FillAsync("2016-06-30");
        await close.Locator("[name=mergedInto]").SelectOptionAsync(neighbour);
        await close.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(Child(page, township)).ToHaveClassAsync("closed");
        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        var merged = await api.GetFromJsonAsync<JsonElement>($"/api/units/{team}");
        Assert.Equal(neighbour, merged.GetProperty("parentId").GetString());
        await page.GotoAsync(fixture.Gateway.Address + $"units/{township}/history");
        await Assertions.Expect(page.Locator("[data-testid=history] tr[data-kind=closed]")).ToContainTextAsync("1 个下级单位随之迁入");
        await page.GotoAsync(fixture.Gateway.Address + $"units/{neighbour}/history");
        await Assertions.Expect(page.Locator("[data-testid=history] tr[data-kind=children-joined]")).ToContainTextAsync("新设村");
    }

    [Fact]
    public async Task A_refused_change_shows_the_servers_detail_in_the_form_on_a_phone_and_changes_nothing()
    {
        var township = Townships[1];
        var taken = Seeded.Teams.First(team => Seeded.ParentOf(team) == Seeded.Townships[^1]);
        var page = await OpenAsync($"/units/{township}", fixture.OfficeToken, 390, 844);
        var add = page.Locator("form[data-form=add]");
        await Assertions.Expect(add).ToBeVisibleAsync();
        var listed = await page.Locator("[data-testid=map-children] li").CountAsync();
        // Hold the answer back a moment to see that the form cannot be sent twice meanwhile.
        await page.RouteAsync("**/children", async route =>
        {
            await Task.Delay(500);
            await route.ContinueAsync();
        });

        await add.Locator("[name=unitId]").FillAsync(taken);
        await add.Locator("[name=name]").FillAsync("重复村");
        await add.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(add.Locator("button[type=submit]")).ToBeDisabledAsync();
        await Assertions.Expect(add.GetByTestId("form-problem")).ToContainTextAsync($"Unit id {taken} is taken");
        await Assertions.Expect(add.Locator("button[type=submit]")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=map-children] li")).ToHaveCountAsync(listed);
        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        var unchanged = await api.GetFromJsonAsync<JsonElement>($"/api/units/{taken}");
        Assert.Equal(Seeded.Townships[^1], unchanged.GetProperty("parentId").GetString());

        // Usable on a phone: touch-sized controls, and nothing wider than the screen.
        var button = await add.Locator("button[type=submit]").BoundingBoxAsync();
        var input = await add.Locator("[name=unitId]").BoundingBoxAsync();
        Assert.True(button!.Height >= 44 && input!.Height >= 44, $"button {button.Height}px, input {input?.Height}px high");
        Assert.False(await page.EvaluateAsync<bool>("() => document.body.scrollWidth > window.innerWidth"));
        await page.GetByTestId("map").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "map-refused-phone.png") });
    }

    [Fact]
    public async Task A_viewer_sees_the_units_below_and_their_history_but_no_forms()
    {
        var township = Seeded.Townships[^1];
        var teams = Seeded.Teams.Count(team => Seeded.ParentOf(team) == township);
        // The bare address still leads to the root, beside the unit and history pages.
        var page = await OpenAsync("/", fixture.ViewerToken);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/units/{Seeded.City}$"));
        await page.GotoAsync(fixture.Gateway.Address + $"units/{township}");

        await Assertions.Expect(page.Locator("[data-testid=map-children] li")).ToHaveCountAsync(teams);
        await Assertions.Expect(page.Locator("[data-testid=map] form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=map] details")).ToHaveCountAsync(0);
        // Where an office's form would stand, a viewer sees nothing (it once read "null").
        Assert.DoesNotContain("null", await page.GetByTestId("map").InnerTextAsync());

        await page.Locator("[data-testid=map-children] li").First.GetByTestId("child-history").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/units/[0-9]{12}/history$"));
        await Assertions.Expect(page.GetByTestId("back-to-unit")).ToBeVisibleAsync();
    }
}
