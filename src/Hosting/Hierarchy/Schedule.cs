using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Changdu.Hosting.Hierarchy;

/// <summary>
/// Work that visits every unit of the tree on every silo, once the tree is seeded and then every
/// <see cref="Interval"/>. The visits must be idempotent and record what they did durably, so after
/// a restart or a lost silo the next walk catches up on whatever is due.
/// </summary>
public abstract partial class TreeSchedule(
    IGrainFactory grains,
    StartupProgress progress,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger logger) : ILifecycleParticipant<ISiloLifecycle>
{
    const int Concurrency = 16;
    static readonly TimeSpan ReadinessPoll = TimeSpan.FromSeconds(1);

    protected IGrainFactory Grains => grains;

    protected TimeProvider Clock => clock;

    protected abstract TimeSpan Interval { get; }

    /// <summary>Does the scheduled work at one unit and answers its children.</summary>
    protected abstract Task<IReadOnlyList<UnitId>> VisitAsync(UnitId unit);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(GetType().Name, ServiceLifecycleStage.Active, StartAsync, _ => Task.CompletedTask);

    Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => RunAsync(lifetime.ApplicationStopping), CancellationToken.None);
        return Task.CompletedTask;
    }

    async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        using var readiness = new PeriodicTimer(ReadinessPoll, clock);
        while (!progress.IsReady)
        {
            if (!await WaitAsync(readiness, stopping))
            {
                return;
            }
        }
        do
        {
            try
            {
                var roots = (await grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).GetAppliedAsync())?.Roots ?? [];
                await TreeWalk.RunAsync(roots, VisitAsync, Concurrency, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogWalkFailed(logger, exception, GetType().Name);
            }
        }
        while (await WaitAsync(timer, stopping));
    }

    static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scheduled walk {Schedule} failed; the next walk retries")]
    static partial void LogWalkFailed(ILogger logger, Exception exception, string schedule);
}
