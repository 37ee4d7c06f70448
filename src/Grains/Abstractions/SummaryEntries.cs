using System.Globalization;

namespace Changdu;

/// <summary>The maps a summary is made of; an entry is one key of one of them.</summary>
public enum SummaryPart : byte
{
    Bucket = 0,
    Reporters = 1,
    BoundedReporters = 2,
    UnitsByTier = 3,
    Inspected = 4,
    OpenProblems = 5,
    Assigned = 6,
    Duty = 7,
}

/// <summary>
/// One entry of a summary: the map and the key in it (a <see cref="Period"/>, <see cref="Cadence"/>,
/// <see cref="BoundedReporter"/>, tier name, <see cref="TierYear"/>, day or <see cref="DateSpan"/>).
/// Rollups travel and are stored entry by entry, so a change costs the entries it touched.
/// </summary>
public readonly record struct SummaryKey(SummaryPart Part, object Key)
{
    /// <summary>A stable name for the entry, the same in every process: a stored row's key.</summary>
    public string Text => Part switch
    {
        SummaryPart.Bucket => $"b/{Key}",
        SummaryPart.Reporters => $"r/{((Cadence)Key).ToName()}",
        SummaryPart.BoundedReporters => Key is BoundedReporter bounded
            ? $"rb/{bounded.Cadence.ToName()}/{Day(bounded.OpenedOn)}/{Day(bounded.ClosedOn)}" : throw Unexpected(),
        SummaryPart.UnitsByTier => $"u/{Key}",
        SummaryPart.Inspected => Key is TierYear tierYear ? string.Create(CultureInfo.InvariantCulture, $"i/{tierYear.Tier}/{tierYear.Year}") : throw Unexpected(),
        SummaryPart.OpenProblems => $"o/{Day((DateOnly)Key)}",
        SummaryPart.Assigned => Key is DateSpan span ? $"a/{Day(span.From)}/{Day(span.Until)}" : throw Unexpected(),
        SummaryPart.Duty => $"d/{Day((DateOnly)Key)}",
        _ => throw Unexpected(),
    };

    /// <summary>The entry named by <paramref name="text"/>, as <see cref="Text"/> wrote it.</summary>
    public static SummaryKey Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var rest = slash < 0 ? throw Invalid(text) : text[(slash + 1)..];
        return text[..slash] switch
        {
            "b" => new(SummaryPart.Bucket, Period.Parse(rest)),
            "r" => new(SummaryPart.Reporters, Cadences.Parse(rest)),
            "rb" when rest.Split('/') is [var cadence, var opened, var closed] =>
                new(SummaryPart.BoundedReporters, new BoundedReporter(Cadences.Parse(cadence), DayOrNone(opened), DayOrNone(closed))),
            "u" => new(SummaryPart.UnitsByTier, rest),
            "i" when rest.LastIndexOf('/') is > 0 and var at =>
                new(SummaryPart.Inspected, new TierYear(rest[..at], int.Parse(rest[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture))),
            "o" => new(SummaryPart.OpenProblems, ParseDay(rest)),
            "a" when rest.Split('/') is [var from, var until] => new(SummaryPart.Assigned, new DateSpan(ParseDay(from), DayOrNone(until))),
            "d" => new(SummaryPart.Duty, ParseDay(rest)),
            _ => throw Invalid(text),
        };
    }

    static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    static DateOnly ParseDay(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    static DateOnly? DayOrNone(string text) => text.Length == 0 ? null : ParseDay(text);

    static FormatException Invalid(string text) => new($"'{text}' names no summary entry.");

    InvalidOperationException Unexpected() => new($"No entry {Part} {Key}.");
}

/// <summary>Arithmetic on entry values: <see cref="Totals"/> for buckets, <see cref="DutyCounts"/> for duty days, counts for the rest.</summary>
public static class SummaryValues
{
    public static object Zero(SummaryPart part) => part switch
    {
        SummaryPart.Bucket => Totals.Zero,
        SummaryPart.Duty => default(DutyCounts),
        _ => 0L,
    };

    public static object Add(object a, object b) => (a, b) switch
    {
        (Totals x, Totals y) => x + y,
        (DutyCounts x, DutyCounts y) => x + y,
        (long x, long y) => x + y,
        _ => throw new ArgumentException($"Cannot add {a.GetType().Name} and {b.GetType().Name}."),
    };

    public static object Subtract(object a, object b) => (a, b) switch
    {
        (Totals x, Totals y) => x - y,
        (DutyCounts x, DutyCounts y) => x - y,
        (long x, long y) => x - y,
        _ => throw new ArgumentException($"Cannot subtract {b.GetType().Name} from {a.GetType().Name}."),
    };

    public static bool IsZero(object value) => value switch
    {
        Totals totals => totals.IsZero,
        DutyCounts counts => counts == default,
        long count => count == 0,
        _ => throw new ArgumentException($"No entry value {value.GetType().Name}."),
    };
}

public sealed partial class Summary
{
    /// <summary>Every entry of the summary, of every part.</summary>
    public IEnumerable<KeyValuePair<SummaryKey, object>> Entries()
    {
        foreach (var (period, totals) in _buckets)
        {
            yield return new(new SummaryKey(SummaryPart.Bucket, period), totals);
        }
        foreach (var entry in Part(SummaryPart.Reporters, Reporters))
        {
            yield return entry;
        }
        foreach (var entry in Part(SummaryPart.BoundedReporters, BoundedReporters))
        {
            yield return entry;
        }
        foreach (var entry in Part(SummaryPart.UnitsByTier, UnitsByTier))
        {
            yield return entry;
        }
        foreach (var entry in Part(SummaryPart.Inspected, Inspected))
        {
            yield return entry;
        }
        foreach (var entry in Part(SummaryPart.OpenProblems, OpenProblemsByRaisedDay))
        {
            yield return entry;
        }
        foreach (var entry in Part(SummaryPart.Assigned, Assigned))
        {
            yield return entry;
        }
        foreach (var (day, counts) in DutyByDay)
        {
            yield return new(new SummaryKey(SummaryPart.Duty, day), counts);
        }
    }

    /// <summary>The entries that move <paramref name="before"/> to <paramref name="after"/>: a contribution replaced by what it is now.</summary>
    public static Summary Difference(Summary before, Summary after)
    {
        if (ReferenceEquals(before, Empty))
        {
            // Nothing counted before (a unit's own count at its activation): the difference is what counts now.
            return after;
        }
        var difference = after.Entries().ToDictionary(entry => entry.Key, entry => entry.Value);
        foreach (var (key, value) in before.Entries())
        {
            difference[key] = SummaryValues.Subtract(difference.GetValueOrDefault(key) ?? SummaryValues.Zero(key.Part), value);
        }
        return FromEntries(difference);
    }

    public int EntryCount => _buckets.Count + Reporters.Count + BoundedReporters.Count + UnitsByTier.Count + Inspected.Count
        + OpenProblemsByRaisedDay.Count + Assigned.Count + DutyByDay.Count;

    /// <summary>
    /// A summary of exactly these entries. Zero values are kept: in an offer of changes, a zero says
    /// the entry is gone.
    /// </summary>
    public static Summary FromEntries(IEnumerable<KeyValuePair<SummaryKey, object>> entries)
    {
        // Each map is made when its first entry comes: most summaries hold two or three of the eight.
        Dictionary<Period, Totals>? buckets = null;
        Dictionary<Cadence, long>? reporters = null;
        Dictionary<BoundedReporter, long>? bounded = null;
        Dictionary<string, long>? tiers = null;
        Dictionary<TierYear, long>? inspected = null;
        Dictionary<DateOnly, long>? openProblems = null;
        Dictionary<DateSpan, long>? assigned = null;
        Dictionary<DateOnly, DutyCounts>? duty = null;
        foreach (var (key, value) in entries)
        {
            switch (key.Part)
            {
                case SummaryPart.Bucket: (buckets ??= [])[(Period)key.Key] = (Totals)value; break;
                case SummaryPart.Reporters: (reporters ??= [])[(Cadence)key.Key] = (long)value; break;
                case SummaryPart.BoundedReporters: (bounded ??= [])[(BoundedReporter)key.Key] = (long)value; break;
                case SummaryPart.UnitsByTier: (tiers ??= new(StringComparer.Ordinal))[(string)key.Key] = (long)value; break;
                case SummaryPart.Inspected: (inspected ??= [])[(TierYear)key.Key] = (long)value; break;
                case SummaryPart.OpenProblems: (openProblems ??= [])[(DateOnly)key.Key] = (long)value; break;
                case SummaryPart.Assigned: (assigned ??= [])[(DateSpan)key.Key] = (long)value; break;
                case SummaryPart.Duty: (duty ??= [])[(DateOnly)key.Key] = (DutyCounts)value; break;
                default: throw new ArgumentException($"No summary part {key.Part}.", nameof(entries));
            }
        }
        return new(buckets, reporters, bounded, tiers, inspected, openProblems, assigned, duty);
    }

    static IEnumerable<KeyValuePair<SummaryKey, object>> Part<TKey>(SummaryPart part, IReadOnlyDictionary<TKey, long> map) where TKey : notnull =>
        map.Select(entry => new KeyValuePair<SummaryKey, object>(new SummaryKey(part, entry.Key), entry.Value));
}
