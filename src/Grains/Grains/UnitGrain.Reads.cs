namespace Changdu.Grains;

/// <summary>What the unit answers from its summary: rollups, series, duty by day, inspection coverage, and the children a listing visits.</summary>
public sealed partial class UnitGrain
{
    public Task<RollupView?> GetRollupAsync(PeriodRange? period)
    {
        if (Definition is not { } unit)
        {
            return Task.FromResult<RollupView?>(null);
        }
        var childRollups = unit.Children
            .Select(child => _ledger.ChildSummary(child.UnitId))
            .Zip(unit.Children, (summary, child) => new ChildRollup(child.UnitId, child.Name, child.Tier, summary.Within(period), Expected(summary, period))
            {
                Units = summary.UnitsByTier.Values.Sum(),
            })
            .ToList();
        var own = CurrentSummary();
        var view = new RollupView(unit.UnitId, unit.Name, unit.Tier, period, own.Within(period), childRollups, _version, _changedAt, Expected(own, period))
        {
            Completeness = period is { } range ? CompletenessOf(own, range) : [],
            OpenProblems = OpenProblemAges.Of(own.OpenProblemsByRaisedDay, Today),
        };
        return Task.FromResult<RollupView?>(view);
    }

    public Task<IReadOnlyList<SeriesPoint>?> GetSeriesAsync(PeriodRange range, PeriodKind interval)
    {
        if (Definition is null)
        {
            return Task.FromResult<IReadOnlyList<SeriesPoint>?>(null);
        }
        var summary = CurrentSummary();
        return Task.FromResult<IReadOnlyList<SeriesPoint>?>(range.Split(interval).Select(period => new SeriesPoint(period, summary.Within(period))).ToList());
    }

    public Task<IReadOnlyList<DutyDay>?> GetDutyDaysAsync(DateSpan days)
    {
        if (Definition is null)
        {
            return Task.FromResult<IReadOnlyList<DutyDay>?>(null);
        }
        var summary = CurrentSummary();
        var today = Today;
        return Task.FromResult<IReadOnlyList<DutyDay>?>(days.DaysWithin(days).Select(day => summary.DutyOn(day, today)).ToList());
    }

    public Task<IReadOnlyList<TierCoverage>?> GetInspectionCoverageAsync(int year)
    {
        if (Definition is not { } unit)
        {
            return Task.FromResult<IReadOnlyList<TierCoverage>?>(null);
        }
        var summary = CurrentSummary();
        var below = _ledger.Children.Aggregate(new SummaryBuilder(), (sum, child) => sum.Add(_ledger.ChildSummary(child))).Build();
        IReadOnlyList<TierCoverage> coverage = below.UnitsByTier
            .Select(tier => new TierCoverage(tier.Key, tier.Value, summary.Inspected.GetValueOrDefault(new TierYear(tier.Key, year))))
            .OrderBy(tier => unit.Children.Any(child => child.Tier == tier.Tier) ? 0 : 1).ThenByDescending(tier => tier.Units)
            .ToList();
        return Task.FromResult<IReadOnlyList<TierCoverage>?>(coverage);
    }

    public Task<IReadOnlyList<UnitId>> ListChildrenCountingAsync(Period month, ListingMeasure measure) =>
        Task.FromResult<IReadOnlyList<UnitId>>((Definition?.Children ?? [])
            .Select(child => child.UnitId)
            .Where(child => _ledger.ChildSummary(child).Buckets.TryGetValue(month, out var totals) && measure switch
            {
                ListingMeasure.LeaveRecords => totals.LeaveRecords > 0,
                ListingMeasure.Absences => totals.Absences > 0,
                _ => throw new ArgumentOutOfRangeException(nameof(measure)),
            })
            .ToList());

    /// <summary>Reads only the rows of the reports listed: memory knows which report holds which period.</summary>
    public async Task<ReportsHere> GetReportsHereAsync(PeriodRange range, int limit)
    {
        if (Definition is not { } unit)
        {
            return new ReportsHere([], []);
        }
        var ids = _reports
            .Where(entry => range.Contains(entry.Value.Period))
            .OrderBy(entry => entry.Value.Period.Start).ThenBy(entry => entry.Value.Cadence).ThenBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => entry.Key)
            .Take(limit)
            .ToList();
        var self = new UnitRef(unit.UnitId, unit.Name, unit.Tier);
        var own = (await Task.WhenAll(ids.Select(ReportAsync))).OfType<Report>().Select(report => new ListedReport(self, report)).ToList();
        var reporting = unit.Children
            .Select(child => child.UnitId)
            .Where(child => _ledger.ChildSummary(child).Within(range).Reports > 0)
            .ToList();
        return new ReportsHere(own, reporting);
    }

    public Task<IReadOnlyList<UnitRef>> ListChildrenShortOfInspectionAsync(int year) =>
        Task.FromResult<IReadOnlyList<UnitRef>>((Definition?.Children ?? [])
            .Where(child => _ledger.ChildSummary(child.UnitId) is var held && (held.IsEmpty || !FullyInspectedBelow(held, child.Tier, year)))
            .Select(child => new UnitRef(child.UnitId, child.Name, child.Tier))
            .ToList());

    /// <summary>Whether every unit below a child (not the child itself) was inspected in the year, by its summary.</summary>
    static bool FullyInspectedBelow(Summary summary, string childTier, int year) =>
        summary.UnitsByTier.All(tier =>
            summary.Inspected.GetValueOrDefault(new TierYear(tier.Key, year)) >= tier.Value - (tier.Key == childTier ? 1 : 0));

    Summary CurrentSummary() => _ledger.Total;

    DateOnly Today => _reporting.LocalDay(programme.GetUtcNow());

    static List<CadenceCompleteness> CompletenessOf(Summary summary, PeriodRange range) =>
        summary.Cadences
            .Select(cadence => (cadence, received: summary.Within(range, cadence.PeriodKind())))
            .Select(entry => new CadenceCompleteness(entry.cadence, summary.ExpectedWithin(range, entry.cadence), entry.received.Reports, entry.received.OnTimeReports))
            .ToList();

    /// <summary>Reports expected for a range; none for all time, which has no end.</summary>
    static long? Expected(Summary summary, PeriodRange? period) => period is { } range ? summary.ExpectedWithin(range) : null;

    public Task<IReadOnlyList<MissingReports>> FindMissingAsync(PeriodRange range, int limit) =>
        GrainFactory.GetGrain<ISubtreeListing>(0).FindMissingAsync(Id, range, limit);

    public Task<MissingHere> GetMissingHereAsync(PeriodRange range)
    {
        if (Definition is not { } unit)
        {
            return Task.FromResult(new MissingHere(null, []));
        }
        var filed = _reports.Values.Select(report => report.Period).ToHashSet();
        var due = new SummaryBuilder().AddUnit(unit).Build();
        var missed = unit.Cadences
            .SelectMany(cadence => range.Split(cadence.PeriodKind()))
            .Where(period => range.Contains(period) && !filed.Contains(period) && due.ExpectedWithin(period) > 0)
            .ToList();
        var shortChildren = unit.Children
            .Select(child => child.UnitId)
            .Where(child => _ledger.ChildSummary(child) is var held && (held.IsEmpty || held.Within(range).Reports < held.ExpectedWithin(range)))
            .ToList();
        return Task.FromResult(new MissingHere(missed.Count > 0 ? new MissingReports(new UnitRef(unit.UnitId, unit.Name, unit.Tier), missed) : null, shortChildren));
    }
}
