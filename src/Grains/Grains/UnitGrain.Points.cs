namespace Changdu.Grains;

/// <summary>
/// Year-end points (DOMAIN practice 8): a ledger of entries from offices plus points the rules
/// give (red flags, findings, reporting completeness); the parent ranks its children at year end
/// and awards prizes. Ties go to the lower unit id.
/// </summary>
public sealed partial class UnitGrain
{
    public async Task<PointsResult> RecordPointsAsync(PointEntry entry)
    {
        if (Definition is null)
        {
            return new PointsResult(PointsOutcome.UnknownUnit, null, $"There is no unit {Id}.");
        }
        if (_officeRecords.Points.TryGetValue(entry.EntryId, out var existing))
        {
            return existing == entry
                ? new PointsResult(PointsOutcome.AlreadyStored, existing, null)
                : new PointsResult(PointsOutcome.EntryIdTaken, existing, $"Entry '{entry.EntryId}' was already recorded with different content.");
        }
        await CommitAsync([_rows.Points.Put(entry.EntryId, entry)], PointsOutcome.Recorded.ToString(), Contribution.Office);
        return new PointsResult(PointsOutcome.Recorded, entry, null);
    }

    public Task<PointsStatement?> GetOwnPointsAsync(int year)
    {
        if (Definition is null)
        {
            return Task.FromResult<PointsStatement?>(null);
        }
        var summary = CurrentSummary();
        var wholeYear = Period.OfYear(year);
        var findings = summary.Within(wholeYear).Findings;
        var expected = summary.ExpectedWithin(wholeYear);
        var completeness = expected == 0 ? 1m : Math.Min(1m, (decimal)summary.Within(wholeYear).Reports / expected);
        var entries = _officeRecords.Points.Values.Where(entry => entry.On.Year == year).OrderBy(entry => entry.On).ThenBy(entry => entry.EntryId, StringComparer.Ordinal).ToList();
        IReadOnlyList<RulePoints> rules =
        [
            new RulePoints("findings", findings, findings * _points.PerFinding),
            new RulePoints("completeness", summary.Within(wholeYear).Reports, Math.Round(completeness * _points.FullCompleteness, 2, MidpointRounding.AwayFromZero)),
        ];
        return Task.FromResult<PointsStatement?>(new PointsStatement(Id, year, entries, rules));
    }

    public async Task<PointsStatement?> GetPointsAsync(int year)
    {
        if (await GetOwnPointsAsync(year) is not { } own)
        {
            return null;
        }
        var flags = (await GetFlagHistoryAsync())!.Count(flag => flag.Month.Year == year);
        return own with { Rules = [.. own.Rules, new RulePoints("flags", flags, flags * _points.PerFlag)] };
    }

    public async Task<YearEnd?> GetYearEndAsync(int year)
    {
        if (Definition is not { Children.Count: > 0 })
        {
            return null;
        }
        return _officeRecords.ClosedYears.GetValueOrDefault(year) ?? await RankYearAsync(year);
    }

    public async Task<YearEndResult> CloseYearAsync(int year, string closedBy)
    {
        if (Definition is not { } unit)
        {
            return new YearEndResult(CloseOutcome.UnknownUnit, null, $"There is no unit {Id}.");
        }
        if (unit.Children.Count == 0)
        {
            return new YearEndResult(CloseOutcome.NoChildren, null, $"{unit.Name} has no units below it to rank.");
        }
        if (_officeRecords.ClosedYears.TryGetValue(year, out var closed))
        {
            return new YearEndResult(CloseOutcome.AlreadyClosed, closed, null);
        }
        if (Period.OfYear(year).End > Today)
        {
            return new YearEndResult(CloseOutcome.PeriodNotEnded, null, $"{year} has not ended; it can be closed from {Period.OfYear(year).End:yyyy-MM-dd}.");
        }
        var frozen = await RankYearAsync(year) with { Closed = true, ClosedBy = closedBy };
        await CommitAsync([_rows.ClosedYears.Put(year, frozen)], CloseOutcome.Closed.ToString(), Contribution.Office);
        return new YearEndResult(CloseOutcome.Closed, frozen, null);
    }

    async Task<YearEnd> RankYearAsync(int year)
    {
        var statements = await Task.WhenAll(Definition!.Children.Select(async child =>
        {
            var own = await GrainFactory.GetGrain<IPointsLedger>(child.UnitId.Value).GetOwnPointsAsync(year);
            var flags = _officeRecords.ClosedMonths.Values.Where(month => month.Month.Year == year)
                .Count(month => month.Ranking.Any(assessed => assessed.Flag && assessed.UnitId == child.UnitId));
            return (child, points: (own?.Total ?? 0) + flags * _points.PerFlag);
        }));
        var ranked = statements.OrderByDescending(entry => entry.points).ThenBy(entry => entry.child.UnitId).ToList();
        var ranking = ranked.Select((entry, index) => new RankedPoints(entry.child.UnitId, entry.child.Name, index + 1, entry.points, PrizeFor(index))).ToList();
        return new YearEnd(Id, year, false, ranking, clock.GetUtcNow(), null);
    }

    /// <summary>First prizes to the first places, then second, then third, as many of each as configured.</summary>
    int? PrizeFor(int index) =>
        index < _points.FirstPrizes ? 1
        : index < _points.FirstPrizes + _points.SecondPrizes ? 2
        : index < _points.FirstPrizes + _points.SecondPrizes + _points.ThirdPrizes ? 3
        : null;
}
