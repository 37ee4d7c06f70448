using System.Diagnostics.CodeAnalysis;

namespace Changdu;

/// <summary>How often a unit reports (docs/domain.md, practice 2); each cadence reports over one kind of period.</summary>
public enum Cadence
{
    Weekly = 1,
    Monthly = 2,
    Quarterly = 3,
    HalfYearly = 4,
}

public static class Cadences
{
    static readonly Dictionary<string, Cadence> ByName = new(StringComparer.Ordinal)
    {
        ["weekly"] = Cadence.Weekly,
        ["monthly"] = Cadence.Monthly,
        ["quarterly"] = Cadence.Quarterly,
        ["half-yearly"] = Cadence.HalfYearly,
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryParse([NotNullWhen(true)] string? name, out Cadence cadence) =>
        ByName.TryGetValue(name ?? "", out cadence);

    public static Cadence Parse(string name) =>
        TryParse(name, out var cadence) ? cadence : throw new FormatException($"'{name}' is not a cadence.");

    public static string ToName(this Cadence cadence) => cadence switch
    {
        Cadence.Weekly => "weekly",
        Cadence.Monthly => "monthly",
        Cadence.Quarterly => "quarterly",
        Cadence.HalfYearly => "half-yearly",
        _ => throw new ArgumentOutOfRangeException(nameof(cadence), cadence, null),
    };

    public static PeriodKind PeriodKind(this Cadence cadence) => cadence switch
    {
        Cadence.Weekly => Changdu.PeriodKind.Week,
        Cadence.Monthly => Changdu.PeriodKind.Month,
        Cadence.Quarterly => Changdu.PeriodKind.Quarter,
        Cadence.HalfYearly => Changdu.PeriodKind.HalfYear,
        _ => throw new ArgumentOutOfRangeException(nameof(cadence), cadence, null),
    };
}
