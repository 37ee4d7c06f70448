using Changdu.ServiceDefaults;
using Changdu.Hosting;
using Changdu.Hosting.Storage;

namespace Changdu.Silo;

/// <summary>
/// A silo on its own (cluster mode); the gateway's embedded mode hosts the same silo in-process.
/// <c>Changdu.Silo migrate [--Storage:…]</c> only brings the store's schema up to date and exits.
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        if (args is ["migrate", .. var settings])
        {
            await MigrateAsync(settings);
            return;
        }

        var builder = WebApplication.CreateBuilder(args);
        // The same quiet framework categories as the gateway's appsettings.json.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.UseOrleans(silo => silo.UseChangduSilo(builder.Configuration));

        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.RunAsync();
    }

    static async Task MigrateAsync(string[] settings)
    {
        var builder = Host.CreateApplicationBuilder(settings);
        builder.Services.AddChangduStore(builder.Services.AddValidatedOptions<StorageOptions>(builder.Configuration, StorageOptions.Section));
        using var host = builder.Build();
        await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(CancellationToken.None);
    }
}
