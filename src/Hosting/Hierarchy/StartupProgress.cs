using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Changdu.Hosting.Hierarchy;

/// <summary>Whether the start-up sweep has finished: until then rollups may still be catching up.</summary>
public sealed class StartupProgress : IHealthCheck
{
    volatile bool _swept;
    volatile Exception? _failure;

    public bool IsReady => _swept;

    public void MarkSwept() => _swept = true;

    public void MarkFailed(Exception failure) => _failure = failure;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_swept
            ? HealthCheckResult.Healthy("Hierarchy seeded and swept.")
            : _failure is { } failure
                ? HealthCheckResult.Unhealthy("The start-up sweep failed; it is retrying.", failure)
                : HealthCheckResult.Unhealthy("Start-up sweep still running."));
}
