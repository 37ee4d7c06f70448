namespace Changdu.Grains;

[GenerateSerializer, Alias("Changdu.Grains.DispatchingUnitState")]
public sealed class DispatchingUnitState
{
    [Id(0)] public DispatchingUnitDefinition? Definition { get; set; }
    [Id(1)] public SortedSet<string> CadreIds { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public Dictionary<string, Summons> Summons { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A dispatching unit (DOMAIN practice 4): the cadres it sent and the summons it received.</summary>
public sealed class DispatchingUnitGrain(
    [PersistentState("dispatching", UnitGrain.StorageName)] IPersistentState<DispatchingUnitState> unit) : Grain, IDispatchingUnit
{
    string DispatchingUnitId => this.GetPrimaryKeyString();

    public async Task<DispatchingOutcome> RegisterAsync(DispatchingUnitDefinition definition)
    {
        if (unit.State.Definition is { } held)
        {
            return held == definition ? DispatchingOutcome.AlreadyStored : DispatchingOutcome.IdTaken;
        }
        await GrainFactory.GetGrain<IDispatchingRegistry>(IDispatchingRegistry.Key).AddAsync(DispatchingUnitId);
        unit.State.Definition = definition;
        await WriteOrForgetAsync(() => unit.State.Definition = null);
        return DispatchingOutcome.Recorded;
    }

    public Task<DispatchingUnitView?> GetAsync() => Task.FromResult(unit.State.Definition is { } definition
        ? new DispatchingUnitView(DispatchingUnitId, definition.Name, definition.Level, [.. unit.State.CadreIds],
            unit.State.Summons.Values.OrderBy(summons => summons.On).ThenBy(summons => summons.SummonsId, StringComparer.Ordinal).ToList())
        : null);

    public async Task EnlistAsync(string cadreId)
    {
        if (unit.State.Definition is null)
        {
            throw new ArgumentException($"There is no dispatching unit '{DispatchingUnitId}' to enlist in.", nameof(cadreId));
        }
        if (unit.State.CadreIds.Add(cadreId))
        {
            await WriteOrForgetAsync(() => unit.State.CadreIds.Remove(cadreId));
        }
    }

    public async Task<SummonsResult> RecordSummonsAsync(Summons summons)
    {
        if (unit.State.Definition is null)
        {
            return new SummonsResult(DispatchingOutcome.UnknownDispatchingUnit, null, $"There is no dispatching unit '{DispatchingUnitId}'.");
        }
        if (unit.State.Summons.TryGetValue(summons.SummonsId, out var held))
        {
            return held == summons
                ? new SummonsResult(DispatchingOutcome.AlreadyStored, held, null)
                : new SummonsResult(DispatchingOutcome.IdTaken, held, $"Summons '{summons.SummonsId}' is already recorded with other details.");
        }
        unit.State.Summons[summons.SummonsId] = summons;
        await WriteOrForgetAsync(() => unit.State.Summons.Remove(summons.SummonsId));
        return new SummonsResult(DispatchingOutcome.Recorded, summons, null);
    }

    public async Task<SummonsResult> FollowUpAsync(string summonsId, SummonsFollowUp followUp)
    {
        if (!unit.State.Summons.TryGetValue(summonsId, out var held))
        {
            return new SummonsResult(DispatchingOutcome.UnknownSummons, null, $"Dispatching unit '{DispatchingUnitId}' has no summons '{summonsId}'.");
        }
        if (held.FollowUp == followUp)
        {
            return new SummonsResult(DispatchingOutcome.AlreadyStored, held, null);
        }
        unit.State.Summons[summonsId] = held with { FollowUp = followUp };
        await WriteOrForgetAsync(() => unit.State.Summons[summonsId] = held);
        return new SummonsResult(DispatchingOutcome.Recorded, unit.State.Summons[summonsId], null);
    }

    /// <summary>Writes the state; when the write fails, <paramref name="undo"/> puts memory back to what is durable.</summary>
    async Task WriteOrForgetAsync(Action undo)
    {
        try
        {
            await unit.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }
}

[GenerateSerializer, Alias("Changdu.Grains.DispatchingRegistryState")]
public sealed class DispatchingRegistryState
{
    [Id(0)] public SortedSet<string> Ids { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Every registered dispatching unit's id; a few hundred in a city, so one grain holds them.</summary>
public sealed class DispatchingRegistryGrain(
    [PersistentState("registry", UnitGrain.StorageName)] IPersistentState<DispatchingRegistryState> registry) : Grain, IDispatchingRegistry
{
    public async Task AddAsync(string dispatchingUnitId)
    {
        if (registry.State.Ids.Add(dispatchingUnitId))
        {
            try
            {
                await registry.WriteStateAsync();
            }
            catch
            {
                registry.State.Ids.Remove(dispatchingUnitId);
                throw;
            }
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. registry.State.Ids]);
}
