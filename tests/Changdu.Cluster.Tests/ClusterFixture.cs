namespace Changdu.Cluster.Tests;

/// <summary>One PostgreSQL server, two silos and a gateway for a test class.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public LocalCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await LocalCluster.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
