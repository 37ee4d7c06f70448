using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Changdu.Hosting;

/// <summary>Ready only while a grain of the cluster answers (silos up, storage reachable, hierarchy seeded).</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var applied = await grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).GetAppliedAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return applied is null ? HealthCheckResult.Unhealthy("The cluster has not seeded the hierarchy yet.") : HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The cluster does not answer.", exception);
        }
    }
}
