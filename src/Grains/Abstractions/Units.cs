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

    /// <summary>The spans the unit was open before it was last reopened, oldest first.</summary>
    /// <remarks>A definition stored before reopening existed has no such field: its getter answers none.</remarks>
    [Id(8)] public IReadOnlyList<OpenSpan> EarlierSpans { get => field ?? []; init; }

    /// <summary>The unit a closed unit's children went to, when it closed by a merge.</summary>
    [Id(9)] public UnitId? MergedInto { get; init; }

    public bool IsClosed => ClosedOn is not null;

    public bool Equals(UnitDefinition? other) =>
        other is not null && UnitId == other.UnitId && Name == other.Name && Tier == other.Tier && ParentId == other.ParentId
        && OpenedOn == other.OpenedOn && ClosedOn == other.ClosedOn && MergedInto == other.MergedInto && EarlierSpans.SequenceEqual(other.EarlierSpans)
        && Cadences.SequenceEqual(other.Cadences) && Children.SequenceEqual(other.Children);

    public override int GetHashCode() => HashCode.Combine(UnitId, Name, Tier, ParentId, Children.Count);
}

[GenerateSerializer, Immutable, Alias("Changdu.ChildUnit")]
public sealed record ChildUnit(
    [property: Id(0)] UnitId UnitId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Tier)
{
    /// <summary>The first day the child was closed, if it is closed now.</summary>
    [Id(3)] public DateOnly? ClosedOn { get; init; }

    public static ChildUnit Of(UnitDefinition unit) => new(unit.UnitId, unit.Name, unit.Tier) { ClosedOn = unit.ClosedOn };
}

/// <summary>A span a unit was open: from <see cref="OpenedOn"/> (null: since the programme began) to the day before <see cref="ClosedOn"/>.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.OpenSpan")]
public readonly record struct OpenSpan(
    [property: Id(0)] DateOnly? OpenedOn,
    [property: Id(1)] DateOnly ClosedOn);
