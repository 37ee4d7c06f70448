using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Changdu.Gateway.Tests;

/// <summary>
/// The gateway with its embedded silo on a temporary SQLite store, on free ports and its own
/// cluster id, so test classes and a developer's running instance never meet.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("changdu-test-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Orleans:SiloPort", FreePort.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePort.Next().ToString());
        builder.UseSetting("Orleans:ClusterId", "test-" + Guid.NewGuid().ToString("N"));
        builder.UseSetting("Rollup:OfferWindow", "00:00:00.050");
        builder.UseSetting("Rollup:PersistInterval", "00:00:00.200");
        builder.UseSetting("Live:MinInterval", "00:00:00.050");
        builder.UseSetting("Limits:MaxRequestBodyBytes", "4096");
    }

    public async Task InitializeAsync()
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetAsync("/health/ready")).StatusCode != System.Net.HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "The gateway did not become ready within 60 s.");
            await Task.Delay(100);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
