namespace Changdu.Grains;

/// <summary>
/// The monthly assessment and its red flags (DOMAIN practice 3): the office ranks its children by
/// a weighted score of their month, and the top <see cref="AssessmentOptions.FlagPercent"/> get a
/// flag. Live until the month is closed (by the schedule or by the office), frozen after.
/// </summary>
public sealed partial class UnitGrain
{
    const string ClosedBySchedule = "schedule";

    public Task<Assessment?> GetAssessmentAsync(Period month)
    {
        if (Definition is not { Children.Count: > 0 } || month.Kind != PeriodKind.Month)
        {
            return Task.FromResult<Assessment?>(null);
        }
        return Task.FromResult<Assessment?>(_officeRecords.ClosedMonths.GetValueOrDefault(month) ?? Rank(month));
    }

    public async Task<CloseResult> CloseMonthAsync(Period month, string closedBy)
    {
        if (Definition is not { } unit)
        {
            return new CloseResult(CloseOutcome.UnknownUnit, null, $"There is no unit {Id}.");
        }
        if (_officeRecords.ClosedMonths.TryGetValue(month, out var closed))
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
        var frozen = Rank(month) with { Closed = true, ClosedBy = closedBy };
        await CommitAsync([_rows.ClosedMonths.Put(month, frozen)], CloseOutcome.Closed.ToString(), Contribution.Office);
        return new CloseResult(CloseOutcome.Closed, frozen, null);
    }

    public async Task<IReadOnlyList<UnitId>> CloseDueMonthsAsync()
    {
        if (Definition is not { Children.Count: > 0 } unit)
        {
            return [];
        }
        var today = Today;
        var earliest = today.AddDays(-_assessment.CatchUpDays);
        foreach (var month in Period.Between(new DateOnly(earliest.Year, earliest.Month, 1), today, PeriodKind.Month))
        {
            var closingDay = month.End.AddDays(_assessment.CloseAfterDays);
            // A month in which nothing was reported below is not assessed by the schedule: ranking
            // silent units would hand out flags by unit id. An office can still close it explicitly.
            if (closingDay <= today && closingDay > earliest && !_officeRecords.ClosedMonths.ContainsKey(month)
                && CurrentSummary().Within(month).Reports > 0)
            {
                await CloseMonthAsync(month, ClosedBySchedule);
            }
        }
        return unit.Children.Select(child => child.UnitId).ToList();
    }

    public Task<IReadOnlyList<FlagAward>> GetFlagsOfAsync(UnitId child) =>
        Task.FromResult<IReadOnlyList<FlagAward>>(_officeRecords.ClosedMonths.Values
            .SelectMany(closed => closed.Ranking.Where(assessed => assessed.Flag && assessed.UnitId == child)
                .Select(assessed => new FlagAward(Id, closed.Month, assessed.Rank, closed.Ranking.Count, assessed.Score)))
            .OrderByDescending(award => award.Month.Start)
            .ToList());

    public async Task<IReadOnlyList<FlagAward>?> GetFlagHistoryAsync()
    {
        if (Definition is not { } unit)
        {
            return null;
        }
        return unit.ParentId is { } parent ? await GrainFactory.GetGrain<IAssessingOffice>(parent.Value).GetFlagsOfAsync(Id) : [];
    }

    /// <summary>
    /// Ranks the children by score; ties go to the higher completeness, then the higher problem
    /// resolution, then the lower unit id, so a ranking never depends on arrival order.
    /// </summary>
    Assessment Rank(Period month)
    {
        var scored = Definition!.Children
            .Select(child => (child, indicators: IndicatorsOf(_ledger.ChildSummary(child.UnitId), month)))
            .Select(entry => (entry.child, entry.indicators, score: ScoreOf(entry.indicators)))
            .OrderByDescending(entry => entry.score)
            .ThenByDescending(entry => entry.indicators.Completeness)
            .ThenByDescending(entry => entry.indicators.Resolution)
            .ThenBy(entry => entry.child.UnitId.Value, StringComparer.Ordinal)
            .ToList();
        var flags = FlagsFor(scored.Count, _assessment.FlagPercent);
        var ranking = scored
            .Select((entry, index) => new AssessedUnit(entry.child.UnitId, entry.child.Name, index + 1, entry.score, entry.indicators, index < flags))
            .ToList();
        return new Assessment(Id, month, false, _assessment.RulesVersion, ranking, clock.GetUtcNow(), null);
    }

    /// <summary>The top <paramref name="percent"/>% of <paramref name="assessed"/> units, rounded down: a flag is never given beyond the share.</summary>
    public static int FlagsFor(int assessed, int percent) => assessed * percent / 100;

    Indicators IndicatorsOf(Summary summary, Period month)
    {
        var totals = summary.Within(month);
        var expected = summary.ExpectedWithin(month);
        var units = Math.Max(1, summary.UnitsByTier.Values.Sum());
        return new Indicators(
            Completeness: Share(totals.Reports, expected),
            Timeliness: Share(totals.OnTimeReports, expected),
            Resolution: Share(totals.ProblemsResolved, totals.ProblemsIdentified),
            Inspection: 1 - Share(totals.Findings, units),
            Training: Math.Round(Math.Min(1m, totals.PeopleTrained / (units * _assessment.TrainedPerUnitForFullMarks)), 4));
    }

    /// <summary>A part of a whole to 4 places, capped at 1; full marks when nothing was due.</summary>
    static decimal Share(long part, long whole) => whole == 0 ? 1m : Math.Round(Math.Min(1m, (decimal)part / whole), 4);

    decimal ScoreOf(Indicators indicators)
    {
        var weights = _assessment.Weights;
        var total = weights.Completeness + weights.Timeliness + weights.Resolution + weights.Inspection + weights.Training;
        var weighted = weights.Completeness * indicators.Completeness + weights.Timeliness * indicators.Timeliness
            + weights.Resolution * indicators.Resolution + weights.Inspection * indicators.Inspection + weights.Training * indicators.Training;
        return total == 0 ? 0 : Math.Round(100 * weighted / total, _assessment.Decimals, MidpointRounding.AwayFromZero);
    }
}
