using Changdu.Gateway.Security;

namespace Changdu.Gateway.Api;

/// <summary>Reads what a listing or an export shows beside its own figures: cadres once each, in parallel; a unit's name.</summary>
public static class Lookups
{
    /// <summary>The cadres, masked, read once each; null for a cadre no longer found, so a listing shows it as unknown rather than failing.</summary>
    public static async Task<Dictionary<string, CadreView?>> CadresAsync(IGrainFactory grains, IEnumerable<string> cadreIds)
    {
        var ids = cadreIds.Distinct(StringComparer.Ordinal).ToList();
        var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<ICadreGrain>(id).GetAsync(reveal: false)));
        return ids.Zip(views).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);
    }

    /// <summary>The first root of the map, which names the city-wide tables' files; null before the map is seeded.</summary>
    public static async Task<UnitRef?> RootAsync(IGrainFactory grains)
    {
        var roots = (await grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).GetAppliedAsync())?.Roots ?? [];
        var root = roots.Count > 0 ? await grains.GetGrain<IUnitGrain>(roots[0].Value).GetDefinitionAsync() : null;
        return root is null ? null : new UnitRef(root.UnitId, root.Name, root.Tier);
    }

    /// <summary>The unit's name for an export's file name; its code when the unit is gone meanwhile.</summary>
    public static async Task<string> UnitNameAsync(IGrainFactory grains, RouteUnit unit) =>
        (await grains.GetGrain<IUnitGrain>(unit.Key).GetDefinitionAsync())?.Name ?? unit.Key;
}
