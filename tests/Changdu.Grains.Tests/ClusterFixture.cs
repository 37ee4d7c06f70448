using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Changdu.Grains.Tests;

/// <summary>An in-process cluster of two silos with in-memory grain storage and a short rollup window.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(UnitGrain.StorageName);
            silo.UseOrleansBinaryGrainState();
            silo.AddActivityPropagation();
            silo.Services.AddSingleton(TimeProvider.System);
            silo.Services.AddSingleton<RollupBacklog>();
            silo.Services.AddSingleton<IPersonalDataProtector>(new PersonalDataProtector(() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
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

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
