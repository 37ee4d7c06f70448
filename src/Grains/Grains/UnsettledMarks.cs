namespace Changdu.Grains;

/// <summary>
/// Durable marks of what may not have reached the rollup yet (docs/architecture.md §4). A unit is
/// marked, in the same transaction as the fact that unsettles it, from then until its parent holds
/// its summary durably; a concern grain's part, from the commit that changes it until its unit has
/// taken it (the unit marks itself first). After a crash or a silo's death, waking the marked is
/// enough for every rollup to converge: no whole-tree sweep, at any size of tree.
/// </summary>
public static class UnsettledMarks
{
    public const string Owner = "unsettled";
    public const string UnitKind = "unit";
    public const string PartKind = "part";

    static readonly byte[] Set = [1];

    public static FactRow OfUnit(UnitId unit, bool set) => new(Owner, UnitKind, unit.Value, set ? Set : null);

    /// <summary>Where the unit's mark is: its activation reads it with the unit's own rows.</summary>
    public static FactRef PlaceOfUnit(UnitId unit) => new(Owner, UnitKind, unit.Value);

    public static FactRow OfPart(string concern, UnitId unit, bool set) => new(Owner, PartKind, $"{concern}:{unit.Value}", set ? Set : null);

    /// <summary>The concern and unit of a part's mark.</summary>
    public static (string Concern, UnitId Unit) PartOf(string key) =>
        (key[..key.IndexOf(':', StringComparison.Ordinal)], UnitId.Parse(key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..]));
}
