using System.Net.Http.Headers;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Changdu.Gateway.Tests;

/// <summary>
/// The gateway with its embedded silo on a temporary SQLite store, on free ports and its own
/// cluster id, so test classes and a developer's running instance never meet.
/// </summary>
public class GatewayFactory : WebApplicationFactory<Program>, IAsyncLifetime
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
        // One test principal sends thousands of requests; the limiter has its own test with its own factory.
        builder.UseSetting("RateLimit:PermitsPerSecond", "1000000");
        builder.UseSetting("RateLimit:Burst", "1000000");
    }

    /// <summary>A client carrying a token of <paramref name="role"/> at <paramref name="unit"/>, minted with the gateway's own key.</summary>
    public HttpClient CreateClientAs(string role, string unit)
    {
        var client = CreateClient();
        var token = Services.GetRequiredService<TokenIssuer>().Issue(UnitId.Parse(unit), role, $"{role}-test", TimeSpan.FromHours(1));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The city office: may read and write everything.</summary>
    public HttpClient CreateCityOfficeClient() => CreateClientAs(Roles.Office, Seeded.City);

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
