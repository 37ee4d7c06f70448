using Microsoft.Extensions.Logging;

namespace Changdu.Silo.Hierarchy;

/// <summary>
/// Wakes every unit of the tree, root first, level by level: a unit re-offers its summary when it
/// activates, so after a crash the rollups converge to the durable reports without operator action.
/// </summary>
public sealed partial class TreeSweep(IGrainFactory grains, ILogger<TreeSweep> logger)
{
    const int Concurrency = 32;

    public async Task<int> RunAsync(IReadOnlyList<UnitId> roots, CancellationToken cancellationToken)
    {
        var swept = 0;
        var level = roots;
        while (level.Count > 0)
        {
            var next = new List<UnitId>();
            await Parallel.ForEachAsync(level, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                async (unit, _) =>
                {
                    var children = await grains.GetGrain<IRollupNode>(unit.Value).ResumeAsync();
                    lock (next)
                    {
                        next.AddRange(children);
                    }
                });
            swept += level.Count;
            level = next;
        }
        LogSwept(logger, swept);
        return swept;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep woke {Units} units; rollups are converging")]
    static partial void LogSwept(ILogger logger, int units);
}
