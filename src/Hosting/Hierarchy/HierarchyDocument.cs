using System.Text.Json;
using System.Text.Json.Serialization;

namespace Changdu.Hosting.Hierarchy;

/// <summary>The versioned hierarchy file (deploy/hierarchy/changdu.json): tiers with their cadences, and units with parent links.</summary>
public sealed record HierarchyDocument(int Version, IReadOnlyList<TierEntry> Tiers, IReadOnlyList<UnitEntry> Units)
{
    const string EmbeddedName = "Changdu.Hierarchy.changdu.json";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    /// <summary>The file at <paramref name="path"/>, or the Changdu hierarchy built into the silo when no path is given.</summary>
    public static HierarchyDocument Load(string? path)
    {
        using var stream = string.IsNullOrEmpty(path)
            ? typeof(HierarchyDocument).Assembly.GetManifestResourceStream(EmbeddedName)!
            : File.OpenRead(path);
        return JsonSerializer.Deserialize<HierarchyDocument>(stream, Json)
            ?? throw new InvalidDataException("The hierarchy file is empty.");
    }

    /// <summary>The tiers in the file's order, each with its cadences.</summary>
    public IReadOnlyList<TierDefinition> TierDefinitions() =>
        Tiers.Select(tier => new TierDefinition(tier.Name, tier.Cadences.Select(Cadences.Parse).ToList())).ToList();

    /// <summary>Every unit's definition, children and cadences resolved; throws with a sentence when the file is inconsistent.</summary>
    public IReadOnlyList<UnitDefinition> ToDefinitions()
    {
        var cadencesByTier = Tiers.ToDictionary(tier => tier.Name, tier => (IReadOnlyList<Cadence>)tier.Cadences.Select(Cadences.Parse).ToList());
        var byId = new Dictionary<UnitId, UnitEntry>();
        foreach (var unit in Units)
        {
            var id = ParseId(unit.UnitId);
            if (!byId.TryAdd(id, unit))
            {
                throw Invalid($"unit {unit.UnitId} appears twice");
            }
            if (!cadencesByTier.ContainsKey(unit.Tier))
            {
                throw Invalid($"unit {unit.UnitId} has tier '{unit.Tier}', which the file does not define");
            }
            if (string.IsNullOrWhiteSpace(unit.Name))
            {
                throw Invalid($"unit {unit.UnitId} has no name");
            }
            if (unit.OpenedOn >= unit.ClosedOn)
            {
                throw Invalid($"unit {unit.UnitId} closes before it opens");
            }
        }
        var childrenOf = Units
            .Where(unit => unit.ParentId is not null)
            .GroupBy(unit => ParseId(unit.ParentId))
            .ToDictionary(group => group.Key, group => group.Select(child => new ChildUnit(ParseId(child.UnitId), child.Name, child.Tier) { ClosedOn = child.ClosedOn }).ToList());
        foreach (var parent in childrenOf.Keys.Where(parent => !byId.ContainsKey(parent)))
        {
            throw Invalid($"unit {parent} is named as a parent but not defined");
        }
        foreach (var unit in Units)
        {
            EnsureReachesRoot(ParseId(unit.UnitId), byId);
        }

        return Units.Select(unit => new UnitDefinition(
                ParseId(unit.UnitId),
                unit.Name,
                unit.Tier,
                unit.ParentId is null ? null : ParseId(unit.ParentId),
                cadencesByTier[unit.Tier],
                childrenOf.GetValueOrDefault(ParseId(unit.UnitId)) ?? [])
            {
                OpenedOn = unit.OpenedOn,
                ClosedOn = unit.ClosedOn,
            })
            .ToList();
    }

    static void EnsureReachesRoot(UnitId start, Dictionary<UnitId, UnitEntry> byId)
    {
        var seen = new HashSet<UnitId>();
        for (var current = byId[start]; current.ParentId is not null; current = byId[ParseId(current.ParentId)])
        {
            if (!seen.Add(ParseId(current.UnitId)))
            {
                throw Invalid($"unit {start} is its own ancestor");
            }
        }
    }

    static UnitId ParseId(string? text) =>
        UnitId.TryParse(text, out var id) ? id : throw Invalid($"'{text}' is not a {UnitId.Length}-digit unit id");

    static InvalidDataException Invalid(string problem) => new($"The hierarchy file is inconsistent: {problem}.");
}

public sealed record TierEntry(string Name, IReadOnlyList<string> Cadences);

/// <summary>A unit of the file; <c>openedOn</c> and <c>closedOn</c> (first day closed) only for units that opened or closed during the programme.</summary>
public sealed record UnitEntry(string UnitId, string Name, string Tier, string? ParentId, DateOnly? OpenedOn = null, DateOnly? ClosedOn = null);
