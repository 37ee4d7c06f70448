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
    /// <summary>The first day the unit was open, when it opened after the programme began.</summary>
    [Id(6)] public DateOnly? OpenedOn { get; init; }

    /// <summary>The first day the unit was closed, if it has closed.</summary>
    [Id(7)] public DateOnly? ClosedOn { get; init; }

    public bool Equals(UnitDefinition? other) =>
        other is not null && UnitId == other.UnitId && Name == other.Name && Tier == other.Tier && ParentId == other.ParentId
        && OpenedOn == other.OpenedOn && ClosedOn == other.ClosedOn
        && Cadences.SequenceEqual(other.Cadences) && Children.SequenceEqual(other.Children);

    public override int GetHashCode() => HashCode.Combine(UnitId, Name, Tier, ParentId, Children.Count);
}

[GenerateSerializer, Immutable, Alias("Changdu.ChildUnit")]
public sealed record ChildUnit(
    [property: Id(0)] UnitId UnitId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Tier);
