using Changdu.Grains;
using Microsoft.Extensions.Logging;

namespace Changdu.Hosting.Hierarchy;

/// <summary>
/// After a crash or a silo's death: wakes the map (it completes a change it had under way), every
/// unit marked unsettled (it offers its summary whole on activation, or goes on offering if it
/// lived) and every concern grain whose part is marked (it tells its unit the whole part). The marks
/// are what happened lately, not the tree (docs/architecture.md §4), so this costs the same at a
/// city's size or the country's.
/// </summary>
public sealed partial class UnsettledSweep(IGrainFactory grains, IFactStore facts, ILogger<UnsettledSweep> logger)
{
    const int Concurrency = 32;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).GetAppliedAsync();
        var sweptFrom = DateTimeOffset.UtcNow;
        var marks = (await facts.ReadAsync(UnsettledMarks.Owner)).Where(row => row.Kind is UnsettledMarks.UnitKind or UnsettledMarks.PartKind).ToList();
        await Parallel.ForEachAsync(marks, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (mark, _) =>
        {
            if (mark.Kind == UnsettledMarks.UnitKind)
            {
                await grains.GetGrain<IRollupNode>(mark.Key).ResumeAsync(sweptFrom);
            }
            else
            {
                await PartOf(mark.Key).WakeAsync();
            }
        });
        LogSwept(logger, marks.Count);
        return marks.Count;
    }

    IUnitPart PartOf(string key)
    {
        var (concern, unit) = UnsettledMarks.PartOf(key);
        return concern switch
        {
            OfficeGrain.Concern => grains.GetGrain<IOfficePart>(unit.Value),
            DutyGrain.Concern => grains.GetGrain<IDutyPart>(unit.Value),
            ProblemRegisterGrain.Concern => grains.GetGrain<IProblemsPart>(unit.Value),
            _ => throw new InvalidDataException($"Unsettled mark '{key}' names no concern."),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Woke {Marks} units and parts marked unsettled; rollups are converging")]
    static partial void LogSwept(ILogger logger, int marks);
}
