using System.Text.Json;

/// <summary>
/// The hierarchy file the service was seeded with (deploy/hierarchy/divisions.py's format), read for
/// its units only: a national file lists 665 k units, which listing through the API would take longer
/// than the burst itself.
/// </summary>
sealed class SeedFile(List<SeedFile.Tier> tiers, List<SeedFile.Unit> units)
{
    public sealed record Tier(string Name);

    public sealed record Unit(string UnitId, string Tier, string? ParentId);

    sealed record Document(List<Tier> Tiers, List<Unit> Units);

    public static SeedFile Load(string path)
    {
        using var stream = File.OpenRead(path);
        var document = JsonSerializer.Deserialize<Document>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidDataException($"{path}: not a hierarchy file.");
        return new SeedFile(document.Tiers, document.Units);
    }

    public string Root => units.Single(unit => unit.ParentId is null).UnitId;

    /// <summary>The units of the last tier (village teams): the ones that file weekly reports.</summary>
    public List<string> Leaves() => UnitsOf(tiers[^1].Name).Select(unit => unit.UnitId).ToList();

    /// <summary>The unit of <paramref name="tier"/> with the most units directly below it: the heaviest page of that tier.</summary>
    public string Largest(string tier)
    {
        var children = units.Where(unit => unit.ParentId is not null).CountBy(unit => unit.ParentId!).ToDictionary();
        return UnitsOf(tier).MaxBy(unit => children.GetValueOrDefault(unit.UnitId))?.UnitId
            ?? throw new InvalidDataException($"The hierarchy file has no unit of tier {tier}.");
    }

    /// <summary>
    /// The units reports to <paramref name="teams"/> reach, counted by tier from the top: each team and every unit above
    /// it, once. On a store just restarted, nothing is active, so each is an activation the burst paid for.
    /// </summary>
    public List<(string Tier, int Units)> Reached(IEnumerable<string> teams)
    {
        var byId = units.ToDictionary(unit => unit.UnitId);
        var reached = new HashSet<string>();
        foreach (var team in teams)
        {
            // Above a unit reached already, everything is reached already.
            for (var unit = team; unit is not null && reached.Add(unit); unit = byId[unit].ParentId)
            {
            }
        }
        var perTier = reached.CountBy(unit => byId[unit].Tier).ToDictionary();
        return tiers.Select(tier => (tier.Name, perTier.GetValueOrDefault(tier.Name))).ToList();
    }

    IEnumerable<Unit> UnitsOf(string tier) => units.Where(unit => unit.Tier == tier);
}
