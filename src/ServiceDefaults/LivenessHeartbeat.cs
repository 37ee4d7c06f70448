using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Changdu.ServiceDefaults;

/// <summary>
/// A beat every second on the thread pool. The process is wedged (thread pool starved, deadlocked)
/// when the beat has stopped: only then does <c>/health/live</c> fail, so an orchestrator restarts a
/// process that cannot recover, and never one that is merely slow or cut off from its store.
/// </summary>
public sealed class LivenessHeartbeat(TimeProvider clock) : BackgroundService, IHealthCheck
{
    static readonly TimeSpan Beat = TimeSpan.FromSeconds(1);
    static readonly TimeSpan WedgedAfter = TimeSpan.FromSeconds(30);
    long _lastBeatTicks = clock.GetUtcNow().UtcTicks;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Beat, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Interlocked.Exchange(ref _lastBeatTicks, clock.GetUtcNow().UtcTicks);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var silent = clock.GetUtcNow() - new DateTimeOffset(Interlocked.Read(ref _lastBeatTicks), TimeSpan.Zero);
        return Task.FromResult(silent < WedgedAfter
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"No heartbeat for {silent.TotalSeconds:F0} s: the process is wedged."));
    }
}
