using System.Collections.Concurrent;

namespace Changdu.Gateway.Security;

/// <summary>
/// Where a unit sits in the tree: its path from the root, found by walking parent links and
/// cached, since authorisation asks it on every request and the tree changes rarely.
/// </summary>
public sealed class UnitPlaces(IGrainFactory grains, TimeProvider clock)
{
    static readonly TimeSpan Freshness = TimeSpan.FromMinutes(5);
    readonly ConcurrentDictionary<UnitId, (DateTimeOffset ReadAt, IReadOnlyList<UnitId> Path)> _paths = new();

    /// <summary>Root first, ending with <paramref name="unit"/>; null when there is no such unit.</summary>
    public async Task<IReadOnlyList<UnitId>?> PathAsync(UnitId unit)
    {
        if (_paths.TryGetValue(unit, out var cached) && clock.GetUtcNow() - cached.ReadAt < Freshness)
        {
            return cached.Path;
        }
        var definition = await grains.GetGrain<IUnitGrain>(unit.Value).GetDefinitionAsync();
        if (definition is null)
        {
            return null;
        }
        IReadOnlyList<UnitId> path = definition.ParentId is { } parent && await PathAsync(parent) is { } above
            ? [.. above, unit]
            : [unit];
        _paths[unit] = (clock.GetUtcNow(), path);
        return path;
    }

    /// <summary>The path as text, "/root/…/unit/", so a subtree is every path that starts with its unit's.</summary>
    public static string Format(IReadOnlyList<UnitId> path) => "/" + string.Join('/', path) + "/";
}
