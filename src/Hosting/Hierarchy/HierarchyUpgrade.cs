using Microsoft.Extensions.Logging;

namespace Changdu.Hosting.Hierarchy;

/// <summary>
/// Applies a newer hierarchy file to a store seeded with an older one as the changes an office
/// could make through the API (docs/architecture.md §3): units the file adds are opened, renamed
/// ones renamed, units under another parent moved, units it closes or no longer lists closed,
/// closed ones it lists open reopened, other tiers, cadences or opening days redefined. Each change
/// goes through the map grain, so it is kept in the units' history and audited as the file's.
/// Re-running it after an interruption makes only the changes still missing. A change the map
/// refuses (the file contradicts what offices did meanwhile) is logged and left, not retried for
/// ever: the rest of the file still applies.
/// </summary>
/// <param name="root">The root the file's changes are audited under, where the city's office reads them.</param>
public sealed partial class HierarchyUpgrade(IGrainFactory grains, DateOnly today, int version, UnitId root, ILogger logger)
{
    readonly IHierarchyGrain _map = grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key);

    public async Task ApplyAsync(IReadOnlyList<UnitDefinition> file, CancellationToken cancellationToken)
    {
        var byId = file.ToDictionary(unit => unit.UnitId);
        var listed = new List<UnitDefinition>();
        foreach (var unit in TopDown(file))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = await DefinitionOf(unit.UnitId);
            if (current is null && unit.ParentId is null)
            {
                await grains.GetGrain<IUnitGrain>(unit.UnitId.Value).DefineAsync(unit with { Children = [] });
            }
            else if (current is null)
            {
                Expect(unit.UnitId, await AsFile(unit, map => map.AddUnitAsync(unit.ParentId!.Value, new NewUnit(unit.UnitId, unit.Name, unit.Tier, unit.OpenedOn ?? today))));
            }
            else
            {
                if (unit.ClosedOn is null && current.IsClosed)
                {
                    Expect(unit.UnitId, await AsFile(unit, map => map.ReopenUnitAsync(unit.UnitId, today)));
                }
                if (unit.ParentId is { } parent && current.ParentId != parent)
                {
                    Expect(unit.UnitId, await AsFile(unit, map => map.MoveUnitAsync(unit.UnitId, parent, today)));
                }
                if (current.Name != unit.Name)
                {
                    Expect(unit.UnitId, await AsFile(unit, map => map.RenameUnitAsync(unit.UnitId, unit.Name)));
                }
                // A unit reopened through the API keeps the day it reopened: the file's opening day is its first.
                var openedOn = current.EarlierSpans.Count > 0 ? current.OpenedOn : unit.OpenedOn;
                if (current.Tier != unit.Tier || !current.Cadences.SequenceEqual(unit.Cadences) || current.OpenedOn != openedOn)
                {
                    Expect(unit.UnitId, await AsFile(unit, map => map.RedefineUnitAsync(unit.UnitId, unit.Tier, unit.Cadences, openedOn)));
                }
            }
            listed.Add(unit);
        }
        // Closing goes bottom-up, so a unit's children are closed before it: units the file closes, and every unit it no longer lists.
        var closing = new List<(UnitId Unit, DateOnly ClosedOn)>();
        foreach (var unit in listed)
        {
            if (unit.ClosedOn is { } closedOn)
            {
                closing.Add((unit.UnitId, closedOn));
            }
            foreach (var dropped in (await DefinitionOf(unit.UnitId))!.Children.Where(child => !byId.ContainsKey(child.UnitId)))
            {
                await AddSubtreeAsync(dropped.UnitId, closing);
            }
        }
        foreach (var (unit, closedOn) in Enumerable.Reverse(closing))
        {
            if (await DefinitionOf(unit) is { IsClosed: false })
            {
                Expect(unit, await AsFile(byId.GetValueOrDefault(unit), map => map.CloseUnitAsync(unit, closedOn, null)));
            }
        }
    }

    /// <summary>The unit and every unit below it, parents before children, each to close today.</summary>
    async Task AddSubtreeAsync(UnitId unit, List<(UnitId, DateOnly)> closing)
    {
        closing.Add((unit, today));
        foreach (var child in (await DefinitionOf(unit))?.Children ?? [])
        {
            await AddSubtreeAsync(child.UnitId, closing);
        }
    }

    /// <summary>Makes the change as the file's, so history and the audit trail name the file.</summary>
    async Task<MapChangeResult> AsFile(UnitDefinition? unit, Func<IHierarchyGrain, Task<MapChangeResult>> change)
    {
        var stamp = new AuditStamp($"hierarchy file version {version}", "operator", root.Value, "apply-hierarchy",
            unit?.UnitId.Value ?? root.Value, $"/{root}/", $"version {version}", $"hierarchy-{version}", DateTimeOffset.UtcNow);
        using (stamp.Attach())
        {
            return await change(_map);
        }
    }

    /// <summary>The number of changes the file asked that the map refused.</summary>
    public int Refused { get; private set; }

    void Expect(UnitId unit, MapChangeResult result)
    {
        if (result.Outcome == MapOutcome.EarlierChangeUnderWay)
        {
            // The store is failing under a change: the seeder retries the whole file later.
            throw new InvalidOperationException(result.Detail);
        }
        if (!result.IsAccepted)
        {
            Refused++;
            LogRefused(logger, version, unit, result.Outcome, result.Detail);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Hierarchy file version {Version} asks a change of unit {Unit} the map refuses ({Outcome}): {Detail}; the rest of the file applies")]
    static partial void LogRefused(ILogger logger, int version, UnitId unit, MapOutcome outcome, string? detail);

    Task<UnitDefinition?> DefinitionOf(UnitId unit) => grains.GetGrain<IUnitGrain>(unit.Value).GetDefinitionAsync();

    /// <summary>Parents before their children.</summary>
    static IEnumerable<UnitDefinition> TopDown(IReadOnlyList<UnitDefinition> units)
    {
        var childrenOf = units.Where(unit => unit.ParentId is not null).ToLookup(unit => unit.ParentId!.Value);
        var queue = new Queue<UnitDefinition>(units.Where(unit => unit.ParentId is null));
        while (queue.TryDequeue(out var unit))
        {
            yield return unit;
            foreach (var child in childrenOf[unit.UnitId])
            {
                queue.Enqueue(child);
            }
        }
    }
}
