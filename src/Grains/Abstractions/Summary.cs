namespace Changdu;

/// <summary>
/// What a unit sends upward about its subtree (itself included): totals per period bucket, the
/// units that should report by cadence, how many units of each tier there are and how many were
/// inspected each year, and the days the still-open registered problems were raised. Only
/// summaries travel up, never facts, so a summary's size depends on periods, tiers and days, not
/// on the subtree's size.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.Summary")]
public sealed partial class Summary : IEquatable<Summary>
{
    /// <summary>Shared by every summary without buckets: no summary changes its maps once made. Before <see cref="Empty"/>, which uses it.</summary>
    static readonly Dictionary<Period, Totals> NoBuckets = [];

    public static readonly Summary Empty = new SummaryBuilder().Build();

    [Id(0)] readonly Dictionary<Period, Totals> _buckets;

    // Fields after the first are absent in summaries stored by older versions, and absent when empty (a unit's
    // summary holds two or three of the eight maps, and an activation makes several): read as none.
    /// <summary>Units open for all time, by cadence.</summary>
    [Id(1)] readonly Dictionary<Cadence, long>? _reporters;

    /// <summary>Units opened or closed on a date, by cadence and dates.</summary>
    [Id(2)] readonly Dictionary<BoundedReporter, long>? _boundedReporters;

    [Id(3)] readonly Dictionary<string, long>? _unitsByTier;

    [Id(4)] readonly Dictionary<TierYear, long>? _inspected;

    [Id(5)] readonly Dictionary<DateOnly, long>? _openProblemsByRaisedDay;

    /// <summary>Cadres' assignments, by the days they span.</summary>
    [Id(6)] readonly Dictionary<DateSpan, long>? _assigned;

    [Id(7)] readonly Dictionary<DateOnly, DutyCounts>? _dutyByDay;

    /// <summary>The maps given, each kept only when it holds an entry (buckets always: stored summaries have them).</summary>
    internal Summary(
        Dictionary<Period, Totals>? buckets,
        Dictionary<Cadence, long>? reporters,
        Dictionary<BoundedReporter, long>? boundedReporters,
        Dictionary<string, long>? unitsByTier,
        Dictionary<TierYear, long>? inspected,
        Dictionary<DateOnly, long>? openProblemsByRaisedDay,
        Dictionary<DateSpan, long>? assigned,
        Dictionary<DateOnly, DutyCounts>? dutyByDay) =>
        (_buckets, _reporters, _boundedReporters, _unitsByTier, _inspected, _openProblemsByRaisedDay, _assigned, _dutyByDay) =
        (buckets is { Count: > 0 } ? buckets : NoBuckets, Held(reporters), Held(boundedReporters), Held(unitsByTier), Held(inspected),
            Held(openProblemsByRaisedDay), Held(assigned), Held(dutyByDay));

    static Dictionary<TKey, TValue>? Held<TKey, TValue>(Dictionary<TKey, TValue>? map) where TKey : notnull => map is { Count: > 0 } ? map : null;

    public IReadOnlyDictionary<Period, Totals> Buckets => _buckets;

    /// <summary>How many units of the subtree (this one included), open for all time, report with each cadence.</summary>
    public IReadOnlyDictionary<Cadence, long> Reporters => _reporters ?? NoEntries<Cadence, long>.Map;

    public IReadOnlyDictionary<BoundedReporter, long> BoundedReporters => _boundedReporters ?? NoEntries<BoundedReporter, long>.Map;

    public IReadOnlyDictionary<string, long> UnitsByTier => _unitsByTier ?? NoEntries<string, long>.Map;

    /// <summary>Units of each tier inspected at least once in a year.</summary>
    public IReadOnlyDictionary<TierYear, long> Inspected => _inspected ?? NoEntries<TierYear, long>.Map;

    /// <summary>Registered problems still open, by the day they were raised.</summary>
    public IReadOnlyDictionary<DateOnly, long> OpenProblemsByRaisedDay => _openProblemsByRaisedDay ?? NoEntries<DateOnly, long>.Map;

    /// <summary>Cadres assigned to units of the subtree, counted by the days their assignment spans.</summary>
    public IReadOnlyDictionary<DateSpan, long> Assigned => _assigned ?? NoEntries<DateSpan, long>.Map;

    /// <summary>Check-ins and cadres on approved leave, by day.</summary>
    public IReadOnlyDictionary<DateOnly, DutyCounts> DutyByDay => _dutyByDay ?? NoEntries<DateOnly, DutyCounts>.Map;

    /// <summary>One empty map per type, answered for every absent one; read-only, so no caller can fill it by a cast.</summary>
    static class NoEntries<TKey, TValue> where TKey : notnull
    {
        public static readonly IReadOnlyDictionary<TKey, TValue> Map = System.Collections.ObjectModel.ReadOnlyDictionary<TKey, TValue>.Empty;
    }

