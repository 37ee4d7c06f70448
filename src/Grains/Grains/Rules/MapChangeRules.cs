namespace Changdu.Grains;

/// <summary>
/// Whether a change of the map may be made, and the writes that make it (docs/architecture.md §3).
/// Every change is planned from the definitions it touches as they stand, so its writes are
/// idempotent and a change interrupted midway is completed by writing them again. Children leave
/// their old parent before they reach the new one: while a change is under way an ancestor may
/// miss a unit for a moment, but never counts it twice.
/// </summary>
public static class MapChangeRules
{
    /// <summary>
    /// What a plan does: a refusal with its reason, or the writes in order. A plan that takes units
    /// from one parent to another names them in <see cref="Departure"/>: its first step is the old
    /// parent's, and the map lets that removal reach the common ancestor before the units arrive.
    /// </summary>
    public sealed record Plan(MapOutcome Outcome, string? Detail, IReadOnlyList<MapStep> Steps)
    {
        public Departure? Departure { get; init; }

        public static Plan Refused(MapOutcome outcome, string detail) => new(outcome, detail, []);

        public static Plan Unchanged(string detail) => new(MapOutcome.AlreadyApplied, detail, []);
    }

    /// <summary>Units leaving <paramref name="From"/> for <paramref name="To"/>.</summary>
    public sealed record Departure(UnitId From, UnitId To, IReadOnlyList<UnitId> Units);

    public static Plan Add(UnitDefinition? parent, UnitDefinition? existing, NewUnit unit, IReadOnlyList<TierDefinition> tiers, MapChangeEntry stamp)
    {
        if (parent is null)
        {
            return Plan.Refused(MapOutcome.UnknownParent, "There is no such parent unit.");
        }
        if (existing is not null)
        {
            return existing.ParentId == parent.UnitId && existing.Name == unit.Name && existing.Tier == unit.Tier && existing.OpenedOn == unit.OpenedOn
                ? Plan.Unchanged($"{unit.UnitId} is already open under {parent.UnitId}.")
                : Plan.Refused(MapOutcome.UnitIdTaken, $"Unit id {unit.UnitId} is taken by {existing.Name} ({existing.Tier}).");
        }
        if (ChildTier(parent, tiers) is not { } tier || tier.Name != unit.Tier)
        {
            return Plan.Refused(MapOutcome.TierDoesNotFit, TierDetail(parent, unit.Tier, tiers));
        }
        if (parent.IsClosed)
        {
            return Plan.Refused(MapOutcome.ParentClosed, $"{parent.Name} closed on {parent.ClosedOn:yyyy-MM-dd}; reopen it first.");
        }
        if (parent.OpenedOn is { } parentOpened && unit.OpenedOn < parentOpened)
        {
            return Plan.Refused(MapOutcome.DateOutOfOrder, $"{parent.Name} opened on {parentOpened:yyyy-MM-dd}; a unit under it cannot open before.");
        }
        var added = new UnitDefinition(unit.UnitId, unit.Name, unit.Tier, parent.UnitId, tier.Cadences, []) { OpenedOn = unit.OpenedOn };
        return Steps(
            new MapStep(added, stamp with { Kind = MapChangeKind.Opened, EffectiveOn = unit.OpenedOn, Name = unit.Name, ParentId = parent.UnitId }),
            new MapStep(parent with { Children = [.. parent.Children, ChildUnit.Of(added)] },
                stamp with { Kind = MapChangeKind.ChildAdded, EffectiveOn = unit.OpenedOn, Children = [unit.UnitId] }));
    }

    public static Plan Rename(UnitDefinition? unit, UnitDefinition? parent, string name, MapChangeEntry stamp)
    {
        if (unit is null)
        {
            return Plan.Refused(MapOutcome.UnknownUnit, "There is no such unit.");
        }
        if (unit.Name == name)
        {
            return Plan.Unchanged($"{unit.UnitId} is already named {name}.");
        }
        var renamed = unit with { Name = name };
        var steps = new List<MapStep> { new(renamed, stamp with { Kind = MapChangeKind.Renamed, FormerName = unit.Name, Name = name }) };
        if (parent is not null)
        {
            steps.Add(new MapStep(parent with { Children = Replace(parent.Children, renamed) }, stamp with { Kind = MapChangeKind.ChildRenamed, Children = [unit.UnitId], Name = name, FormerName = unit.Name }));
        }
        return new Plan(MapOutcome.Applied, null, steps);
    }

