namespace Changdu.Grains;

/// <summary>
/// The offices with a month to close (docs/architecture.md §8): a row per month and office, keyed
/// "month|unit" so the month closer reads the list's head up to the last month whose closing day has
/// come and visits only those offices, never the tree. An office is listed for a month when a report
/// counted in that month's rollup first reaches it, in the same write that makes the report durable there.
/// </summary>
public static class ClosingDueList
{
    // Every due-list lies under one owner, each in its kind.
    public const string Owner = AbsenceDueList.Owner;
    public const string Kind = "closing";

    /// <summary>Written once every office with a month still to close is listed (a store from before the list is walked whole, once).</summary>
    public const string KeptKind = "closing-kept";

    static readonly byte[] Listed = [1];

    public static FactRow Row(Period month, UnitId office, bool listed = true) => new(Owner, Kind, $"{month}|{office.Value}", listed ? Listed : null);

    /// <summary>The key of the list's first row of <paramref name="month"/>: what is listed for earlier months sorts before it.</summary>
    public static string Before(Period month) => month.ToString();

    public static (Period Month, UnitId Office) Parse(string key)
    {
        var separator = key.IndexOf('|', StringComparison.Ordinal);
        return (Period.Parse(key[..separator]), UnitId.Parse(key[(separator + 1)..]));
    }

    /// <summary>
    /// The month whose rollup counts a report filed for <paramref name="period"/>, as <see cref="PeriodRange.Contains"/>
    /// counts it: a week in the month of its Thursday, a month in itself; a quarter or longer in no month.
    /// </summary>
    public static Period? MonthCounting(Period period) => period.Kind switch
    {
        PeriodKind.Week or PeriodKind.Month => Period.Month(period.Anchor.Year, period.Anchor.Month),
        _ => null,
    };
}
