namespace Changdu.Grains.Tests;

/// <summary>A four-tier hierarchy (city → counties → townships → village teams) with ids no other test uses.</summary>
public sealed class TestTree
{
    static int _nextCity = 100;

    public required UnitId City { get; init; }
    public required IReadOnlyList<UnitId> Counties { get; init; }
    public required IReadOnlyList<UnitId> Townships { get; init; }
    public required IReadOnlyList<UnitId> Teams { get; init; }
    public required IReadOnlyDictionary<UnitId, UnitId> ParentOf { get; init; }

    /// <summary>Every unit's definition, parents before their children.</summary>
    public required IReadOnlyList<UnitDefinition> Definitions { get; init; }

    /// <summary>A 3-digit prefix of unit ids that no other test uses.</summary>
    public static string NewPrefix() => Interlocked.Increment(ref _nextCity).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A township whose one team never reports itself: a test offers in the team's place.</summary>
    public static async Task<(IRollupNode Parent, UnitId Child)> ParentOfASilentChildAsync(IGrainFactory grains)
    {
        var prefix = NewPrefix();
        var parent = UnitId.Parse(prefix + "999000000");
        var child = UnitId.Parse(prefix + "999000001");
        await grains.GetGrain<IUnitGrain>(parent.Value).DefineAsync(
            new UnitDefinition(parent, "parent", "township", null, [Cadence.Monthly], [new ChildUnit(child, "silent", "village-team")]));
        return (grains.GetGrain<IRollupNode>(parent.Value), child);
    }

    public static async Task<TestTree> DefineAsync(IGrainFactory grains, int counties = 2, int townshipsPerCounty = 2, int teamsPerTownship = 3)
    {
        var tree = Plan(counties, townshipsPerCounty, teamsPerTownship);
        foreach (var unit in tree.Definitions)
        {
            await grains.GetGrain<IUnitGrain>(unit.UnitId.Value).DefineAsync(unit);
        }
        return tree;
    }

    /// <summary>A new tree's units, not yet defined anywhere.</summary>
    public static TestTree Plan(int counties = 2, int townshipsPerCounty = 2, int teamsPerTownship = 3)
    {
        var city = NewPrefix();
        var definitions = new List<UnitDefinition>();
        var parentOf = new Dictionary<UnitId, UnitId>();
        UnitId Id(int county, int township, int team) => UnitId.Parse($"{city}{county:D3}{township:D3}{team:D3}");

        var cityId = Id(0, 0, 0);
        var countyIds = Enumerable.Range(1, counties).Select(c => Id(c, 0, 0)).ToList();
        var townshipIds = new List<UnitId>();
        var teamIds = new List<UnitId>();
        definitions.Add(Define(cityId, "city", null, [Cadence.HalfYearly], countyIds, "county"));
        foreach (var (county, c) in countyIds.Select((id, i) => (id, i + 1)))
        {
            var townships = Enumerable.Range(1, townshipsPerCounty).Select(t => Id(c, t, 0)).ToList();
            definitions.Add(Define(county, "county", cityId, [Cadence.Quarterly, Cadence.HalfYearly], townships, "township"));
            foreach (var (township, t) in townships.Select((id, i) => (id, i + 1)))
            {
                var teams = Enumerable.Range(1, teamsPerTownship).Select(v => Id(c, t, v)).ToList();
                definitions.Add(Define(township, "township", county, [Cadence.Monthly], teams, "village-team"));
                definitions.AddRange(teams.Select(team => Define(team, "village-team", township, [Cadence.Weekly], [], "")));
                townshipIds.Add(township);
                teamIds.AddRange(teams);
            }
        }
        foreach (var unit in definitions)
        {
            if (unit.ParentId is { } parent)
            {
                parentOf[unit.UnitId] = parent;
            }
        }
        return new TestTree { City = cityId, Counties = countyIds, Townships = townshipIds, Teams = teamIds, ParentOf = parentOf, Definitions = definitions };
    }

    static UnitDefinition Define(UnitId id, string tier, UnitId? parent, Cadence[] cadences, IEnumerable<UnitId> children, string childTier) =>
        new(id, $"{tier} {id}", tier, parent, cadences, children.Select(child => new ChildUnit(child, $"{childTier} {child}", childTier)).ToList());
}
