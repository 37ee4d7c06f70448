using Microsoft.Extensions.Options;

namespace Changdu.Gateway.Security;

/// <summary>
/// Where a unit sits in the tree: its path from the root, found by walking parent links and
/// cached, since authorisation asks it on every request and the tree changes rarely. The map's
/// version is asked at most every <see cref="MapCheckInterval"/>: when the map changed (through
/// another gateway), every cached path is dropped, so a moved unit is authorised by its new place
/// within seconds, at one call per interval whatever the traffic. The cache keeps the paths asked lately,
/// at most <see cref="PlacesOptions.CacheSize"/>: a gateway that meets every unit of the country does not
/// keep a path for each.
/// </summary>
public sealed partial class UnitPlaces(IGrainFactory grains, TimeProvider clock, IOptions<PlacesOptions> options, ILogger<UnitPlaces> logger)
{
    static readonly TimeSpan Freshness = TimeSpan.FromMinutes(5);
    static readonly TimeSpan MapCheckInterval = TimeSpan.FromSeconds(2);
    // Replaced whole by each Forget: a walk writes only into the cache it began with, so a path walked
    // across a Forget, perhaps of the old map, is never cached in the new one.
    RecentCache<UnitId, Place> _paths = new(options.Value.CacheSize);
    string? _mapVersion;
    long _mapCheckedAtTicks;

    /// <summary>Drops every cached path: the map has changed.</summary>
    public void Forget() => Volatile.Write(ref _paths, new(options.Value.CacheSize));

    /// <summary>Root first, ending with <paramref name="unit"/>; null when there is no such unit.</summary>
    public async Task<IReadOnlyList<UnitId>?> PathAsync(UnitId unit)
    {
        await ForgetIfMapChangedAsync();
        return await CachedPathAsync(Volatile.Read(ref _paths), unit);
    }

    async Task ForgetIfMapChangedAsync()
    {
        var now = clock.GetUtcNow().UtcTicks;
        var checkedAt = Interlocked.Read(ref _mapCheckedAtTicks);
        if (now - checkedAt < MapCheckInterval.Ticks || Interlocked.CompareExchange(ref _mapCheckedAtTicks, now, checkedAt) != checkedAt)
        {
            return;
        }
        string version;
        try
        {
            version = await grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).GetMapVersionAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The request goes on with what is cached (at most Freshness old); the next request asks again.
            Interlocked.Exchange(ref _mapCheckedAtTicks, checkedAt);
            LogMapVersionFailed(logger, exception);
            return;
        }
        if (version != Volatile.Read(ref _mapVersion))
        {
            Volatile.Write(ref _mapVersion, version);
            Forget();
        }
    }

    async Task<IReadOnlyList<UnitId>?> CachedPathAsync(RecentCache<UnitId, Place> paths, UnitId unit)
    {
        if (paths.TryGet(unit, out var cached) && clock.GetUtcNow() - cached.ReadAt < Freshness)
        {
            return cached.Path;
        }
        // From the stored definitions: a path walked through the units' grains woke every cold unit above this one.
        var definition = await grains.GetGrain<IUnitDirectory>(0).GetDefinitionAsync(unit);
        if (definition is null)
        {
            return null;
        }
        IReadOnlyList<UnitId> path = definition.ParentId is { } parent && await CachedPathAsync(paths, parent) is { } above
            ? [.. above, unit]
            : [unit];
        paths.Set(unit, new Place(clock.GetUtcNow(), path));
        return path;
    }

    readonly record struct Place(DateTimeOffset ReadAt, IReadOnlyList<UnitId> Path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask the map's version; cached places in the tree stay until the next check")]
    static partial void LogMapVersionFailed(ILogger logger, Exception exception);

    /// <summary>Paths held now: the cache's size, and at most one more per request racing its turnover.</summary>
    public int CachedCount => Volatile.Read(ref _paths).Count;

    /// <summary>The path as text, "/root/…/unit/", so a subtree is every path that starts with its unit's.</summary>
    public static string Format(IReadOnlyList<UnitId> path) => "/" + string.Join('/', path) + "/";
}

/// <summary>The gateway's cache of units' places in the tree, bound from the "Places" configuration section.</summary>
public sealed class PlacesOptions
{
    public const string Section = "Places";

    /// <summary>Paths kept; about 100 bytes each.</summary>
    [System.ComponentModel.DataAnnotations.Range(2, 10_000_000)]
    public int CacheSize { get; set; } = 100_000;
}