    /// <param name="parentPath">The new parent's path from the root, ending with it.</param>
    public static Plan Move(UnitDefinition? unit, UnitDefinition? formerParent, UnitDefinition? parent, IReadOnlyList<UnitId> parentPath,
        IReadOnlyList<TierDefinition> tiers, DateOnly effectiveOn, MapChangeEntry stamp)
    {
        if (unit is null)
        {
            return Plan.Refused(MapOutcome.UnknownUnit, "There is no such unit.");
        }
        if (parent is null)
        {
            return Plan.Refused(MapOutcome.UnknownParent, "There is no such parent unit.");
        }
        if (unit.ParentId == parent.UnitId)
        {
            return Plan.Unchanged($"{unit.Name} is already under {parent.Name}.");
        }
        if (parentPath.Contains(unit.UnitId))
        {
            return Plan.Refused(MapOutcome.IntoOwnSubtree, $"{parent.Name} lies within {unit.Name}'s own subtree; a unit cannot move under itself.");
        }
        if (ChildTier(parent, tiers)?.Name != unit.Tier)
        {
            return Plan.Refused(MapOutcome.TierDoesNotFit, TierDetail(parent, unit.Tier, tiers));
        }
        if (unit.IsClosed)
        {
            return Plan.Refused(MapOutcome.UnitClosed, $"{unit.Name} closed on {unit.ClosedOn:yyyy-MM-dd}; reopen it before moving it.");
        }
        if (parent.IsClosed)
        {
            return Plan.Refused(MapOutcome.ParentClosed, $"{parent.Name} closed on {parent.ClosedOn:yyyy-MM-dd}; a unit cannot move under it.");
        }
        if (unit.OpenedOn is { } opened && effectiveOn < opened)
        {
            return Plan.Refused(MapOutcome.DateOutOfOrder, $"{unit.Name} opened on {opened:yyyy-MM-dd}; it cannot move before.");
        }
        if (parent.OpenedOn is { } parentOpened && effectiveOn < parentOpened)
        {
            return Plan.Refused(MapOutcome.DateOutOfOrder, $"{parent.Name} opened on {parentOpened:yyyy-MM-dd}; nothing can move under it before.");
        }
        var moved = unit with { ParentId = parent.UnitId };
        var arrival = new List<MapStep>
        {
            new(moved, stamp with { Kind = MapChangeKind.Moved, EffectiveOn = effectiveOn, FormerParentId = formerParent?.UnitId, ParentId = parent.UnitId }),
            new(parent with { Children = [.. parent.Children, ChildUnit.Of(moved)] },
                stamp with { Kind = MapChangeKind.ChildrenJoined, EffectiveOn = effectiveOn, Children = [unit.UnitId], FormerParentId = formerParent?.UnitId }),
        };
        // A root taken under a new root (a city's file grown to its province's) leaves no parent behind.
        if (formerParent is null)
        {
            return new Plan(MapOutcome.Applied, null, arrival);
        }
        return new Plan(MapOutcome.Applied, null, [
            new MapStep(formerParent with { Children = [.. formerParent.Children.Where(child => child.UnitId != unit.UnitId)] },
                stamp with { Kind = MapChangeKind.ChildrenLeft, EffectiveOn = effectiveOn, Children = [unit.UnitId], ParentId = parent.UnitId }),
            .. arrival])
        {
            Departure = new Departure(formerParent.UnitId, parent.UnitId, [unit.UnitId]),
        };
    }

