using Microsoft.Extensions.Logging;

namespace Changdu.Hosting.Hierarchy;

/// <summary>
/// Wakes every unit of the tree, root first, level by level: a unit re-offers its summary when it
/// activates, so after a crash the rollups converge to the durable reports without operator action.
/// </summary>
public sealed partial class TreeSweep(IGrainFactory grains, ILogger<TreeSweep> logger)
{
    const int Concurrency = 32;

    public async Task<int> RunAsync(IReadOnlyList<UnitId> roots, CancellationToken cancellationToken)
    {
        var sweptFrom = DateTimeOffset.UtcNow;
        var swept = await TreeWalk.RunAsync(roots, unit => grains.GetGrain<IRollupNode>(unit.Value).ResumeAsync(sweptFrom), Concurrency, cancellationToken);
        LogSwept(logger, swept);
        return swept;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep woke {Units} units; rollups are converging")]
    static partial void LogSwept(ILogger logger, int units);
}
