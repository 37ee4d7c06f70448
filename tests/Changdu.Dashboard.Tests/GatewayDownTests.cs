using Microsoft.Playwright;

namespace Changdu.Dashboard.Tests;

/// <summary>What a leader sees when the gateway goes away under an open page (its own gateway, killed here).</summary>
public sealed class GatewayDownTests : IAsyncLifetime
{
    readonly DashboardFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task A_page_whose_gateway_dies_says_so_and_shows_an_error_instead_of_stale_figures()
    {
        var context = await _fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{_fixture.Gateway.Address}units/{Seeded.City}#token={_fixture.ViewerToken}");
        await Assertions.Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "live");

        await _fixture.Gateway.KillAsync();

        await Assertions.Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "offline", new() { Timeout = 10_000 });
        await page.GetByTestId("period").SelectOptionAsync("2016");
        await Assertions.Expect(page.GetByTestId("error")).ToContainTextAsync("无法连接服务器");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "gateway-down.png") });
    }
}
