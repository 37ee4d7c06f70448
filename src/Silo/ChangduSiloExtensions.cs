using System.ComponentModel.DataAnnotations;
using Changdu.Grains;
using Changdu.Silo.Hierarchy;
using Changdu.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Changdu.Silo;

/// <summary>The one place where a silo's clustering, storage and start-up work are decided (ARCHITECTURE §1).</summary>
public static class ChangduSiloExtensions
{
    /// <summary>The ADO.NET invariant that makes Orleans load Microsoft.Data.Sqlite (ORLEANS10-NOTES, Storage).</summary>
    const string SqliteInvariant = "System.Data.SQLite";

    public static ISiloBuilder UseChangduSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var hosting = configuration.GetSection(SiloHostingOptions.Section).Get<SiloHostingOptions>() ?? new SiloHostingOptions();
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        Validator.ValidateObject(hosting, new ValidationContext(hosting), validateAllProperties: true);
        Validator.ValidateObject(storage, new ValidationContext(storage), validateAllProperties: true);

        silo.UseLocalhostClustering(hosting.SiloPort, hosting.GatewayPort, serviceId: hosting.ServiceId, clusterId: hosting.ClusterId);
        silo.AddActivityPropagation();

        var services = silo.Services;
        services.AddSingleton(new SqliteDataSource(storage.SqliteFile, storage.BusyTimeout));
        services.AddSingleton<SqliteMigrator>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MigrationParticipant>();
        silo.AddAdoNetGrainStorage(UnitGrain.StorageName, (OptionsBuilder<AdoNetGrainStorageOptions> options) =>
            options.Configure<SqliteDataSource>((adoNet, dataSource) =>
            {
                adoNet.Invariant = SqliteInvariant;
                adoNet.DataSource = dataSource;
            }));
        silo.UseOrleansBinaryGrainState();

        services.AddOptions<RollupOptions>().Bind(configuration.GetSection(RollupOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HierarchyOptions>().Bind(configuration.GetSection(HierarchyOptions.Section));
        services.AddSingleton<StartupProgress>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, HierarchySeeder>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHealthChecks()
            .AddCheck<SqliteHealthCheck>("storage", tags: ["ready"])
            .AddCheck<StartupProgress>("hierarchy", tags: ["ready"]);
        return silo;
    }
}
