using Microsoft.Playwright;

namespace Changdu.Dashboard.Tests;

/// <summary>The gateway as a real process on its own store, and the Debian Chromium driven by Playwright.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    readonly string _dataDirectory = Directory.CreateTempSubdirectory("changdu-dashboard-").FullName;
    IPlaywright? _playwright;

    public ServiceProcess Gateway { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string ViewerToken { get; private set; } = "";
    public string OfficeToken { get; private set; } = "";
    public string OperatorToken { get; private set; } = "";

    /// <summary>Where screenshots go: TestResults/screenshots at the repository root.</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(RepositoryRoot.Combine("TestResults", "screenshots")).FullName;

    /// <summary>A token for another unit or role (a team's clerk, an office below the city), on this gateway's store.</summary>
    public Task<string> MintTokenAsync(string unit, string role) =>
        ServiceProcess.MintTokenAsync(unit, role, $"--Storage:DataDirectory={_dataDirectory}");

    public async Task InitializeAsync()
    {
        Gateway = await ServiceProcess.StartGatewayAsync(_dataDirectory);
        var store = $"--Storage:DataDirectory={_dataDirectory}";
        ViewerToken = await ServiceProcess.MintTokenAsync(Seeded.City, "viewer", store);
        OfficeToken = await ServiceProcess.MintTokenAsync(Seeded.City, "office", store);
        OperatorToken = await ServiceProcess.MintTokenAsync(Seeded.City, "operator", store);
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Debian's Chromium, headless.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // As root in a container, without the network a browser would otherwise phone home on.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
