using Changdu.Grains;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Changdu.Hosting;

/// <summary>Not ready while this silo's oldest change not yet held by its parent is older than <see cref="RollupOptions.MaxLag"/>: rollups here are stuck.</summary>
public sealed class RollupLagHealthCheck(RollupBacklog backlog, IOptions<RollupOptions> options, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var age = backlog.OldestAge(clock.GetUtcNow());
        return Task.FromResult(age <= options.Value.MaxLag
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"A change has waited {age.TotalSeconds:F0} s for its parent, beyond Rollup:MaxLag ({options.Value.MaxLag.TotalSeconds:F0} s)."));
    }
}
