namespace Changdu.Grains;

public sealed partial class UnitGrain
{
    /// <summary>
    /// The rows an empty store holds once <paramref name="units"/> are defined and every offer has
    /// settled, computed in one pass over the tree instead of a grain call per unit: each unit's
    /// definition and its parts counted (a new unit has none), and what each parent holds of each child
    /// (the child's whole summary, entry by entry, at <paramref name="version"/>). These are the rows
    /// the grains write when the units are defined one by one, so a unit activated later reads
    /// exactly what it would have, and nothing is left unsettled to wake. Children come right after
    /// their subtree, so a caller writing in batches holds one path of summaries, not the tree.
    /// </summary>
    public static IEnumerable<FactRow> SettledRowsOfNewTree(IReadOnlyList<UnitDefinition> units, long version, FactCodec codec)
    {
        var byId = units.ToDictionary(unit => unit.UnitId);
        var encodedVersion = codec.Encode(version);
        var partsCounted = codec.Encode(UnitPartGrain.PartsCountedVersion);
        foreach (var root in units.Where(unit => unit.ParentId is null))
        {
            var path = new Stack<Visit>();
            path.Push(new Visit(root));
            while (path.TryPeek(out var visit))
            {
                if (visit.NextChild < visit.Unit.Children.Count)
                {
                    path.Push(new Visit(byId[visit.Unit.Children[visit.NextChild++].UnitId]));
                    continue;
                }
                path.Pop();
                yield return new FactRow(visit.Unit.UnitId.Value, DefinitionKind, "", codec.Encode(visit.Unit));
                yield return new FactRow(visit.Unit.UnitId.Value, UnitPartGrain.PartsCountedKind, "", partsCounted);
                if (!path.TryPeek(out var parent))
                {
                    continue;
                }
                var whole = visit.Total.Build();
                parent.Total.Add(whole);
                foreach (var entry in whole.Entries().Where(entry => !SummaryValues.IsZero(entry.Value)))
                {
                    yield return new FactRow(parent.Unit.UnitId.Value, HeldEntryKind, HeldEntryKey(visit.Unit.UnitId, entry.Key), HeldEntryPayload.Encode(codec, entry.Value));
                }
                yield return new FactRow(parent.Unit.UnitId.Value, HeldVersionKind, visit.Unit.UnitId.Value, encodedVersion);
            }
        }
    }

    /// <summary>A unit on the walk's path: the children visited so far, and its summary so far (itself and those children).</summary>
    sealed class Visit(UnitDefinition unit)
    {
        public UnitDefinition Unit { get; } = unit;

        public int NextChild { get; set; }

        public SummaryBuilder Total { get; } = new SummaryBuilder().AddUnit(unit);
    }
}
