using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Changdu.Grains;

/// <summary>
/// The map (docs/architecture.md §3). A change is planned by <see cref="MapChangeRules"/> from the
/// definitions it touches, numbered, recorded durably as a pending change (with its audit entry) and
/// then written unit by unit; the pending record goes once every unit holds its step. A step the
/// store refuses is written again on a timer, and by the next activation if the silo dies: a change
/// once acknowledged always completes, and no other change starts before it has. A unit applies a
/// step only if its number is above the last it applied, so no replay undoes a later change.
/// </summary>
public sealed partial class HierarchyGrain(IFactStore facts, FactCodec codec, TimeProvider clock, ILogger<HierarchyGrain> logger) : Grain, IHierarchyGrain
{
    const string Owner = "hierarchy";
    const string AppliedKind = "applied";
    const string TiersKind = "tiers";
    const string PendingKind = "pending-change";
    const string SequenceKind = "sequence";
    static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);
    static readonly TimeSpan DepartureWait = TimeSpan.FromSeconds(10);
    static readonly TimeSpan DeparturePoll = TimeSpan.FromMilliseconds(50);

    AppliedHierarchy? _applied;
    IReadOnlyList<TierDefinition> _tiers = [];
    readonly SortedDictionary<long, IReadOnlyList<MapStep>> _pending = [];
    // The number of the last change recorded.
    long _sequence;
    IGrainTimer? _retry;
    // Ticks of this activation's start, then one more per change: unequal to every earlier version a reader may hold.
    long _mapVersion;
    // Which silo is applying a hierarchy file, until when: in memory, as a claim lost with the activation costs only a second writer of the same rows.
    (string Claimant, DateTimeOffset Until)? _seeding;

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
                    var steps = codec.Decode<IReadOnlyList<MapStep>>(row.Payload!);
                    _pending[steps[0].Sequence] = steps;
                    _sequence = Math.Max(_sequence, steps[0].Sequence);
                    break;
                case SequenceKind:
                    _sequence = Math.Max(_sequence, codec.Decode<long>(row.Payload!));
                    break;
            }
        }
        if (_pending.Count > 0)
        {
            StartRetrying(TimeSpan.Zero);
        }
    }

    public Task<AppliedHierarchy?> GetAppliedAsync() => Task.FromResult(_applied);

    public Task<bool> ClaimSeedingAsync(string claimant, TimeSpan lease)
    {
        var now = clock.GetUtcNow();
        if (_seeding is { } held && held.Claimant != claimant && held.Until > now)
        {
            return Task.FromResult(false);
        }
        _seeding = (claimant, now + lease);
        return Task.FromResult(true);
    }

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

    public Task<string> GetMapVersionAsync() => Task.FromResult(_mapVersion.ToString(CultureInfo.InvariantCulture));

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

    public Task<MapChangeResult> RedefineUnitAsync(UnitId unitId, string tier, IReadOnlyList<Cadence> cadences, DateOnly? openedOn) =>
        ChangeAsync(unitId, "redefine-unit", async stamp =>
        {
            var unit = await DefinitionOf(unitId);
            return MapChangeRules.Redefine(unit, await ParentOf(unit), tier, cadences, openedOn, stamp);
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
        var sequence = _sequence + 1;
        var template = new MapChangeEntry(sequence.ToString("D12", CultureInfo.InvariantCulture), default, clock.GetUtcNow(), stamp?.Actor ?? "system", null) { ByUnit = stamp?.ActorUnit };
        var planned = await plan(template);
        if (planned.Steps.Count == 0)
        {
            return new MapChangeResult(planned.Outcome, await DefinitionOf(subject), planned.Detail);
        }
        var steps = planned.Steps.Select(step => step with { Sequence = sequence }).ToList();
        var audit = stamp is null ? null : AuditRecord.Of(stamp, MapOutcome.Applied.ToString());
        await facts.WriteDurablyAsync([
            new FactRow(Owner, PendingKind, template.ChangeId, codec.Encode<IReadOnlyList<MapStep>>(steps)),
            new FactRow(Owner, SequenceKind, "", codec.Encode(sequence))], audit, DeactivateOnIdle);
        _sequence = sequence;
        _pending[sequence] = steps;
        _mapVersion++;
        if (planned.Departure is { } departure)
        {
            await DepartAsync(departure, steps[0]);
        }
        var outcome = await CompletePendingAsync() ? MapOutcome.Applied : MapOutcome.Applying;
        var result = steps.First(step => step.Definition.UnitId == subject).Definition;
        return new MapChangeResult(outcome, result, outcome == MapOutcome.Applying
            ? "The change is recorded; a unit it touches could not be written yet, and the change completes on its own." : null);
    }

    /// <summary>
    /// Writes the old parent's step, then waits (a while at most) until the common ancestor of the old
    /// and the new parent counts the leaving units no more, so they never count twice on the way. A
    /// failure here is left to the pending change's writing, which follows.
    /// </summary>
    async Task DepartAsync(MapChangeRules.Departure departure, MapStep leaving)
    {
        try
        {
            var from = await PathOf(await DefinitionOf(departure.From));
            var to = await PathOf(await DefinitionOf(departure.To));
            var common = from.Zip(to).TakeWhile(pair => pair.First == pair.Second).Count();
            if (common == 0 || common == from.Count)
            {
                // No common ancestor, or the old parent is it: its own step takes the units off at once.
                await GrainFactory.GetGrain<IUnitGrain>(leaving.Definition.UnitId.Value).ApplyMapStepAsync(leaving);
                return;
            }
            var ancestor = GrainFactory.GetGrain<IRollupNode>(from[common - 1].Value);
            var branch = from[common];
            var leavingUnits = (await GrainFactory.GetGrain<IRollupNode>(departure.From.Value).GetRollupAsync(null))?.Children
                .Where(child => departure.Units.Contains(child.UnitId)).Sum(child => child.Units) ?? 0;
            var before = await BranchUnitsAsync(ancestor, branch);
            await GrainFactory.GetGrain<IUnitGrain>(leaving.Definition.UnitId.Value).ApplyMapStepAsync(leaving);
            var deadline = clock.GetUtcNow() + DepartureWait;
            while (await BranchUnitsAsync(ancestor, branch) > before - leavingUnits)
            {
                if (clock.GetUtcNow() > deadline)
                {
                    LogDepartureSlow(logger, departure.From, from[common - 1], DepartureWait);
                    return;
                }
                await Task.Delay(DeparturePoll, clock);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogDepartureFailed(logger, exception, departure.From);
        }
    }

    static async Task<long> BranchUnitsAsync(IRollupNode ancestor, UnitId branch) =>
        (await ancestor.GetRollupAsync(null))?.Children.FirstOrDefault(child => child.UnitId == branch)?.Units ?? 0;

    /// <summary>Writes every pending change's steps again, in order; false when one still fails (it is retried on a timer).</summary>
    async Task<bool> CompletePendingAsync()
    {
        while (_pending.Count > 0)
        {
            var (sequence, steps) = _pending.First();
            try
            {
                foreach (var step in steps)
                {
                    await GrainFactory.GetGrain<IUnitGrain>(step.Definition.UnitId.Value).ApplyMapStepAsync(step);
                }
                await facts.WriteAsync([new FactRow(Owner, PendingKind, steps[0].Entry.ChangeId, null)]);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogChangeIncomplete(logger, exception, sequence, RetryInterval);
                StartRetrying(RetryInterval);
                return false;
            }
            _pending.Remove(sequence);
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
    static partial void LogChangeIncomplete(ILogger logger, Exception exception, long change, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Units leaving {From} were not off {Ancestor}'s figures within {Wait}; they arrive at their new parent anyway and may count twice there for a moment")]
    static partial void LogDepartureSlow(ILogger logger, UnitId from, UnitId ancestor, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not watch units leave {From}; the change goes on")]
    static partial void LogDepartureFailed(ILogger logger, Exception exception, UnitId from);
}
