using Changdu.Hosting.Hierarchy;

namespace Changdu.Testing;

/// <summary>The seeded Changdu hierarchy, to pick units from.</summary>
public static class Seeded
{
    public const string City = "540300000000";

    static readonly IReadOnlyList<UnitEntry> Units = HierarchyDocument.Load(null).Units;

    public static IReadOnlyList<string> Counties { get; } = Of("county");
    public static IReadOnlyList<string> Townships { get; } = Of("township");
    public static IReadOnlyList<string> Teams { get; } = Of("village-team");

    public static string TierOf(string unitId) => Units.Single(unit => unit.UnitId == unitId).Tier;

    public static string ParentOf(string unitId) => Units.Single(unit => unit.UnitId == unitId).ParentId!;

    static List<string> Of(string tier) => Units.Where(unit => unit.Tier == tier).Select(unit => unit.UnitId).ToList();
}
