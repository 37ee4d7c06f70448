using System.Net;
using System.Text.Json;
using Microsoft.Playwright;

namespace Changdu.Dashboard.Tests;

/// <summary>The meeting room's wall screen at /wall/{unitId}, opened with a viewer token as the wall link, at 1920×1080.</summary>
public class WallTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    static readonly string[] ChangduCounties = ["卡若区", "江达县", "贡觉县", "类乌齐县", "丁青县", "察雅县", "八宿县", "左贡县", "芒康县", "洛隆县", "边坝县"];

    // The chart's first series as ECharts holds it: the region or child, its unit, the map's value and the treemap's indicator.
    const string ChartSeries = """
        () => {
          const chart = echarts.getInstanceByDom(document.querySelector('[data-testid=map]'));
          const series = chart?.getOption().series?.[0];
          return series ? { type: series.type, data: series.data.map((item) => ({ name: item.name, unitId: item.unitId, value: item.value ?? null, indicator: item.indicator ?? null })) } : null;
        }
        """;

    async Task<IPage> OpenAsync(string path)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.Gateway.Address + path.TrimStart('/'));
        return page;
    }

    static async Task<JsonElement> SeriesAsync(IPage page, string until)
    {
        await page.WaitForFunctionAsync($"() => {{ const series = ({ChartSeries})(); return series && ({until}); }}", null, new() { Timeout = 5000 });
        return await page.EvaluateAsync<JsonElement>(ChartSeries);
    }

    static ILocator Figure(IPage page, string key) => page.Locator($"[data-testid=figure-{key}] .value");

    static long Whole(string? text) => long.Parse((text ?? "0").Replace(",", ""));

    [Fact]
    public async Task City_wall_maps_the_eleven_counties_and_recolours_a_county_live_when_a_team_reports()
    {
        var page = await OpenAsync($"/wall/{Seeded.City}?indicator=problemsOpen#token={fixture.ViewerToken}");
        await Assertions.Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "live");
        Assert.DoesNotContain("token", page.Url);
        await Assertions.Expect(page.GetByTestId("wall-unit")).ToHaveTextAsync("昌都市");

        var series = await SeriesAsync(page, "series.data.length === 11");
        Assert.Equal("map", series.GetProperty("type").GetString());
        var regions = series.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(ChangduCounties.Order(), regions.Select(region => region.GetProperty("name").GetString()!).Order());
        Assert.Equal(Seeded.Counties.Order(), regions.Select(region => region.GetProperty("unitId").GetString()!).Order());
        await Assertions.Expect(page.GetByTestId("not-on-map")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("indicator")).ToHaveValueAsync("problemsOpen");

        var karuo = Seeded.Counties[0];
        var team = Seeded.Teams.First(candidate => candidate.StartsWith(karuo[..6], StringComparison.Ordinal));
        var reportsBefore = Whole(await Figure(page, "reports").TextContentAsync());
        var openBefore = regions.Single(region => region.GetProperty("unitId").GetString() == karuo).GetProperty("value").GetInt64();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "wall-city.png"), Animations = ScreenshotAnimations.Disabled });

        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        Assert.Equal(HttpStatusCode.Created, (await api.PostReport(team, Reports.Weekly("wall-live", "2016-W10", 2, 4, 1))).StatusCode);

        await Assertions.Expect(Figure(page, "reports")).ToHaveTextAsync((reportsBefore + 1).ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("zh-CN")), new() { Timeout = 3000 });
        await SeriesAsync(page, $"series.data.find((item) => item.unitId === '{karuo}').value === {openBefore + 3}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "wall-city-live.png"), Animations = ScreenshotAnimations.Disabled });

        // Another indicator re-colours the same counties and is remembered in the address.
        await page.GetByTestId("indicator").SelectOptionAsync("reportingRate");
        Assert.Contains("indicator=reportingRate", page.Url);
        var rates = await SeriesAsync(page, $"series.data.find((item) => item.unitId === '{karuo}').value > 0 && series.data.every((item) => item.value === null || item.value <= 1)");
        Assert.Equal(11, rates.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task County_wall_shows_its_townships_as_a_treemap()
    {
        var county = Seeded.Counties[3];
        var townships = Seeded.Townships.Where(township => Seeded.ParentOf(township) == county).Order().ToList();
        var page = await OpenAsync($"/wall/{county}#token={fixture.ViewerToken}");
        await Assertions.Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "live");

        var series = await SeriesAsync(page, $"series.data.length === {townships.Count}");
        Assert.Equal("treemap", series.GetProperty("type").GetString());
        var tiles = series.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(townships, tiles.Select(tile => tile.GetProperty("unitId").GetString()!).Order());
        // Sized by the reports the reference run expects of each township: a month's report for each of its 11 months at least.
        Assert.All(tiles, tile => Assert.True(tile.GetProperty("value").GetInt64() >= 11));
        await Assertions.Expect(Figure(page, "reports")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "wall-county.png"), Animations = ScreenshotAnimations.Disabled });

        await page.GetByTestId("language").ClickAsync();
        await Assertions.Expect(page.GetByTestId("panel-title")).ToHaveTextAsync("Reporting rate · units below");
        await Assertions.Expect(page.Locator("[data-testid=figure-problemsOpen] .label")).ToHaveTextAsync("Open problems");
        await Assertions.Expect(page.GetByTestId("connection")).ToHaveTextAsync("Live");
    }

    [Fact]
    public async Task A_teams_wall_is_its_figures_alone_and_reconnects_by_itself_when_the_stream_is_cut()
    {
        var team = Seeded.Teams[900];
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        // The gateway cannot be reached for the stream until the screen has shown it is disconnected.
        await page.RouteAsync("**/rollup/stream**", route => route.AbortAsync());
        await page.GotoAsync(fixture.Gateway.Address + $"wall/{team}#token={fixture.ViewerToken}");
        await Assertions.Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "offline");
        await page.UnrouteAllAsync();

        await Assertions.Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 10000 });
        await Assertions.Expect(page.GetByTestId("wall-unit")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator(".panels")).ToBeHiddenAsync();
        await Assertions.Expect(Figure(page, "reports")).ToHaveTextAsync("0");

        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        Assert.Equal(HttpStatusCode.Created, (await api.PostReport(team, Reports.Weekly("wall-team", "2016-W12", 1, 5, 2))).StatusCode);
        await Assertions.Expect(Figure(page, "problemsOpen")).ToHaveTextAsync("3", new() { Timeout = 3000 });
        await Assertions.Expect(Figure(page, "reports")).ToHaveTextAsync("1");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "wall-team.png"), Animations = ScreenshotAnimations.Disabled });
    }

    [Fact]
    public async Task Panels_rotate_to_the_months_ranking_and_hold_when_paused()
    {
        var page = await OpenAsync($"/wall/{Seeded.City}?rotate=2#token={fixture.ViewerToken}");
        await Assertions.Expect(page.GetByTestId("panel-ranking")).ToHaveClassAsync("panel active", new() { Timeout = 5000 });
        await page.GetByTestId("pause").ClickAsync();
        await Assertions.Expect(page.GetByTestId("pause")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("[data-testid=ranking] li")).ToHaveCountAsync(11);
        // The top 30 % of the assessed counties hold a red flag (DOMAIN.md, practice 3).
        await Assertions.Expect(page.Locator("[data-testid=ranking] li.flagged")).ToHaveCountAsync(11 * 30 / 100);
        await Assertions.Expect(page.GetByTestId("panel-title")).ToContainTextAsync("2016-10");
        var held = await page.GetByTestId("panel-title").TextContentAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "wall-ranking.png"), Animations = ScreenshotAnimations.Disabled });

        // Two rotation periods pass with the screen paused: the panel stays.
        await page.WaitForTimeoutAsync(4000);
        await Assertions.Expect(page.GetByTestId("panel-title")).ToHaveTextAsync(held!);
    }

    [Fact]
    public async Task A_wall_link_without_a_token_or_with_a_bad_period_says_so_and_stays_disconnected()
    {
        var page = await OpenAsync($"/wall/{Seeded.City}");
        await Assertions.Expect(page.GetByTestId("wall-message")).ToHaveTextAsync("请用带访问令牌的大屏链接打开。");

        page = await OpenAsync($"/wall/{Seeded.City}?period=2016-13#token={fixture.ViewerToken}");
        await Assertions.Expect(page.GetByTestId("wall-message")).ToHaveTextAsync("期间参数无效：2016-13");
        await Assertions.Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "offline");
    }

    [Fact]
    public async Task The_dashboards_unit_page_links_its_wall_in_the_same_signed_in_tab()
    {
        var county = Seeded.Counties[1];
        var page = await OpenAsync($"/units/{county}#token={fixture.ViewerToken}");
        await page.GetByTestId("wall-link").ClickAsync();
        await page.WaitForURLAsync($"**/wall/{county}**");
        await Assertions.Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "live");
        await Assertions.Expect(page.GetByTestId("figure-reports")).ToBeVisibleAsync();
    }
}
