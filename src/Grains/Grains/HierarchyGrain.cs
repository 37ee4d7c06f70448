using Microsoft.Extensions.Logging;

namespace Changdu.Grains;

/// <summary>
/// The map (docs/architecture.md §3). A change is planned by <see cref="MapChangeRules"/> from the
/// definitions it touches, recorded durably as a pending change (with its audit entry) and then
/// written unit by unit; the pending record goes once every unit holds its step. A step the store
/// refuses is written again on a timer, and by the next activation if the silo dies: a change once
/// acknowledged always completes, and no other change starts before it has.
/// </summary>
public sealed partial class HierarchyGrain(IFactStore facts, FactCodec codec, TimeProvider clock, ILogger<HierarchyGrain> logger) : Grain, IHierarchyGrain
{
    const string Owner = "hierarchy";
    const string AppliedKind = "applied";
    const string TiersKind = "tiers";
    const string PendingKind = "pending-change";
    static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    AppliedHierarchy? _applied;
    IReadOnlyList<TierDefinition> _tiers = [];
    readonly SortedDictionary<string, IReadOnlyList<MapStep>> _pending = new(StringComparer.Ordinal);
    IGrainTimer? _retry;
    // Ticks of this activation's start, then one more per change: unequal to every earlier version a reader may hold.
    long _mapVersion;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _mapVersion = clock.GetUtcNow().UtcTicks;
        foreach (var row in await facts.ReadAsync(Owner))
        {
            switch (row.Kind)
            {
                case AppliedKind:
                    _applied = codec.Decode<AppliedHierarchy>(row.Payload!);
                    break;
                case TiersKind:
                    _tiers = codec.Decode<IReadOnlyList<TierDefinition>>(row.Payload!);
                    break;
                case PendingKind:
                    _pending[row.Key] = codec.Decode<IReadOnlyList<MapStep>>(row.Payload!);
                    break;
            }
        }
        if (_pending.Count > 0)
        {
            StartRetrying(TimeSpan.Zero);
        }
    }

    public Task<AppliedHierarchy?> GetAppliedAsync() => Task.FromResult(_applied);

    public async Task RecordAppliedAsync(AppliedHierarchy applied)
    {
        await facts.WriteDurablyAsync([new FactRow(Owner, AppliedKind, "", codec.Encode(applied))], null, DeactivateOnIdle);
        _applied = applied;
        _mapVersion++;
    }

    public Task<IReadOnlyList<TierDefinition>> GetTiersAsync() => Task.FromResult(_tiers);

    public async Task RecordTiersAsync(IReadOnlyList<TierDefinition> tiers)
    {
        await facts.WriteDurablyAsync([new FactRow(Owner, TiersKind, "", codec.Encode(tiers))], null, DeactivateOnIdle);
        _tiers = tiers;
    }

    public Task<string> GetMapVersionAsync() => Task.FromResult(_mapVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Task<MapChangeResult> AddUnitAsync(UnitId parentId, NewUnit unit) =>
        ChangeAsync(unit.UnitId, "add-unit", async stamp =>
            MapChangeRules.Add(await DefinitionOf(parentId), await DefinitionOf(unit.UnitId), unit, _tiers, stamp));

    public Task<MapChangeResult> RenameUnitAsync(UnitId unitId, string name) =>
        ChangeAsync(unitId, "rename-unit", async stamp =>
        {
            var unit = await DefinitionOf(unitId);
            return MapChangeRules.Rename(unit, await ParentOf(unit), name, stamp);
        });

    public Task<MapChangeResult> MoveUnitAsync(UnitId unitId, UnitId parentId, DateOnly effectiveOn) =>
        ChangeAsync(unitId, "move-unit", async stamp =>
        {
            var unit = await DefinitionOf(unitId);
            var parent = await DefinitionOf(parentId);
            return MapChangeRules.Move(unit, await ParentOf(unit), parent, await PathOf(parent), _tiers, effectiveOn, stamp);
        });

    public Task<MapChangeResult> CloseUnitAsync(UnitId unitId, DateOnly closedOn, UnitId? mergedInto) =>
        ChangeAsync(unitId, "close-unit", async stamp =>
        {
            var unit = await DefinitionOf(unitId);
            var target = mergedInto is { } merged ? await DefinitionOf(merged) : null;
            var children = new List<UnitDefinition>();
            if (unit is not null && target is not null)
            {
                foreach (var child in unit.Children)
                {
                    children.Add(await DefinitionOf(child.UnitId) ?? throw new InvalidOperationException($"{unitId} lists {child.UnitId}, which is not defined."));
                }
            }
            return MapChangeRules.Close(unit, await ParentOf(unit), closedOn, mergedInto, target, children, stamp);
        });

    public Task<MapChangeResult> ReopenUnitAsync(UnitId unitId, DateOnly reopenedOn) =>
        ChangeAsync(unitId, "reopen-unit", async stamp =>
        {
            var unit = await DefinitionOf(unitId);
            return MapChangeRules.Reopen(unit, await ParentOf(unit), reopenedOn, stamp);
        });

    /// <summary>Plans a change on the map as it stands, records it with its audit entry, then writes its steps.</summary>
    async Task<MapChangeResult> ChangeAsync(UnitId subject, string action, Func<MapChangeEntry, Task<MapChangeRules.Plan>> plan)
    {
        if (!await CompletePendingAsync())
        {
            return new MapChangeResult(MapOutcome.EarlierChangeUnderWay, null,
                "An earlier change of the map is still being written; try again in a few seconds.");
        }
        var stamp = AuditStamp.Current;
        var changeId = Guid.CreateVersion7().ToString();
        var template = new MapChangeEntry(changeId, default, clock.GetUtcNow(), stamp?.Actor ?? "system", null) { ByUnit = stamp?.ActorUnit };
        var planned = await plan(template);
        if (planned.Steps.Count == 0)
        {
            return new MapChangeResult(planned.Outcome, await DefinitionOf(subject), planned.Detail);
        }
        var audit = stamp is null ? null : AuditRecord.Of(stamp, action);
        await facts.WriteDurablyAsync([new FactRow(Owner, PendingKind, changeId, codec.Encode(planned.Steps))], audit, DeactivateOnIdle);
        _pending[changeId] = planned.Steps;
        _mapVersion++;
        var outcome = await CompletePendingAsync() ? MapOutcome.Applied : MapOutcome.Applying;
        var result = planned.Steps.First(step => step.Definition.UnitId == subject).Definition;
        return new MapChangeResult(outcome, result, outcome == MapOutcome.Applying
            ? "The change is recorded; a unit it touches could not be written yet, and the change completes on its own." : null);
    }

    /// <summary>Writes every pending change's steps again, in order; false when one still fails (it is retried on a timer).</summary>
    async Task<bool> CompletePendingAsync()
    {
        while (_pending.Count > 0)
        {
            var (changeId, steps) = _pending.First();
            try
            {
                foreach (var step in steps)
                {
                    await GrainFactory.GetGrain<IUnitGrain>(step.Definition.UnitId.Value).ApplyMapStepAsync(step);
                }
                await facts.WriteAsync([new FactRow(Owner, PendingKind, changeId, null)]);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogChangeIncomplete(logger, exception, changeId, RetryInterval);
                StartRetrying(RetryInterval);
                return false;
            }
            _pending.Remove(changeId);
            _mapVersion++;
        }
        StopRetrying();
        return true;
    }

    void StartRetrying(TimeSpan dueTime) =>
        _retry ??= this.RegisterGrainTimer(async _ => await CompletePendingAsync(), new GrainTimerCreationOptions(dueTime, RetryInterval) { KeepAlive = true });

    void StopRetrying()
    {
        _retry?.Dispose();
        _retry = null;
    }

    Task<UnitDefinition?> DefinitionOf(UnitId unit) => GrainFactory.GetGrain<IUnitGrain>(unit.Value).GetDefinitionAsync();

    async Task<UnitDefinition?> ParentOf(UnitDefinition? unit) => unit?.ParentId is { } parent ? await DefinitionOf(parent) : null;

    /// <summary>The unit's path from the root, ending with it; empty for no unit.</summary>
    async Task<IReadOnlyList<UnitId>> PathOf(UnitDefinition? unit)
    {
        var path = new List<UnitId>();
        for (var current = unit; current is not null; current = await ParentOf(current))
        {
            if (path.Contains(current.UnitId))
            {
                throw new InvalidOperationException($"The map has a cycle through {current.UnitId}.");
            }
            path.Insert(0, current.UnitId);
        }
        return path;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Map change {Change} could not be written to every unit it touches; it is written again in {Delay}")]
    static partial void LogChangeIncomplete(ILogger logger, Exception exception, string change, TimeSpan delay);
}
