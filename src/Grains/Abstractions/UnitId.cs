using System.Diagnostics.CodeAnalysis;

namespace Changdu;

/// <summary>A unit's 12-digit statistical division code, e.g. 540300000000 for Changdu.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.UnitId")]
public readonly record struct UnitId : IComparable<UnitId>
{
    public const int Length = 12;

    [Id(0)] public string Value { get; }

    UnitId(string value) => Value = value;

    public static bool TryParse([NotNullWhen(true)] string? text, out UnitId unitId)
    {
        unitId = default;
        // A span test, not LINQ over the string: an office's activation parses an id per row it holds.
        if (text is not { Length: Length } || text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }
        unitId = new UnitId(text);
        return true;
    }

    public static UnitId Parse(string text) =>
        TryParse(text, out var unitId) ? unitId : throw new FormatException($"'{text}' is not a {Length}-digit unit id.");

    public int CompareTo(UnitId other) => string.CompareOrdinal(Value, other.Value);

    public static bool operator <(UnitId left, UnitId right) => left.CompareTo(right) < 0;

    public static bool operator <=(UnitId left, UnitId right) => left.CompareTo(right) <= 0;

    public static bool operator >(UnitId left, UnitId right) => left.CompareTo(right) > 0;

    public static bool operator >=(UnitId left, UnitId right) => left.CompareTo(right) >= 0;

    public override string ToString() => Value;
}
