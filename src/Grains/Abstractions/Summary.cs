namespace Changdu;

/// <summary>
/// What a unit sends upward: its totals per period bucket (the period each report was filed for),
/// covering its own reports and everything below it. Only summaries travel up, never reports,
/// so a summary's size depends on how many periods were reported, not on the subtree's size.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.Summary")]
public sealed class Summary : IEquatable<Summary>
{
    public static readonly Summary Empty = new(new Dictionary<Period, Totals>());

    [Id(0)] readonly Dictionary<Period, Totals> _buckets;

    Summary(Dictionary<Period, Totals> buckets) => _buckets = buckets;

    public IReadOnlyDictionary<Period, Totals> Buckets => _buckets;

    public bool IsEmpty => _buckets.Count == 0;

    /// <summary>The sum of the given buckets and summaries; zero buckets are dropped so equal sums compare equal.</summary>
    public static Summary Sum(IEnumerable<KeyValuePair<Period, Totals>> ownBuckets, IEnumerable<Summary> parts)
    {
        var sum = new Dictionary<Period, Totals>();
        foreach (var (period, totals) in ownBuckets.Concat(parts.SelectMany(part => part._buckets)))
        {
            sum[period] = sum.GetValueOrDefault(period) + totals;
        }
        foreach (var period in sum.Where(bucket => bucket.Value.IsZero).Select(bucket => bucket.Key).ToList())
        {
            sum.Remove(period);
        }
        return sum.Count == 0 ? Empty : new Summary(sum);
    }

    /// <summary>Totals over the buckets that lie within <paramref name="range"/>, or over all buckets when it is null.</summary>
    public Totals Within(PeriodRange? range)
    {
        var total = Totals.Zero;
        foreach (var (period, totals) in _buckets)
        {
            if (range is not { } r || r.Contains(period))
            {
                total += totals;
            }
        }
        return total;
    }

    public bool Equals(Summary? other) =>
        other is not null && (ReferenceEquals(this, other) || (_buckets.Count == other._buckets.Count
            && _buckets.All(bucket => other._buckets.TryGetValue(bucket.Key, out var totals) && totals == bucket.Value)));

    public override bool Equals(object? obj) => Equals(obj as Summary);

    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var (period, totals) in _buckets)
        {
            hash ^= HashCode.Combine(period, totals);
        }
        return hash;
    }
}
