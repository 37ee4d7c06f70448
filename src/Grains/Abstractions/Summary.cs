namespace Changdu;

/// <summary>
/// What a unit sends upward: its totals per period bucket (the period each report was filed for),
/// covering its own reports and everything below it. Only summaries travel up, never reports,
/// so a summary's size depends on how many periods were reported, not on the subtree's size.
/// It also counts the units of the subtree by the cadences they report, so any tier can tell how
/// many reports it should have received for a period.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.Summary")]
public sealed class Summary : IEquatable<Summary>
{
    public static readonly Summary Empty = new([], []);

    [Id(0)] readonly Dictionary<Period, Totals> _buckets;

    // Absent in summaries stored before units were counted; read as none.
    [Id(1)] readonly Dictionary<Cadence, long>? _reporters;

    Summary(Dictionary<Period, Totals> buckets, Dictionary<Cadence, long> reporters) => (_buckets, _reporters) = (buckets, reporters);

    public IReadOnlyDictionary<Period, Totals> Buckets => _buckets;

    /// <summary>How many units of the subtree (this one included) report with each cadence.</summary>
    public IReadOnlyDictionary<Cadence, long> Reporters => _reporters ?? [];

    public bool IsEmpty => _buckets.Count == 0 && Reporters.Count == 0;

    /// <summary>
    /// The sum of the given buckets and summaries, counting this unit among the reporters of
    /// <paramref name="ownCadences"/>; zero buckets are dropped so equal sums compare equal.
    /// </summary>
    public static Summary Sum(IEnumerable<KeyValuePair<Period, Totals>> ownBuckets, IEnumerable<Summary> parts, IEnumerable<Cadence>? ownCadences = null)
    {
        var sum = new Dictionary<Period, Totals>();
        var reporters = new Dictionary<Cadence, long>();
        foreach (var cadence in ownCadences ?? [])
        {
            reporters[cadence] = reporters.GetValueOrDefault(cadence) + 1;
        }
        foreach (var part in parts)
        {
            foreach (var (period, totals) in part._buckets)
            {
                sum[period] = sum.GetValueOrDefault(period) + totals;
            }
            foreach (var (cadence, count) in part.Reporters)
            {
                reporters[cadence] = reporters.GetValueOrDefault(cadence) + count;
            }
        }
        foreach (var (period, totals) in ownBuckets)
        {
            sum[period] = sum.GetValueOrDefault(period) + totals;
        }
        foreach (var period in sum.Where(bucket => bucket.Value.IsZero).Select(bucket => bucket.Key).ToList())
        {
            sum.Remove(period);
        }
        return sum.Count == 0 && reporters.Count == 0 ? Empty : new Summary(sum, reporters);
    }

    /// <summary>
    /// Reports the subtree should file for <paramref name="range"/>: each reporting unit once per
    /// period of its cadence that lies wholly inside. Units opened or closed mid-range are not yet
    /// told apart.
    /// </summary>
    public long ExpectedWithin(PeriodRange range) =>
        Reporters.Sum(reporter => reporter.Value * range.Split(reporter.Key.PeriodKind()).Count(range.Contains));

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
            && _buckets.All(bucket => other._buckets.TryGetValue(bucket.Key, out var totals) && totals == bucket.Value)
            && Reporters.Count == other.Reporters.Count
            && Reporters.All(reporter => other.Reporters.TryGetValue(reporter.Key, out var count) && count == reporter.Value)));

    public override bool Equals(object? obj) => Equals(obj as Summary);

    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var (period, totals) in _buckets)
        {
            hash ^= HashCode.Combine(period, totals);
        }
        foreach (var (cadence, count) in Reporters)
        {
            hash ^= HashCode.Combine(cadence, count);
        }
        return hash;
    }
}