    public bool IsEmpty => Equals(Empty);

    /// <summary>The subtree's duty on <paramref name="day"/>; cadres not accounted for are absent once the day is over.</summary>
    public DutyDay DutyOn(DateOnly day, DateOnly today)
    {
        var planned = 0L;
        foreach (var (span, count) in Assigned)
        {
            if (span.Covers(day))
            {
                planned += count;
            }
        }
        var counts = DutyByDay.GetValueOrDefault(day);
        var unaccounted = Math.Max(0, planned - counts.CheckedIn - counts.OnLeave);
        return day < today
            ? new DutyDay(day, planned, counts.CheckedIn, counts.OnLeave, unaccounted, 0)
            : new DutyDay(day, planned, counts.CheckedIn, counts.OnLeave, 0, unaccounted);
    }

    /// <summary>
    /// Reports of <paramref name="cadence"/> (all cadences when null) the subtree should file for
    /// <paramref name="range"/>: each reporting unit once per period of its cadence that lies wholly
    /// inside the range and wholly inside the time the unit was open.
    /// </summary>
    public long ExpectedWithin(PeriodRange range, Cadence? cadence = null)
    {
        var expected = 0L;
        foreach (var (reporting, count) in Reporters.Where(reporter => cadence is null || reporter.Key == cadence))
        {
            expected += count * range.Split(reporting.PeriodKind()).Count(range.Contains);
        }
        foreach (var (reporter, count) in BoundedReporters.Where(reporter => cadence is null || reporter.Key.Cadence == cadence))
        {
            expected += count * range.Split(reporter.Cadence.PeriodKind()).Count(period => range.Contains(period) && reporter.IsOpenThroughout(period));
        }
        return expected;
    }

    /// <summary>Cadences any unit of the subtree reports with.</summary>
    public IEnumerable<Cadence> Cadences => Reporters.Keys.Concat(BoundedReporters.Keys.Select(reporter => reporter.Cadence)).Distinct().Order();

    /// <summary>Totals over the buckets that lie within <paramref name="range"/> (all buckets when null), of one kind of period when given.</summary>
    public Totals Within(PeriodRange? range, PeriodKind? kind = null)
    {
        var total = Totals.Zero;
        foreach (var (period, totals) in _buckets)
        {
            if ((range is not { } r || r.Contains(period)) && (kind is null || period.Kind == kind))
            {
                total += totals;
            }
        }
        return total;
    }

    public bool Equals(Summary? other) =>
        other is not null && (ReferenceEquals(this, other) || (SameEntries(_buckets, other._buckets)
            && SameEntries(Reporters, other.Reporters)
            && SameEntries(BoundedReporters, other.BoundedReporters)
            && SameEntries(UnitsByTier, other.UnitsByTier)
            && SameEntries(Inspected, other.Inspected)
            && SameEntries(OpenProblemsByRaisedDay, other.OpenProblemsByRaisedDay)
            && SameEntries(Assigned, other.Assigned)
            && SameEntries(DutyByDay, other.DutyByDay)));

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
        return HashCode.Combine(hash, UnitsByTier.Count, Inspected.Count, OpenProblemsByRaisedDay.Count, Assigned.Count, DutyByDay.Count);
    }

    static bool SameEntries<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> a, IReadOnlyDictionary<TKey, TValue> b) where TKey : notnull =>
        a.Count == b.Count && a.All(entry => b.TryGetValue(entry.Key, out var value) && EqualityComparer<TValue>.Default.Equals(value, entry.Value));
}

/// <summary>Units of a cadence open only from <see cref="OpenedOn"/> and/or until the day before <see cref="ClosedOn"/>.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.BoundedReporter")]
public readonly record struct BoundedReporter(
    [property: Id(0)] Cadence Cadence,
    [property: Id(1)] DateOnly? OpenedOn,
    [property: Id(2)] DateOnly? ClosedOn)
{
    public bool IsOpenThroughout(Period period) =>
        (OpenedOn is not { } opened || opened <= period.Start) && (ClosedOn is not { } closed || period.End <= closed);
}

[GenerateSerializer, Immutable, Alias("Changdu.TierYear")]
public readonly record struct TierYear([property: Id(0)] string Tier, [property: Id(1)] int Year);

