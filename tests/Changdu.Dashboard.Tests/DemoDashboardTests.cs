using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Changdu.Dashboard.Tests;

/// <summary>
/// What the dashboard shows once <c>--demo</c> has filed the reference year on the programme's clock: a township of
/// several teams (the city's demo runs the same program over more units), opened on the default period.
/// </summary>
public sealed class DemoDashboardTests : IAsyncLifetime
{
    static readonly string Township = Seeded.Townships.First(unit => Seeded.Teams.Count(team => Seeded.ParentOf(team) == unit) >= 8);
    readonly string _dataDirectory = Directory.CreateTempSubdirectory("changdu-demo-dashboard-").FullName;
    ServiceProcess _gateway = null!;
    IPlaywright _playwright = null!;
    IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _gateway = await ServiceProcess.StartGatewayAsync(_dataDirectory, "--demo", $"--Demo:Root={Township}");
        _playwright = await Playwright.CreateAsync();
        _browser = await DashboardFixture.LaunchChromiumAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _gateway.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task The_demo_opens_on_reports_on_time_problems_months_old_and_todays_duty()
    {
        await Eventually.Returns(() => Task.FromResult(_gateway.Output), text => text.Contains("Demo: the reference year is filed", StringComparison.Ordinal), TimeSpan.FromSeconds(240));
        var viewer = await ServiceProcess.MintTokenAsync(Seeded.City, "viewer", $"--Storage:DataDirectory={_dataDirectory}");
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{_gateway.Address}units/{Township}#token={viewer}");

        // The tiles of the reference year as a running programme reads them: on time, problems months old.
        await Assertions.Expect(page.Locator("[data-testid=tile-onTimeRate] .value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^9\d(\.\d)?\s?%$"));
        await Assertions.Expect(page.Locator("[data-testid=tile-oldestOpenDays] .value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^1\d\d$"));
        // The month's duty is the programme's November 2016, its first day checked in.
        await Assertions.Expect(page.GetByText("在岗情况 2016-11")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("duty-checkedIn")).Not.ToHaveTextAsync("签到 0");
        // A few weekly reports were never filed, as in a running programme: the units owing them are listed.
        await Assertions.Expect(page.Locator("[data-testid=missing] li").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "demo-township.png"), FullPage = true });

        // A team's clerk files for the programme's week, not the browser's (ten years apart in the demo).
        using var http = new HttpClient { BaseAddress = _gateway.Address };
        var today = DateOnly.Parse((await http.GetFromJsonAsync<JsonElement>("/api/today")).GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2016, today.Year);
        var team = Seeded.Teams.First(unit => Seeded.ParentOf(unit) == Township);
        var clerk = await ServiceProcess.MintTokenAsync(team, "team", $"--Storage:DataDirectory={_dataDirectory}");
        var clerkPage = await context.NewPageAsync();
        await clerkPage.GotoAsync($"{_gateway.Address}units/{team}#token={clerk}");
        var week = today.ToDateTime(TimeOnly.MinValue);
        await Assertions.Expect(clerkPage.Locator("form[data-form=report] [name=period]"))
            .ToHaveValueAsync($"{System.Globalization.ISOWeek.GetYear(week)}-W{System.Globalization.ISOWeek.GetWeekOfYear(week):00}");
    }
}
