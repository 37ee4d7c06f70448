namespace Changdu.Hosting.Hierarchy;

/// <summary>
/// Applies a newer hierarchy file to a store seeded with an older one as the changes an office
/// could make through the API (docs/architecture.md §3): units the file adds are opened, renamed
/// ones renamed, units under another parent moved, units it closes or no longer lists closed,
/// closed ones it lists open reopened. Each change goes through the map grain, so it is kept in the
/// units' history and audited as the file's. Re-running it after an interruption makes only the
/// changes still missing.
/// </summary>
/// <param name="root">The root the file's changes are audited under, where the city's office reads them.</param>
public sealed class HierarchyUpgrade(IGrainFactory grains, DateOnly today, int version, UnitId root)
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
                Expect(await AsFile(unit, map => map.AddUnitAsync(unit.ParentId!.Value, new NewUnit(unit.UnitId, unit.Name, unit.Tier, unit.OpenedOn ?? today))));
            }
            else
            {
                if (unit.ParentId is { } parent && current.ParentId != parent)
                {
                    Expect(await AsFile(unit, map => map.MoveUnitAsync(unit.UnitId, parent, today)));
                }
                if (current.Name != unit.Name)
                {
                    Expect(await AsFile(unit, map => map.RenameUnitAsync(unit.UnitId, unit.Name)));
                }
                if (unit.ClosedOn is null && current.IsClosed)
                {
                    Expect(await AsFile(unit, map => map.ReopenUnitAsync(unit.UnitId, today)));
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
                Expect(await AsFile(byId.GetValueOrDefault(unit), map => map.CloseUnitAsync(unit, closedOn, null)));
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

    static void Expect(MapChangeResult result)
    {
        if (!result.IsAccepted)
        {
            throw new InvalidDataException($"The hierarchy file asks a change the map refuses ({result.Outcome}): {result.Detail}");
        }
    }

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