/// <summary>Adds up a unit's own facts and its children's summaries into its summary.</summary>
public sealed class SummaryBuilder
{
    // Each map is made when its first entry comes: most summaries built hold two or three of the eight.
    Dictionary<Period, Totals>? _buckets;
    Dictionary<Cadence, long>? _reporters;
    Dictionary<BoundedReporter, long>? _boundedReporters;
    Dictionary<string, long>? _unitsByTier;
    Dictionary<TierYear, long>? _inspected;
    Dictionary<DateOnly, long>? _openProblems;
    Dictionary<DateSpan, long>? _assigned;
    Dictionary<DateOnly, DutyCounts>? _duty;

    /// <summary>Counts a unit of <paramref name="tier"/> among the units and among the reporters of its cadences.</summary>
    public SummaryBuilder AddUnit(string tier, IEnumerable<Cadence> cadences, DateOnly? openedOn = null, DateOnly? closedOn = null)
    {
        Increment(ref _unitsByTier, tier, 1);
        return AddReporting(cadences, openedOn, closedOn);
    }

    /// <summary>Counts the unit once while open, and among the reporters of its cadences in each span it was open (a reopened unit is not expected to report while closed).</summary>
    public SummaryBuilder AddUnit(UnitDefinition unit)
    {
        // A closed unit no longer counts among its tier's units (a merged township is not a township of
        // its county any more), but its reports and what was expected of it while open still count.
        if (unit.ClosedOn is null)
        {
            Increment(ref _unitsByTier, unit.Tier, 1);
        }
        AddReporting(unit.Cadences, unit.OpenedOn, unit.ClosedOn);
        foreach (var span in unit.EarlierSpans)
        {
            AddReporting(unit.Cadences, span.OpenedOn, span.ClosedOn);
        }
        return this;
    }

    SummaryBuilder AddReporting(IEnumerable<Cadence> cadences, DateOnly? openedOn, DateOnly? closedOn)
    {
        foreach (var cadence in cadences)
        {
            if (openedOn is null && closedOn is null)
            {
                Increment(ref _reporters, cadence, 1);
            }
            else
            {
                Increment(ref _boundedReporters, new BoundedReporter(cadence, openedOn, closedOn), 1);
            }
        }
        return this;
    }

    public SummaryBuilder Add(Period bucket, Totals totals)
    {
        _buckets ??= [];
        _buckets[bucket] = _buckets.GetValueOrDefault(bucket) + totals;
        return this;
    }

    public SummaryBuilder AddInspected(string tier, int year, long units)
    {
        Increment(ref _inspected, new TierYear(tier, year), units);
        return this;
    }

    public SummaryBuilder AddOpenProblem(DateOnly raisedOn)
    {
        Increment(ref _openProblems, raisedOn, 1);
        return this;
    }

    public SummaryBuilder AddAssigned(DateSpan span)
    {
        Increment(ref _assigned, span, 1);
        return this;
    }

    public SummaryBuilder AddDuty(DateOnly day, DutyCounts counts)
    {
        _duty ??= [];
        _duty[day] = _duty.GetValueOrDefault(day) + counts;
        return this;
    }

    public SummaryBuilder Add(Summary part)
    {
        foreach (var (period, totals) in part.Buckets)
        {
            Add(period, totals);
        }
        AddAll(ref _reporters, part.Reporters);
        AddAll(ref _boundedReporters, part.BoundedReporters);
        AddAll(ref _unitsByTier, part.UnitsByTier);
        AddAll(ref _inspected, part.Inspected);
        AddAll(ref _openProblems, part.OpenProblemsByRaisedDay);
        AddAll(ref _assigned, part.Assigned);
        foreach (var (day, counts) in part.DutyByDay)
        {
            AddDuty(day, counts);
        }
        return this;
    }

    /// <summary>The summary; zero buckets are dropped so that equal sums compare equal.</summary>
    public Summary Build() => new(
        _buckets?.Where(bucket => !bucket.Value.IsZero).ToDictionary(),
        Copy(_reporters), Copy(_boundedReporters), _unitsByTier is null ? null : new(_unitsByTier, StringComparer.Ordinal), Copy(_inspected), Copy(_openProblems),
        Copy(_assigned), Copy(_duty));

    static Dictionary<TKey, TValue>? Copy<TKey, TValue>(Dictionary<TKey, TValue>? map) where TKey : notnull => map is null ? null : new(map);

    static void AddAll<TKey>(ref Dictionary<TKey, long>? sum, IReadOnlyDictionary<TKey, long> part) where TKey : notnull
    {
        foreach (var (key, count) in part)
        {
            Increment(ref sum, key, count);
        }
    }

    static void Increment<TKey>(ref Dictionary<TKey, long>? counts, TKey key, long by) where TKey : notnull
    {
        counts ??= typeof(TKey) == typeof(string) ? new((IEqualityComparer<TKey>)StringComparer.Ordinal) : [];
        counts[key] = counts.GetValueOrDefault(key) + by;
    }
}
