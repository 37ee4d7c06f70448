namespace Changdu.Gateway.Api;

/// <summary>Reads the cadres a listing shows once each, in parallel.</summary>
public static class Lookups
{
    /// <summary>The cadres, masked, read once each; null for a cadre no longer found, so a listing shows it as unknown rather than failing.</summary>
    public static async Task<Dictionary<string, CadreView?>> CadresAsync(IGrainFactory grains, IEnumerable<string> cadreIds)
    {
        var ids = cadreIds.Distinct(StringComparer.Ordinal).ToList();
        var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<ICadreGrain>(id).GetAsync(reveal: false)));
        return ids.Zip(views).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);
    }
}
