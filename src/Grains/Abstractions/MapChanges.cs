namespace Changdu;

/// <summary>
/// One entry of a unit's history: a change of the map that touched the unit, who made it, when it
/// was recorded and from which day it holds (docs/architecture.md §3). The id is the change's
/// sequence number on the map, so a unit's history reads in the order the changes were made.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.MapChangeEntry")]
public sealed record MapChangeEntry(
    [property: Id(0)] string ChangeId,
    [property: Id(1)] MapChangeKind Kind,
    [property: Id(2)] DateTimeOffset RecordedAt,
    [property: Id(3)] string By,
    [property: Id(4)] DateOnly? EffectiveOn)
{
    /// <summary>The name before a rename.</summary>
    [Id(5)] public string? FormerName { get; init; }

    /// <summary>The name after the change.</summary>
    [Id(6)] public string? Name { get; init; }

    /// <summary>The parent before a move.</summary>
    [Id(7)] public UnitId? FormerParentId { get; init; }

    /// <summary>The parent after an opening or a move.</summary>
    [Id(8)] public UnitId? ParentId { get; init; }

    /// <summary>The unit a closed unit's children went to.</summary>
    [Id(9)] public UnitId? MergedInto { get; init; }

    /// <summary>The children that came or went, for an entry of a parent.</summary>
    [Id(10)] public IReadOnlyList<UnitId> Children { get => field ?? []; init; }

    /// <summary>The unit of the office (or the file) that made the change.</summary>
    [Id(11)] public string? ByUnit { get; init; }
}

public enum MapChangeKind
{
    Opened,
    Renamed,
    Moved,
    Closed,
    Reopened,

    /// <summary>A parent's entry: a unit opened under it.</summary>
    ChildAdded,

    /// <summary>A parent's entry: units moved away from it, or were merged away with it.</summary>
    ChildrenLeft,

    /// <summary>A parent's entry: units moved under it, or came with a merge.</summary>
    ChildrenJoined,

    ChildRenamed,
    ChildClosed,
    ChildReopened,

    /// <summary>A newer hierarchy file gave the unit another tier, other cadences or another opening day.</summary>
    Redefined,
}

/// <summary>A unit to open under a parent; its cadences are its tier's.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.NewUnit")]
public sealed record NewUnit(
    [property: Id(0)] UnitId UnitId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Tier,
    [property: Id(3)] DateOnly OpenedOn)
{
    public const int MaxNameLength = 100;
}

public enum MapOutcome
{
    Applied,

    /// <summary>The change is recorded durably, but a unit it touches could not be written yet: it completes on its own.</summary>
    Applying,

    /// <summary>The map already is as asked (a repeated request).</summary>
    AlreadyApplied,
    UnknownUnit,
    UnknownParent,
    UnknownMergeTarget,
    UnitIdTaken,
    TierDoesNotFit,
    IntoOwnSubtree,
    DateOutOfOrder,
    UnitClosed,
    UnitNotClosed,
    ParentClosed,
    HasOpenChildren,
    RootCannotChange,

    /// <summary>An earlier change is still being written (its units' store is failing): nothing else changes until it is done.</summary>
    EarlierChangeUnderWay,
}

[GenerateSerializer, Immutable, Alias("Changdu.MapChangeResult")]
public sealed record MapChangeResult(
    [property: Id(0)] MapOutcome Outcome,
    [property: Id(1)] UnitDefinition? Unit,
    [property: Id(2)] string? Detail)
{
    public bool IsAccepted => Outcome is MapOutcome.Applied or MapOutcome.Applying or MapOutcome.AlreadyApplied;
}

/// <summary>A tier of the hierarchy file, in the file's order: a unit's children are of the next tier.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.TierDefinition")]
public sealed record TierDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<Cadence> Cadences);

/// <summary>
/// One write of a map change: a unit's definition as the change leaves it, and the entry it adds to
/// the unit's history. <see cref="Sequence"/> is the change's number on the map: a unit applies a
/// step only if it is later than the last it applied, so a step written again after a crash never
/// undoes a later change.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.MapStep")]
public sealed record MapStep(
    [property: Id(0)] UnitDefinition Definition,
    [property: Id(1)] MapChangeEntry Entry)
{
    [Id(2)] public long Sequence { get; init; }
}
