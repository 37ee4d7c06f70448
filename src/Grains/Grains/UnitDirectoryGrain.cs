using Orleans.Concurrency;

namespace Changdu.Grains;

/// <summary>
/// Reads a unit's definition row. A unit writes its definition durably before it holds it in memory
/// (<see cref="UnitGrain"/>), so the row is never older than what an activation would answer. It holds
/// nothing, so any silo serves it and its calls interleave: every request to a unit not yet placed
/// asks it, and a stateless worker taking one call at a time per core queued them behind each read.
/// </summary>
[StatelessWorker(StatelessWorkers.OnePerCore, removeIdleWorkers: false), Reentrant]
public sealed class UnitDirectoryGrain(IFactStore facts, FactCodec codec) : Grain, IUnitDirectory
{
    public async Task<UnitDefinition?> GetDefinitionAsync(UnitId unit) =>
        await facts.ReadOneAsync(unit.Value, UnitGrain.DefinitionKind, "") is { } row ? codec.Decode<UnitDefinition>(row) : null;
}
