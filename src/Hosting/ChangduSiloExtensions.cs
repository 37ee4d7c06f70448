using System.Data.Common;
using Changdu.Grains;
using Changdu.Hosting.Hierarchy;
using Changdu.Hosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Changdu.Hosting;

/// <summary>The one place where a silo's clustering, storage and start-up work are decided (docs/architecture.md §1).</summary>
public static class ChangduSiloExtensions
{
    /// <summary>The ADO.NET invariant that makes Orleans load Microsoft.Data.Sqlite (docs/architecture.md §10).</summary>
    const string SqliteInvariant = "System.Data.SQLite";
    const string PostgreSqlInvariant = "Npgsql";

    public static ISiloBuilder UseChangduSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        var hosting = services.AddValidatedOptions<SiloHostingOptions>(configuration, SiloHostingOptions.Section);
        var storage = services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.Section);
        var membership = services.AddValidatedOptions<MembershipOptions>(configuration, MembershipOptions.Section);

        services.AddChangduStore(storage);
        var personalData = services.AddValidatedOptions<PersonalDataOptions>(configuration, PersonalDataOptions.Section);
        services.AddSingleton<IPersonalDataProtector>(new PersonalDataProtector(() => PersonalDataKey.Load(personalData.Key, storage)));
        if (storage.Provider == StorageProvider.PostgreSql)
        {
            if (hosting.Kubernetes)
            {
                // Cluster id, service id and the pod's address come from the pod (deploy/kubernetes).
                silo.UseKubernetesHosting();
            }
            else
            {
                silo.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (hosting.ClusterId, hosting.ServiceId));
                silo.ConfigureEndpoints(hosting.AdvertisedIPAddress(), hosting.SiloPort, hosting.GatewayPort, listenOnAnyHostAddress: hosting.ListenOnAnyAddress);
            }
            silo.UseAdoNetClustering((OptionsBuilder<AdoNetClusteringSiloOptions> options) =>
                options.Configure<DbDataSource>((adoNet, dataSource) => (adoNet.Invariant, adoNet.DataSource) = (PostgreSqlInvariant, dataSource)));
            silo.UseAdoNetReminderService((OptionsBuilder<AdoNetReminderTableOptions> options) =>
                options.Configure<DbDataSource>((adoNet, dataSource) => (adoNet.Invariant, adoNet.DataSource) = (PostgreSqlInvariant, dataSource)));
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SiloDeathSweeper>();
            // Units activated before a silo joined (the start-up sweep) stay where they are unless
            // moved: the rebalancer spreads them over the silos, so a new silo takes its share.
#pragma warning disable ORLEANSEXP002 // Experimental in Orleans 10; the alternative is a new silo that idles until units deactivate.
            silo.AddActivationRebalancer();
