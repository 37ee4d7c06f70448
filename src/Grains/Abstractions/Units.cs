namespace Changdu;

/// <summary>A unit of the hierarchy as data: depth and tiers come from the hierarchy file, not from code.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.UnitDefinition")]
public sealed record UnitDefinition(
    [property: Id(0)] UnitId UnitId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Tier,
    [property: Id(3)] UnitId? ParentId,
    [property: Id(4)] IReadOnlyList<Cadence> Cadences,
    [property: Id(5)] IReadOnlyList<ChildUnit> Children)
{
    public bool Equals(UnitDefinition? other) =>
        other is not null && UnitId == other.UnitId && Name == other.Name && Tier == other.Tier && ParentId == other.ParentId
        && Cadences.SequenceEqual(other.Cadences) && Children.SequenceEqual(other.Children);

    public override int GetHashCode() => HashCode.Combine(UnitId, Name, Tier, ParentId, Children.Count);
}

[GenerateSerializer, Immutable, Alias("Changdu.ChildUnit")]
public sealed record ChildUnit(
    [property: Id(0)] UnitId UnitId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Tier);