    /// <param name="children">The unit's children's definitions, for a merge: they move to <paramref name="mergeTarget"/>.</param>
    public static Plan Close(UnitDefinition? unit, UnitDefinition? parent, DateOnly closedOn, UnitId? mergedInto, UnitDefinition? mergeTarget,
        IReadOnlyList<UnitDefinition> children, MapChangeEntry stamp)
    {
        if (unit is null)
        {
            return Plan.Refused(MapOutcome.UnknownUnit, "There is no such unit.");
        }
        if (unit.IsClosed)
        {
            return unit.ClosedOn == closedOn && unit.MergedInto == mergedInto
                ? Plan.Unchanged($"{unit.Name} is already closed from {closedOn:yyyy-MM-dd}.")
                : Plan.Refused(MapOutcome.UnitClosed, $"{unit.Name} closed on {unit.ClosedOn:yyyy-MM-dd} already.");
        }
        if (parent is null)
        {
            return Plan.Refused(MapOutcome.RootCannotChange, $"{unit.Name} is a root of the tree; it cannot close.");
        }
        if (closedOn <= (unit.OpenedOn ?? DateOnly.MinValue) || unit.EarlierSpans.Any(span => closedOn <= span.ClosedOn))
        {
            return Plan.Refused(MapOutcome.DateOutOfOrder, $"{unit.Name} opened on {unit.OpenedOn:yyyy-MM-dd}; it can close from the day after.");
        }
        var closed = unit with { ClosedOn = closedOn };
        if (mergedInto is null)
        {
            if (unit.Children.FirstOrDefault(child => child.ClosedOn is null) is { } open)
            {
                return Plan.Refused(MapOutcome.HasOpenChildren, $"{open.Name} and maybe more units under {unit.Name} are open: close or move them first, or merge {unit.Name} into another unit.");
            }
            return Steps(
                new MapStep(closed, stamp with { Kind = MapChangeKind.Closed, EffectiveOn = closedOn }),
                new MapStep(parent with { Children = Replace(parent.Children, closed) }, stamp with { Kind = MapChangeKind.ChildClosed, EffectiveOn = closedOn, Children = [unit.UnitId] }));
        }
        if (mergeTarget is null)
        {
            return Plan.Refused(MapOutcome.UnknownMergeTarget, $"There is no unit {mergedInto} to merge into.");
        }
        if (mergeTarget.UnitId == unit.UnitId || mergeTarget.Tier != unit.Tier)
        {
            return Plan.Refused(MapOutcome.TierDoesNotFit, $"A {unit.Tier} merges into another {unit.Tier}, not into {mergeTarget.Name} ({mergeTarget.Tier}).");
        }
        if (mergeTarget.IsClosed)
        {
            return Plan.Refused(MapOutcome.UnitClosed, $"{mergeTarget.Name} closed on {mergeTarget.ClosedOn:yyyy-MM-dd}; nothing can merge into it.");
        }
        if (mergeTarget.OpenedOn > closedOn || children.FirstOrDefault(child => child.OpenedOn > closedOn) is not null)
        {
            return Plan.Refused(MapOutcome.DateOutOfOrder, $"{mergeTarget.Name} or a unit under {unit.Name} opened after {closedOn:yyyy-MM-dd}; nothing can merge before it opened.");
        }
        var moving = children.Select(child => child with { ParentId = mergeTarget.UnitId }).ToList();
        var steps = new List<MapStep>
        {
            new(closed with { Children = [], MergedInto = mergeTarget.UnitId }, stamp with { Kind = MapChangeKind.Closed, EffectiveOn = closedOn, MergedInto = mergeTarget.UnitId, Children = [.. children.Select(child => child.UnitId)] }),
        };
        steps.AddRange(moving.Select(child => new MapStep(child,
            stamp with { Kind = MapChangeKind.Moved, EffectiveOn = closedOn, FormerParentId = unit.UnitId, ParentId = mergeTarget.UnitId, MergedInto = mergeTarget.UnitId })));
        steps.Add(new MapStep(mergeTarget with { Children = [.. mergeTarget.Children, .. moving.Select(ChildUnit.Of)] },
            stamp with { Kind = MapChangeKind.ChildrenJoined, EffectiveOn = closedOn, FormerParentId = unit.UnitId, Children = [.. moving.Select(child => child.UnitId)] }));
        steps.Add(new MapStep(parent with { Children = Replace(parent.Children, closed) },
            stamp with { Kind = MapChangeKind.ChildClosed, EffectiveOn = closedOn, Children = [unit.UnitId], MergedInto = mergeTarget.UnitId }));
        return new Plan(MapOutcome.Applied, null, steps) { Departure = new Departure(unit.UnitId, mergeTarget.UnitId, [.. children.Select(child => child.UnitId)]) };
    }

