namespace Changdu.Gateway.Api;

/// <summary>Reads the names a listing shows (cadres, units) once each, in parallel.</summary>
public static class Lookups
{
    /// <summary>The cadres, masked, read once each; null for a cadre no longer found, so a listing shows it as unknown rather than failing.</summary>
    public static async Task<Dictionary<string, CadreView?>> CadresAsync(IGrainFactory grains, IEnumerable<string> cadreIds)
    {
        var ids = cadreIds.Distinct(StringComparer.Ordinal).ToList();
        var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<ICadreGrain>(id).GetAsync(reveal: false)));
        return ids.Zip(views).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);
    }

    public static async Task<Dictionary<UnitId, string>> UnitNamesAsync(IGrainFactory grains, IEnumerable<UnitId> units)
    {
        var ids = units.Distinct().ToList();
        var definitions = await Task.WhenAll(ids.Select(id => grains.GetGrain<IUnitGrain>(id.Value).GetDefinitionAsync()));
        return ids.Zip(definitions).ToDictionary(pair => pair.First, pair => pair.Second?.Name ?? pair.First.Value);
    }
}
