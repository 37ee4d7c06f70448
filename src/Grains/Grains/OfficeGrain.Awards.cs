namespace Changdu.Grains;

/// <summary>
/// The office's awards: the monthly assessment, live until the month is closed (by the schedule or
/// by the office) and frozen after, and the year's points and prizes. The rules are
/// <see cref="MonthlyRanking"/> and <see cref="YearEndPoints"/>; the children's figures come from the unit's rollup.
/// </summary>
public sealed partial class OfficeGrain
{
    const string ClosedBySchedule = "schedule";

    public async Task<Assessment?> GetAssessmentAsync(Period month)
    {
        if (month.Kind != PeriodKind.Month || await DefinitionAsync() is not { Children.Count: > 0 })
        {
            return null;
        }
        return _closedMonths.GetValueOrDefault(month) ?? await RankAsync(month);
    }

    public async Task<CloseResult> CloseMonthAsync(Period month, string closedBy)
    {
        if (await DefinitionAsync() is not { } unit)
        {
            return new CloseResult(CloseOutcome.UnknownUnit, null, $"There is no unit {Id}.");
        }
        if (_closedMonths.TryGetValue(month, out var closed))
        {
            return new CloseResult(CloseOutcome.AlreadyClosed, closed, null);
        }
        if (unit.Children.Count == 0)
        {
            return new CloseResult(CloseOutcome.NoChildren, null, $"{unit.Name} has no units below it to assess.");
        }
        if (month.End > Today)
        {
            return new CloseResult(CloseOutcome.PeriodNotEnded, null, $"{month} has not ended; it can be closed from {month.End:yyyy-MM-dd}.");
        }
        var frozen = await RankAsync(month) with { Closed = true, ClosedBy = closedBy };
        await CommitAsync([_rows.ClosedMonths.Put(month, frozen)], CloseOutcome.Closed.ToString(), unit,
            new SummaryBuilder().Add(month, Totals.Zero with { AwardRounds = 1, Flags = frozen.Flags }).Build());
        return new CloseResult(CloseOutcome.Closed, frozen, null);
    }

    public async Task<IReadOnlyList<UnitId>> CloseDueMonthsAsync()
    {
        if (await DefinitionAsync() is not { Children.Count: > 0 } unit)
        {
            return [];
        }
        var today = Today;
        var earliest = today.AddDays(-assessment.Value.CatchUpDays);
        foreach (var month in Period.Between(new DateOnly(earliest.Year, earliest.Month, 1), today, PeriodKind.Month))
        {
            await CloseIfDueAsync(month, today);
        }
        return unit.Children.Select(child => child.UnitId).ToList();
    }

    public async Task<bool> CloseListedMonthAsync(Period month)
    {
        var today = Today;
        if (ClosingDayOf(month) > today)
        {
            return false;
        }
        if (await DefinitionAsync() is { Children.Count: > 0 })
        {
            await CloseIfDueAsync(month, today);
        }
        return true;
    }

    /// <summary>Closes <paramref name="month"/> for the schedule when its closing day has come, within the catch-up window, and something was reported in it.</summary>
    async Task CloseIfDueAsync(Period month, DateOnly today)
    {
        var closingDay = ClosingDayOf(month);
        // A month in which nothing was reported below is not assessed by the schedule: ranking
        // silent units would hand out flags by unit id. An office can still close it explicitly.
        if (closingDay <= today && closingDay > today.AddDays(-assessment.Value.CatchUpDays) && !_closedMonths.ContainsKey(month)
            && (await RollupAsync(month))?.Totals.Reports > 0)
        {
            await CloseMonthAsync(month, ClosedBySchedule);
        }
    }

    DateOnly ClosingDayOf(Period month) => month.End.AddDays(assessment.Value.CloseAfterDays);

    public Task<IReadOnlyList<FlagAward>> GetFlagsOfAsync(UnitId child) =>
        Task.FromResult<IReadOnlyList<FlagAward>>(_closedMonths.Values
            .SelectMany(closed => closed.Ranking.Where(assessed => assessed.Flag && assessed.UnitId == child)
                .Select(assessed => new FlagAward(Id, closed.Month, assessed.Rank, closed.Ranking.Count, assessed.Score)))
            .OrderByDescending(award => award.Month.Start)
            .ToList());

