using System.Globalization;

namespace Changdu.Grains;

/// <summary>
/// The teams whose absence detection is due (docs/architecture.md §8): a row per team and day, keyed
/// "day|unit" so the watch reads the list's head up to today and visits only those teams, never the
/// tree. A team is listed when a cadre joins it and, after each visit, for the next day its rule
/// finds something could be due; a check-in moves nothing here (the visit on the listed day finds
/// the cadre present and lists the team again later).
/// </summary>
public static class AbsenceDueList
{
    public const string Owner = "due";
    public const string Kind = "absence";

    /// <summary>Written once every team with cadres is listed (a store from before the list is walked whole, once).</summary>
    public const string KeptKind = "absence-kept";

    static readonly byte[] Listed = [1];

    public static FactRow Row(DateOnly day, UnitId unit, bool listed = true) => new(Owner, Kind, Key(day, unit), listed ? Listed : null);

    /// <summary>The key of the list's first row after <paramref name="day"/>: what is due on <paramref name="day"/> sorts before it.</summary>
    public static string After(DateOnly day) => day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static UnitId UnitOf(string key) => UnitId.Parse(key[(key.IndexOf('|', StringComparison.Ordinal) + 1)..]);

    static string Key(DateOnly day, UnitId unit) => $"{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}|{unit.Value}";
}