#pragma warning restore ORLEANSEXP002
            silo.Configure<ActivationRebalancerOptions>(options =>
                (options.RebalancerDueTime, options.SessionCyclePeriod) = (membership.RebalancerDueTime, membership.RebalancerCyclePeriod));
        }
        else
        {
            silo.UseLocalhostClustering(hosting.SiloPort, hosting.GatewayPort, serviceId: hosting.ServiceId, clusterId: hosting.ClusterId);
        }
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = membership.ProbeTimeout;
            options.NumMissedProbesLimit = membership.NumMissedProbesLimit;
        });
        silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = hosting.ResponseTimeout);
        silo.Configure<GrainDirectoryOptions>(options => options.CacheSize = hosting.DirectoryCacheSize);
        silo.AddActivityPropagation();
        // The Orleans dashboard's side in the silo: grain call profiles and silo counters; the gateway shows it to operators.
        if (hosting.Dashboard)
        {
            silo.AddDashboard(dashboard => dashboard.CounterUpdateIntervalMs = (int)hosting.DashboardSampleInterval.TotalMilliseconds);
        }

        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MigrationParticipant>();
        services.AddSingleton<IFactDialect>(provider => storage.Provider == StorageProvider.PostgreSql
            ? new PostgreSqlFactDialect(provider.GetRequiredService<DbDataSource>())
            : new SqliteFactDialect(provider.GetRequiredService<DbDataSource>()));
        services.AddSingleton<IFactStore, FactStore>();
        services.AddSingleton<FactCodec>();
        var invariant = storage.Provider == StorageProvider.PostgreSql ? PostgreSqlInvariant : SqliteInvariant;
        silo.AddAdoNetGrainStorage(UnitGrain.StorageName, (OptionsBuilder<AdoNetGrainStorageOptions> options) =>
            options.Configure<DbDataSource>((adoNet, dataSource) => (adoNet.Invariant, adoNet.DataSource) = (invariant, dataSource)));
        silo.UseOrleansBinaryGrainState();

        services.AddValidatedOptions<RollupOptions>(RollupOptions.Section);
        services.AddValidatedOptions<ReportingOptions>(ReportingOptions.Section);
        services.AddValidatedOptions<AssessmentOptions>(AssessmentOptions.Section);
        services.AddValidatedOptions<PointsOptions>(PointsOptions.Section);
        services.AddValidatedOptions<DutyOptions>(DutyOptions.Section);
        services.AddValidatedOptions<LeaveOptions>(LeaveOptions.Section);
        services.AddValidatedOptions<HierarchyOptions>(HierarchyOptions.Section);
        services.AddSingleton<StartupProgress>();
        services.AddSingleton<RollupBacklog>();
        services.AddSingleton<TreeSweep>();
        services.AddSingleton<UnsettledSweep>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, HierarchySeeder>();
        // Which month is due to close and which days went without a check-in are the programme's dates.
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => ActivatorUtilities.CreateInstance<MonthCloser>(provider, provider.GetRequiredService<ProgrammeClock>()));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => ActivatorUtilities.CreateInstance<AbsenceWatch>(provider, provider.GetRequiredService<ProgrammeClock>()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddProgrammeClock();
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("storage", tags: ["ready"])
            .AddCheck<StartupProgress>("hierarchy", tags: ["ready"])
            .AddCheck<RollupLagHealthCheck>("rollup-lag", tags: ["ready"]);
        return silo;
    }

    /// <summary>
    /// The programme's clock (<see cref="ProgrammeClock"/>): the host's <see cref="TimeProvider"/> itself unless
    /// something registered another before, as <c>--demo</c> does.
    /// </summary>
    public static IServiceCollection AddProgrammeClock(this IServiceCollection services)
    {
        services.TryAddSingleton(provider => new ProgrammeClock(provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>The store's data source (one connection pool per process) and its schema migrator.</summary>
    public static IServiceCollection AddChangduStore(this IServiceCollection services, StorageOptions storage)
    {
        if (storage.Provider == StorageProvider.PostgreSql)
        {
            services.AddSingleton<DbDataSource>(_ => NpgsqlDataSource.Create(storage.ConnectionString!));
            services.AddSingleton(SchemaDialect.PostgreSql);
        }
        else
        {
            services.AddSingleton<DbDataSource>(_ => new SqliteDataSource(storage.SqliteFile, storage.BusyTimeout));
            services.AddSingleton(SchemaDialect.Sqlite);
        }
        services.AddSingleton<SchemaMigrator>();
        return services;
    }

    /// <summary>An Orleans client of a cluster whose membership is in PostgreSQL (the gateway's cluster mode).</summary>
    public static IClientBuilder UseChangduClient(this IClientBuilder client, IConfiguration configuration)
    {
        var hosting = client.Services.AddValidatedOptions<SiloHostingOptions>(configuration, SiloHostingOptions.Section);
        var storage = client.Services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.Section);
        if (storage.Provider != StorageProvider.PostgreSql)
        {
            throw new InvalidOperationException("Cluster:Mode=Client needs Storage:Provider=PostgreSql and Storage:ConnectionString: the cluster's membership is in PostgreSQL.");
        }
        client.Services.AddChangduStore(storage);
        client.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (hosting.ClusterId, hosting.ServiceId));
        client.UseAdoNetClustering(adoNet => (adoNet.Invariant, adoNet.ConnectionString) = (PostgreSqlInvariant, storage.ConnectionString));
        client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = hosting.ResponseTimeout);
        client.UseConnectionRetryFilter(async (_, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        });
        client.AddActivityPropagation();
        if (hosting.Dashboard)
        {
            client.AddDashboard(dashboard => dashboard.CounterUpdateIntervalMs = (int)hosting.DashboardSampleInterval.TotalMilliseconds);
        }
        client.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"]);
        return client;
    }
}
