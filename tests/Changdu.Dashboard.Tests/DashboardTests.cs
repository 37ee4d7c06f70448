using System.Net.Http.Json;
using System.Diagnostics;
using System.Net;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Changdu.Dashboard.Tests;

public class DashboardTests(DashboardFixture fixture, ITestOutputHelper output) : IClassFixture<DashboardFixture>
{
    async Task<IPage> OpenAsync(string path, int width = 1280, int height = 800)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.Gateway.Address + path.TrimStart('/'));
        return page;
    }

    static ILocator Tile(IPage page, string figure) => page.Locator($"[data-testid=tile-{figure}] .value");

    [Fact]
    public async Task City_page_drills_down_to_a_village_and_shows_a_new_report_live()
    {
        var clock = Stopwatch.StartNew();
        var page = await OpenAsync($"/units/{Seeded.City}?period=2016#token={fixture.ViewerToken}");
        await Assertions.Expect(Tile(page, "reports")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "live");
        var loaded = $"city page loaded and live in {clock.ElapsedMilliseconds} ms";
        await Assertions.Expect(page.GetByTestId("unit-name")).ToContainTextAsync("昌都市");
        await Assertions.Expect(page.Locator("[data-testid=children] tbody tr")).ToHaveCountAsync(11);
        // 2016: 1,142 teams × 52 weeks + 138 townships × 12 months + 11 counties × (4 quarters + 2 halves) + the city's 2 halves.
        await Assertions.Expect(page.GetByTestId("expected-reports")).ToContainTextAsync("61,108");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "city.png"), FullPage = true });

        // Drill down: county, township, village team, each a bookmarkable URL with breadcrumbs.
        foreach (var depth in new[] { 1, 2, 3 })
        {
            await page.Locator("[data-testid=children] tbody tr a").First.ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=breadcrumbs] li")).ToHaveCountAsync(depth + 1);
        }
        var village = page.Url.Split("/units/")[1][..12];
        Assert.Equal("village-team", Seeded.TierOf(village));
        await Assertions.Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "live");
        var before = long.Parse(await Tile(page, "reports").TextContentAsync() ?? "0");

        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        var submitted = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Created, (await api.PostReport(village, Reports.Weekly("live-in-browser", "2016-W10", 2, 4, 1))).StatusCode);
        await Assertions.Expect(Tile(page, "reports")).ToHaveTextAsync((before + 1).ToString(), new() { Timeout = 2000 });
        await Assertions.Expect(Tile(page, "problemsIdentified")).ToHaveTextAsync("4");
        string[] summary = [loaded, $"village tile updated {submitted.ElapsedMilliseconds} ms after the report was acknowledged"];
        Array.ForEach(summary, output.WriteLine);
        await File.WriteAllLinesAsync(Path.Combine(DashboardFixture.Screenshots, "..", "dashboard.txt"), summary);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "village.png"), FullPage = true });

        await page.Locator("[data-testid=breadcrumbs] a").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("unit-name")).ToContainTextAsync("昌都市");
    }

    [Fact]
    public async Task Practice_tiles_follow_training_and_red_flags_live()
    {
        var county = Seeded.Counties[6];
        var page = await OpenAsync($"/units/{county}?period=2016#token={fixture.ViewerToken}");
        await Assertions.Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "live");
        await Assertions.Expect(Tile(page, "peopleTrained")).ToHaveTextAsync("0");

        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        var training = new { trainingId = "browser-class", kind = "class", title = "Office staff", startsOn = "2016-07-11", participants = 33 };
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/units/{county}/trainings", training)).StatusCode);
        await Assertions.Expect(Tile(page, "peopleTrained")).ToHaveTextAsync("33", new() { Timeout = 2000 });

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/units/{county}/assessments/2016-07/close", null)).StatusCode);
        var townships = Seeded.Townships.Count(township => Seeded.ParentOf(township) == county);
        await Assertions.Expect(Tile(page, "flags")).ToHaveTextAsync((townships * 30 / 100).ToString(), new() { Timeout = 2000 });

        // The month's page lists the frozen ranking with its flags, the coverage and the units owing reports.
        await page.GotoAsync(fixture.Gateway.Address + $"units/{county}?period=2016-07");
        await Assertions.Expect(page.Locator("[data-testid=assessment] tbody tr")).ToHaveCountAsync(townships);
        await Assertions.Expect(page.Locator("[data-testid=assessment] td.flag", new() { HasText = "★" })).ToHaveCountAsync(townships * 30 / 100);
        await Assertions.Expect(page.GetByTestId("coverage")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=missing] li").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "county-month.png"), FullPage = true });

        // The year's page ranks the townships by points, with prizes.
        await page.GotoAsync(fixture.Gateway.Address + $"units/{county}?period=2016");
        await Assertions.Expect(page.Locator("[data-testid=year-end] tbody tr")).ToHaveCountAsync(townships);
    }

    [Fact]
    public async Task A_team_page_shows_the_months_duty_live_figures_and_links_the_public_leave_roster()
    {
        var team = Seeded.Teams[700];
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        foreach (var cadreId in new[] { "browser-1", "browser-2" })
        {
            var cadre = new { cadreId, name = "Dawa", gender = "male", politicalStatus = "party member", nationalIdNumber = "540302198503151232",
                phone = "13912345678", dispatchingUnit = "City Finance Bureau", role = "member", from = today.AddDays(-3).ToString("yyyy-MM-dd") };
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/units/{team}/cadres", cadre)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/units/{team}/check-ins", new { cadreId = "browser-1" })).StatusCode);

        var page = await OpenAsync($"/units/{team}?period={today:yyyy-MM}#token={fixture.ViewerToken}");

        // Two cadres planned every day of the month from the day their assignment began, future days included.
        var firstDay = today.AddDays(-3).Month == today.Month ? today.Day - 3 : 1;
        var plannedDays = DateTime.DaysInMonth(today.Year, today.Month) - firstDay + 1;
        await Assertions.Expect(page.GetByTestId("duty-checkedIn")).ToHaveTextAsync("签到 1");
        await Assertions.Expect(page.GetByTestId("duty-planned")).ToHaveTextAsync($"应在岗（人日） {plannedDays * 2}");
        await Assertions.Expect(page.Locator(".duty-day")).ToHaveCountAsync(DateTime.DaysInMonth(today.Year, today.Month));
        await Assertions.Expect(Tile(page, "cardsIssued")).ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "live");
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/units/{team}/cadres/browser-1/cards", new { issuedOn = today.ToString("yyyy-MM-dd") })).StatusCode);
        await Assertions.Expect(Tile(page, "cardsIssued")).ToHaveTextAsync("1", new() { Timeout = 2000 });
        var roster = await page.GetByTestId("leave-roster").GetAttributeAsync("href");
        Assert.Equal($"/api/units/{team}/leave-roster/{today:yyyy-MM}/print", roster);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "team-duty.png"), FullPage = true });
    }

    [Fact]
    public async Task Resolution_rate_shows_no_rate_until_a_problem_is_identified_then_the_rate_the_api_computes()
    {
        var team = Seeded.Teams[710];
        var page = await OpenAsync($"/units/{team}?period=2016-W11#token={fixture.ViewerToken}");
        await Assertions.Expect(Tile(page, "resolutionRate")).ToHaveTextAsync("–");
        await Assertions.Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "live");

        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        Assert.Equal(HttpStatusCode.Created, (await api.PostReport(team, Reports.Weekly("rate-tile", "2016-W11", 1, 4, 1))).StatusCode);

        await Assertions.Expect(Tile(page, "resolutionRate")).ToHaveTextAsync("25%", new() { Timeout = 2000 });
    }

    [Fact]
    public async Task An_operator_opens_the_orleans_dashboard_with_a_session_cookie_and_sees_the_silo()
    {
        var page = await OpenAsync("/signin");
        Assert.Equal(401, (await page.GotoAsync(fixture.Gateway.Address + "orleans/"))!.Status);

        await page.GotoAsync(fixture.Gateway.Address + "signin");
        var status = await page.EvaluateAsync<int>("async token => (await fetch('/api/operators/session', { method: 'POST', headers: { Authorization: `Bearer ${token}` } })).status",
            fixture.OperatorToken);

        Assert.Equal(204, status);
        var counters = page.WaitForResponseAsync(response => response.Url.Contains("/orleans/DashboardCounters", StringComparison.Ordinal));
        Assert.Equal(200, (await page.GotoAsync(fixture.Gateway.Address + "orleans/"))!.Status);
        // The dashboard's own requests carry the cookie: its figures arrive and it counts the live silo.
        Assert.Equal(200, (await counters).Status);
        await Assertions.Expect(page.GetByText("Active silos").Locator("..")).ToContainTextAsync("1", new() { Timeout = 15_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "orleans-dashboard.png"), FullPage = true });
    }

    [Fact]
    public async Task Language_switches_to_english_and_back()
    {
        var page = await OpenAsync($"/units/{Seeded.City}#token={fixture.ViewerToken}");
        await Assertions.Expect(page.Locator("[data-testid=tile-reports] .label")).ToHaveTextAsync("报告");

        await page.GetByTestId("language").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=tile-reports] .label")).ToHaveTextAsync("Reports");
        await Assertions.Expect(page.Locator(".brand")).ToHaveTextAsync("Changdu village work");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "city-english.png") });
        await page.GetByTestId("language").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=tile-reports] .label")).ToHaveTextAsync("报告");
    }

    [Fact]
    public async Task Phone_width_shows_every_figure_without_sideways_scrolling()
    {
        var page = await OpenAsync($"/units/{Seeded.City}#token={fixture.ViewerToken}", 390, 844);
        await Assertions.Expect(Tile(page, "resolutionRate")).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<bool>("() => document.body.scrollWidth > window.innerWidth");

        Assert.False(overflow);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "city-phone.png"), FullPage = true });
    }

    [Fact]
    public async Task Children_table_sorts_by_a_column_from_the_keyboard()
    {
        var page = await OpenAsync($"/units/{Seeded.City}#token={fixture.ViewerToken}");
        await Assertions.Expect(page.Locator("[data-testid=children] tbody tr")).ToHaveCountAsync(11);

        await page.GetByTestId("sort-name").FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        var names = await page.Locator("[data-testid=children] tbody tr td:first-child").AllTextContentsAsync();
        Assert.Equal(names.Order(StringComparer.Create(new System.Globalization.CultureInfo("zh-CN"), false)).ToList(), names.ToList());
        await Assertions.Expect(page.Locator("th[aria-sort=ascending]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Without_a_token_the_page_asks_to_sign_in_and_development_sign_in_lets_a_local_browser_in()
    {
        var page = await OpenAsync($"/units/{Seeded.City}");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?next="));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "signin.png") });

        await page.GetByTestId("signin-dev").ClickAsync();

        await Assertions.Expect(Tile(page, "reports")).ToBeVisibleAsync();
        Assert.Contains($"/units/{Seeded.City}", page.Url);
    }
}
