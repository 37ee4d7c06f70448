namespace Changdu.Grains;

/// <summary>
/// A dispatching unit (docs/domain.md, practice 4): the cadres it sent and the summons it received, each a
/// row; memory changes only once the row is durable.
/// </summary>
public sealed class DispatchingUnitGrain(IFactStore facts, FactCodec codec) : Grain, IDispatchingUnit
{
    const string DefinitionKind = "definition";
    const string CadreKind = "cadre";
    const string SummonsKind = "summons";

    DispatchingUnitDefinition? _definition;
    readonly SortedSet<string> _cadreIds = new(StringComparer.Ordinal);
    readonly Dictionary<string, Summons> _summons = new(StringComparer.Ordinal);

    string DispatchingUnitId => this.GetPrimaryKeyString();

    string Owner => $"dispatching:{DispatchingUnitId}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var row in await facts.ReadAsync(Owner))
        {
            switch (row.Kind)
            {
                case DefinitionKind:
                    _definition = codec.Decode<DispatchingUnitDefinition>(row.Payload!);
                    break;
                case CadreKind:
                    _cadreIds.Add(row.Key);
                    break;
                case SummonsKind:
                    _summons[row.Key] = codec.Decode<Summons>(row.Payload!);
                    break;
            }
        }
    }

    public async Task<DispatchingOutcome> RegisterAsync(DispatchingUnitDefinition definition)
    {
        if (_definition is { } held)
        {
            return held == definition ? DispatchingOutcome.AlreadyStored : DispatchingOutcome.IdTaken;
        }
        await GrainFactory.GetGrain<IDispatchingRegistry>(IDispatchingRegistry.Key).AddAsync(DispatchingUnitId);
        await WriteAsync(DefinitionKind, "", codec.Encode(definition), DispatchingOutcome.Recorded);
        _definition = definition;
        return DispatchingOutcome.Recorded;
    }

    public Task<DispatchingUnitView?> GetAsync() => Task.FromResult(_definition is { } definition
        ? new DispatchingUnitView(DispatchingUnitId, definition.Name, definition.Level, [.. _cadreIds],
            _summons.Values.OrderBy(summons => summons.On).ThenBy(summons => summons.SummonsId, StringComparer.Ordinal).ToList())
        : null);

    public async Task EnlistAsync(string cadreId)
    {
        if (_definition is null)
        {
            throw new ArgumentException($"There is no dispatching unit '{DispatchingUnitId}' to enlist in.", nameof(cadreId));
        }
        if (!_cadreIds.Contains(cadreId))
        {
            // A cadre's registration is audited where it is stored, at the cadre.
            await WriteAsync(CadreKind, cadreId, [], outcome: null);
            _cadreIds.Add(cadreId);
        }
    }

    public async Task<SummonsResult> RecordSummonsAsync(Summons summons)
    {
        if (_definition is null)
        {
            return new SummonsResult(DispatchingOutcome.UnknownDispatchingUnit, null, $"There is no dispatching unit '{DispatchingUnitId}'.");
        }
        if (_summons.TryGetValue(summons.SummonsId, out var held))
        {
            return held == summons
                ? new SummonsResult(DispatchingOutcome.AlreadyStored, held, null)
                : new SummonsResult(DispatchingOutcome.IdTaken, held, $"Summons '{summons.SummonsId}' is already recorded with other details.");
        }
        await WriteAsync(SummonsKind, summons.SummonsId, codec.Encode(summons), DispatchingOutcome.Recorded);
        _summons[summons.SummonsId] = summons;
        return new SummonsResult(DispatchingOutcome.Recorded, summons, null);
    }

    public async Task<SummonsResult> FollowUpAsync(string summonsId, SummonsFollowUp followUp)
    {
        if (!_summons.TryGetValue(summonsId, out var held))
        {
            return new SummonsResult(DispatchingOutcome.UnknownSummons, null, $"Dispatching unit '{DispatchingUnitId}' has no summons '{summonsId}'.");
        }
        if (held.FollowUp == followUp)
        {
            return new SummonsResult(DispatchingOutcome.AlreadyStored, held, null);
        }
        var followedUp = held with { FollowUp = followUp };
        await WriteAsync(SummonsKind, summonsId, codec.Encode(followedUp), DispatchingOutcome.Recorded);
        _summons[summonsId] = followedUp;
        return new SummonsResult(DispatchingOutcome.Recorded, followedUp, null);
    }

    /// <summary>Writes one row, with the audit entry of the request when the write is the one it asked for.</summary>
    async Task WriteAsync(string kind, string key, byte[] payload, DispatchingOutcome? outcome) =>
        await facts.WriteDurablyAsync([new FactRow(Owner, kind, key, payload)],
            outcome is { } decided && AuditStamp.Current is { } stamp ? AuditRecord.Of(stamp, decided.ToString()) : null,
            DeactivateOnIdle);
}

[GenerateSerializer, Alias("Changdu.Grains.DispatchingRegistryState")]
public sealed class DispatchingRegistryState
{
    [Id(0)] public SortedSet<string> Ids { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Every registered dispatching unit's id; a few hundred in a city, so one grain holds them, in
/// Orleans's stock grain storage: a small state, written once per registration.
/// </summary>
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
