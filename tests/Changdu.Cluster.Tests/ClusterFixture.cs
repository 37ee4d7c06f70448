namespace Changdu.Cluster.Tests;

/// <summary>One PostgreSQL server, two silos and a gateway for a test class.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    LocalCluster? _cluster;

    public LocalCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster did not start.");

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
