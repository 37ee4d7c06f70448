using System.Collections.Concurrent;

namespace Changdu.Gateway.Security;

/// <summary>
/// Where a unit sits in the tree: its path from the root, found by walking parent links and
/// cached, since authorisation asks it on every request and the tree changes rarely. The map's
/// version is asked at most every <see cref="MapCheckInterval"/>: when the map changed (through
/// another gateway), every cached path is dropped, so a moved unit is authorised by its new place
/// within seconds, at one call per interval whatever the traffic.
/// </summary>
public sealed class UnitPlaces(IGrainFactory grains, TimeProvider clock)
{
    static readonly TimeSpan Freshness = TimeSpan.FromMinutes(5);
    static readonly TimeSpan MapCheckInterval = TimeSpan.FromSeconds(2);
    readonly ConcurrentDictionary<UnitId, (DateTimeOffset ReadAt, IReadOnlyList<UnitId> Path)> _paths = new();
    string? _mapVersion;
    long _mapCheckedAtTicks;

    /// <summary>Drops every cached path: this gateway has just changed the map.</summary>
    public void Forget() => _paths.Clear();

    /// <summary>Root first, ending with <paramref name="unit"/>; null when there is no such unit.</summary>
    public async Task<IReadOnlyList<UnitId>?> PathAsync(UnitId unit)
    {
        await ForgetIfMapChangedAsync();
        return await CachedPathAsync(unit);
    }

    async Task ForgetIfMapChangedAsync()
    {
        var now = clock.GetUtcNow().UtcTicks;
        var checkedAt = Interlocked.Read(ref _mapCheckedAtTicks);
        if (now - checkedAt < MapCheckInterval.Ticks || Interlocked.CompareExchange(ref _mapCheckedAtTicks, now, checkedAt) != checkedAt)
        {
            return;
        }
        var version = await grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).GetMapVersionAsync();
        if (version != Volatile.Read(ref _mapVersion))
        {
            Volatile.Write(ref _mapVersion, version);
            Forget();
        }
    }

    async Task<IReadOnlyList<UnitId>?> CachedPathAsync(UnitId unit)
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
        IReadOnlyList<UnitId> path = definition.ParentId is { } parent && await CachedPathAsync(parent) is { } above
            ? [.. above, unit]
            : [unit];
        _paths[unit] = (clock.GetUtcNow(), path);
        return path;
    }

    /// <summary>The path as text, "/root/…/unit/", so a subtree is every path that starts with its unit's.</summary>
    public static string Format(IReadOnlyList<UnitId> path) => "/" + string.Join('/', path) + "/";
}
