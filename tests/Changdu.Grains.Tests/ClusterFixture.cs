using Changdu.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;

namespace Changdu.Grains.Tests;

/// <summary>
/// An in-process cluster of two silos with in-memory grain storage, facts in a real SQLite store
/// (behind a wrapper tests can make fail), calls that tests can make fail, and a short rollup window.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    readonly string _directory = Directory.CreateTempSubdirectory("changdu-grains-").FullName;
    Func<ValueTask> _closeStore = () => ValueTask.CompletedTask;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The store both silos write their facts to.</summary>
    public FaultInjectingFactStore Facts { get; private set; } = null!;

    /// <summary>Faults on the calls both silos receive.</summary>
    public CallFaults Calls { get; } = new();

    public async Task InitializeAsync()
    {
        var dataSource = new SqliteDataSource(Path.Combine(_directory, "facts.db"), TimeSpan.FromSeconds(10));
        await new SchemaMigrator(dataSource, SchemaDialect.Sqlite, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var store = new FactStore(new SqliteFactDialect(dataSource), NullLogger<FactStore>.Instance);
        _closeStore = store.DisposeAsync;
        Facts = new FaultInjectingFactStore(store);
        var builder = new InProcessTestClusterBuilder(2);
        var silos = 0;
        // One key for both silos, as a cluster must have (PersonalData:Key): a cadre written on one silo is read on the other after a move.
        var personalDataKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        builder.ConfigureSilo((_, silo) =>
        {
            var clock = ClockOfSilo(silos++);
            silo.AddMemoryGrainStorage(UnitGrain.StorageName);
            silo.Services.AddSingleton<IFactStore>(Facts);
            silo.AddIncomingGrainCallFilter(Calls);
            silo.Services.AddSingleton<FactCodec>();
            silo.UseOrleansBinaryGrainState();
            silo.AddActivityPropagation();
            silo.Services.AddSingleton(clock);
            silo.Services.AddSingleton(new ProgrammeClock(clock));
            silo.Services.AddSingleton<RollupBacklog>();
            silo.Services.AddSingleton<IPersonalDataProtector>(new PersonalDataProtector(() => personalDataKey));
            // Long enough that a test can place a month boundary and the days before it inside the window.
            silo.Services.Configure<DutyOptions>(options => options.CheckInWindowDays = 62);
            silo.Services.Configure<RollupOptions>(options =>
            {
                options.OfferWindow = TimeSpan.FromMilliseconds(50);
                options.PersistInterval = TimeSpan.FromMilliseconds(100);
            });
        });
        builder.ConfigureClient(client => client.AddActivityPropagation());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>The clock of the silo started <paramref name="index"/>th: the system's, unless a fixture skews one.</summary>
    protected virtual TimeProvider ClockOfSilo(int index) => TimeProvider.System;

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await _closeStore();
        Directory.Delete(_directory, recursive: true);
    }
}