    public static Plan Reopen(UnitDefinition? unit, UnitDefinition? parent, DateOnly reopenedOn, MapChangeEntry stamp)
    {
        if (unit is null)
        {
            return Plan.Refused(MapOutcome.UnknownUnit, "There is no such unit.");
        }
        if (unit.ClosedOn is not { } closedOn)
        {
            return unit.EarlierSpans.Count > 0 && unit.OpenedOn == reopenedOn
                ? Plan.Unchanged($"{unit.Name} is already open again from {reopenedOn:yyyy-MM-dd}.")
                : Plan.Refused(MapOutcome.UnitNotClosed, $"{unit.Name} is open.");
        }
        if (parent is null)
        {
            return Plan.Refused(MapOutcome.RootCannotChange, $"{unit.Name} is a root of the tree.");
        }
        if (parent.IsClosed)
        {
            return Plan.Refused(MapOutcome.ParentClosed, $"{parent.Name} closed on {parent.ClosedOn:yyyy-MM-dd}; reopen it first.");
        }
        if (reopenedOn < closedOn)
        {
            return Plan.Refused(MapOutcome.DateOutOfOrder, $"{unit.Name} closed on {closedOn:yyyy-MM-dd}; it can reopen from that day on.");
        }
        var reopened = unit with { OpenedOn = reopenedOn, ClosedOn = null, MergedInto = null, EarlierSpans = [.. unit.EarlierSpans, new OpenSpan(unit.OpenedOn, closedOn)] };
        return Steps(
            new MapStep(reopened, stamp with { Kind = MapChangeKind.Reopened, EffectiveOn = reopenedOn }),
            new MapStep(parent with { Children = Replace(parent.Children, reopened) }, stamp with { Kind = MapChangeKind.ChildReopened, EffectiveOn = reopenedOn, Children = [unit.UnitId] }));
    }

    /// <summary>What a newer hierarchy file says of a unit's tier, cadences and opening day, where they differ from the map's.</summary>
    public static Plan Redefine(UnitDefinition? unit, UnitDefinition? parent, string tier, IReadOnlyList<Cadence> cadences, DateOnly? openedOn, MapChangeEntry stamp)
    {
        if (unit is null)
        {
            return Plan.Refused(MapOutcome.UnknownUnit, "There is no such unit.");
        }
        if (unit.Tier == tier && unit.Cadences.SequenceEqual(cadences) && unit.OpenedOn == openedOn)
        {
            return Plan.Unchanged($"{unit.Name} is already so defined.");
        }
        var redefined = unit with { Tier = tier, Cadences = cadences, OpenedOn = openedOn };
        var steps = new List<MapStep> { new(redefined, stamp with { Kind = MapChangeKind.Redefined, EffectiveOn = openedOn }) };
        if (parent is not null)
        {
            steps.Add(new MapStep(parent with { Children = Replace(parent.Children, redefined) }, stamp with { Kind = MapChangeKind.Redefined, Children = [unit.UnitId] }));
        }
        return new Plan(MapOutcome.Applied, null, steps);
    }

    /// <summary>The tier a unit's children have: the next in the file's order; null under the last tier.</summary>
    public static TierDefinition? ChildTier(UnitDefinition parent, IReadOnlyList<TierDefinition> tiers)
    {
        var index = tiers.ToList().FindIndex(tier => tier.Name == parent.Tier);
        return index >= 0 && index + 1 < tiers.Count ? tiers[index + 1] : null;
    }

    static string TierDetail(UnitDefinition parent, string tier, IReadOnlyList<TierDefinition> tiers) =>
        ChildTier(parent, tiers) is { } fits
            ? $"Under {parent.Name} ({parent.Tier}) sit units of tier '{fits.Name}', not '{tier}'."
            : $"Nothing sits under {parent.Name}: '{parent.Tier}' is the last tier.";

    static IReadOnlyList<ChildUnit> Replace(IReadOnlyList<ChildUnit> children, UnitDefinition changed) =>
        [.. children.Select(child => child.UnitId == changed.UnitId ? ChildUnit.Of(changed) : child)];

    static Plan Steps(params MapStep[] steps) => new(MapOutcome.Applied, null, steps);
}
