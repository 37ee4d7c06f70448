using Changdu.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changdu.Silo.Hierarchy;

/// <summary>
/// The schedule that closes each office's monthly assessment when its closing day comes. It walks
/// the tree on every silo at start and then every <see cref="AssessmentOptions.CloseCheckInterval"/>;
/// closing is idempotent and each month is recorded closed durably, so after a restart or a lost
/// silo the next walk catches up on whatever is due.
/// </summary>
public sealed partial class MonthCloser(
    IGrainFactory grains,
    IOptions<AssessmentOptions> options,
    StartupProgress progress,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<MonthCloser> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    const int Concurrency = 16;
    static readonly TimeSpan ReadinessPoll = TimeSpan.FromSeconds(1);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(MonthCloser), ServiceLifecycleStage.Active, StartAsync, _ => Task.CompletedTask);

    Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => RunAsync(lifetime.ApplicationStopping), CancellationToken.None);
        return Task.CompletedTask;
    }

    async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.CloseCheckInterval, clock);
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
                await WalkAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogWalkFailed(logger, exception);
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

    async Task WalkAsync(CancellationToken stopping)
    {
        var roots = (await grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).GetAppliedAsync())?.Roots ?? [];
        await TreeWalk.RunAsync(roots, unit => grains.GetGrain<IAssessingOffice>(unit.Value).CloseDueMonthsAsync(), Concurrency, stopping);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing due months failed; the next walk retries")]
    static partial void LogWalkFailed(ILogger logger, Exception exception);
}
