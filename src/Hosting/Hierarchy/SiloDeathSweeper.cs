using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Changdu.Hosting.Hierarchy;

/// <summary>
/// When a silo of the cluster dies, the reports acknowledged by its units are durable but the
/// summaries they had not yet offered upward were only in its memory. The membership table is the
/// durable record that this happened: on each newly dead silo, the lowest-addressed live silo wakes
/// every unit and part marked unsettled (<see cref="UnsettledSweep"/>); those that lived on the dead
/// silo re-activate and re-offer. The marks are written with the facts, so this is the recent
/// activity, never the whole tree.
/// </summary>
public sealed partial class SiloDeathSweeper(
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    UnsettledSweep sweep,
    ILogger<SiloDeathSweeper> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    readonly CancellationTokenSource _stopping = new();

    public void Dispose() => _stopping.Dispose();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloDeathSweeper), ServiceLifecycleStage.Active, StartWatching, _ => _stopping.CancelAsync());

    Task StartWatching(CancellationToken cancellationToken)
    {
        _ = Task.Run(WatchAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    async Task WatchAsync()
    {
        HashSet<SiloAddress>? knownDead = null;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stopping.Token))
            {
                var dead = snapshot.Members.Values.Where(member => member.Status == SiloStatus.Dead).Select(member => member.SiloAddress);
                if (knownDead is null)
                {
                    // Silos dead before this one started are covered by its start-up sweep.
                    knownDead = [.. dead];
                    continue;
                }
                var newlyDead = dead.Where(knownDead.Add).ToList();
                if (newlyDead.Count > 0 && IsSweeper(snapshot))
                {
                    await SweepAfterDeathAsync(newlyDead);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    bool IsSweeper(ClusterMembershipSnapshot snapshot) =>
        snapshot.Members.Values.Where(member => member.Status == SiloStatus.Active)
            .Select(member => member.SiloAddress)
            .OrderBy(address => address.ToString(), StringComparer.Ordinal)
            .FirstOrDefault()?.Equals(localSilo.SiloAddress) == true;

    async Task SweepAfterDeathAsync(IReadOnlyList<SiloAddress> dead)
    {
        LogSweeping(logger, string.Join(", ", dead));
        try
        {
            await sweep.RunAsync(_stopping.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSweepFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo(s) {Silos} died; waking what is marked unsettled so their units re-offer their summaries")]
    static partial void LogSweeping(ILogger logger, string silos);

    [LoggerMessage(Level = LogLevel.Error, Message = "Waking the unsettled after a silo's death failed; units re-offer when next activated, and their children go on offering")]
    static partial void LogSweepFailed(ILogger logger, Exception exception);
}
