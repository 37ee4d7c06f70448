using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Changdu.Hosting.Hierarchy;

/// <summary>
/// Work every silo runs once the tree is seeded and then every <see cref="Interval"/>. A run must be
/// idempotent and record what it did durably, so after a restart or a lost silo the next run
/// catches up on whatever is due.
/// </summary>
public abstract partial class Schedule(
    StartupProgress progress,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger logger) : ILifecycleParticipant<ISiloLifecycle>
{
    static readonly TimeSpan ReadinessPoll = TimeSpan.FromSeconds(1);

    protected TimeProvider Clock => clock;

    protected abstract TimeSpan Interval { get; }

    /// <summary>One run of the work; answers how many units it visited.</summary>
    public abstract Task<int> RunOnceAsync(CancellationToken cancellationToken);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(GetType().Name, ServiceLifecycleStage.Active, StartAsync, _ => Task.CompletedTask);

    Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => RunAsync(lifetime.ApplicationStopping), CancellationToken.None);
        return Task.CompletedTask;
    }

    async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (!progress.IsReady)
            {
                await Task.Delay(ReadinessPoll, clock, stopping);
            }
            using var timer = new PeriodicTimer(Interval, clock);
            do
            {
                try
                {
                    await RunOnceAsync(stopping);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogRunFailed(logger, exception, GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scheduled run {Schedule} failed; the next run retries")]
    static partial void LogRunFailed(ILogger logger, Exception exception, string schedule);
}