    public async Task<PointsResult> RecordPointsAsync(PointEntry entry)
    {
        if (await DefinitionAsync() is not { } unit)
        {
            return new PointsResult(PointsOutcome.UnknownUnit, null, $"There is no unit {Id}.");
        }
        if (_points.TryGetValue(entry.EntryId, out var existing))
        {
            return existing == entry
                ? new PointsResult(PointsOutcome.AlreadyStored, existing, null)
                : new PointsResult(PointsOutcome.EntryIdTaken, existing, $"Entry '{entry.EntryId}' was already recorded with different content.");
        }
        await CommitAsync([_rows.Points.Put(entry.EntryId, entry)], PointsOutcome.Recorded.ToString(), unit,
            new SummaryBuilder().Add(MonthOf(entry.On), Totals.Zero with { Points = entry.Points }).Build());
        return new PointsResult(PointsOutcome.Recorded, entry, null);
    }

    public async Task<PointsStatement?> GetOwnPointsAsync(int year)
    {
        if (await RollupAsync(Period.OfYear(year)) is not { } rollup)
        {
            return null;
        }
        var entries = _points.Values.Where(entry => entry.On.Year == year).OrderBy(entry => entry.On).ThenBy(entry => entry.EntryId, StringComparer.Ordinal).ToList();
        return new PointsStatement(Id, year, entries, _yearEnd.FromRollup(rollup.Totals, rollup.ExpectedReports ?? 0));
    }

    public async Task<PointsStatement?> GetPointsAsync(int year)
    {
        if (await GetOwnPointsAsync(year) is not { } own)
        {
            return null;
        }
        var flags = (await Unit.GetFlagHistoryAsync())?.Count(flag => flag.Month.Year == year) ?? 0;
        return own with { Rules = [.. own.Rules, _yearEnd.ForFlags(flags)] };
    }

    public async Task<YearEnd?> GetYearEndAsync(int year)
    {
        if (await DefinitionAsync() is not { Children.Count: > 0 } unit)
        {
            return null;
        }
        return _closedYears.GetValueOrDefault(year) ?? await RankYearAsync(year, unit);
    }

    public async Task<YearEndResult> CloseYearAsync(int year, string closedBy)
    {
        if (await DefinitionAsync() is not { } unit)
        {
            return new YearEndResult(CloseOutcome.UnknownUnit, null, $"There is no unit {Id}.");
        }
        if (unit.Children.Count == 0)
        {
            return new YearEndResult(CloseOutcome.NoChildren, null, $"{unit.Name} has no units below it to rank.");
        }
        if (_closedYears.TryGetValue(year, out var closed))
        {
            return new YearEndResult(CloseOutcome.AlreadyClosed, closed, null);
        }
        if (Period.OfYear(year).End > Today)
        {
            return new YearEndResult(CloseOutcome.PeriodNotEnded, null, $"{year} has not ended; it can be closed from {Period.OfYear(year).End:yyyy-MM-dd}.");
        }
        var frozen = await RankYearAsync(year, unit) with { Closed = true, ClosedBy = closedBy };
        await CommitAsync([_rows.ClosedYears.Put(year, frozen)], CloseOutcome.Closed.ToString(), unit, Summary.Empty);
        return new YearEndResult(CloseOutcome.Closed, frozen, null);
    }

    async Task<Assessment> RankAsync(Period month) =>
        _ranking.Rank(Id, month, (await RollupAsync(month))?.Children ?? [], Programme.GetUtcNow());

    async Task<YearEnd> RankYearAsync(int year, UnitDefinition unit)
    {
        var statements = await Task.WhenAll(unit.Children.Select(async child =>
        {
            var own = await GrainFactory.GetGrain<IPointsLedger>(child.UnitId.Value).GetOwnPointsAsync(year);
            var flags = _closedMonths.Values.Where(month => month.Month.Year == year)
                .Count(month => month.Ranking.Any(assessed => assessed.Flag && assessed.UnitId == child.UnitId));
            return (new UnitRef(child.UnitId, child.Name, child.Tier), (own?.Total ?? 0) + _yearEnd.ForFlags(flags).Points);
        }));
        return _yearEnd.Rank(Id, year, statements, Programme.GetUtcNow());
    }

    Task<RollupView?> RollupAsync(Period period) => GrainFactory.GetGrain<IRollupNode>(Id.Value).GetRollupAsync(period);
}
