namespace Changdu.Grains;

/// <summary>What a unit does as an office: classes and meetings (practices 6, 10) and inspection rounds (practice 5).</summary>
public sealed partial class UnitGrain
{
    public async Task<TrainingResult> RecordTrainingAsync(Training training)
    {
        if (Definition is null)
        {
            return new TrainingResult(TrainingOutcome.UnknownUnit, null, $"There is no unit {Id}.");
        }
        if (_officeRecords.Trainings.TryGetValue(training.TrainingId, out var existing))
        {
            return existing.Equals(training)
                ? new TrainingResult(TrainingOutcome.AlreadyStored, existing, null)
                : new TrainingResult(TrainingOutcome.TrainingIdTaken, existing, $"Training '{training.TrainingId}' was already recorded with different content.");
        }
        await CommitAsync([_rows.Trainings.Put(training.TrainingId, training)], TrainingOutcome.Recorded.ToString(), Contribution.Office);
        return new TrainingResult(TrainingOutcome.Recorded, training, null);
    }

    public Task<IReadOnlyList<Training>?> ListTrainingsAsync(PeriodRange? range) =>
        Task.FromResult<IReadOnlyList<Training>?>(Definition is null
            ? null
            : _officeRecords.Trainings.Values
                .Where(training => range is not { } r || (r.Start <= training.StartsOn && training.StartsOn < r.End))
                .OrderBy(training => training.StartsOn).ThenBy(training => training.TrainingId, StringComparer.Ordinal).ToList());

    public async Task<InspectionResult> OpenRoundAsync(string roundId, DateOnly startsOn, int? seed)
    {
        if (Definition is not { } unit)
        {
            return new InspectionResult(InspectionOutcome.UnknownUnit, null, $"There is no unit {Id}.");
        }
        if (_officeRecords.Rounds.TryGetValue(roundId, out var existing))
        {
            return existing.StartsOn == startsOn && (seed is null || seed == existing.Seed)
                ? new InspectionResult(InspectionOutcome.AlreadyStored, existing, null)
                : new InspectionResult(InspectionOutcome.RoundIdTaken, existing, $"Round '{roundId}' was already opened with a different date or seed.");
        }
        if (unit.Children.Count == 0)
        {
            return new InspectionResult(InspectionOutcome.NoChildren, null, $"{unit.Name} has no units below it to inspect.");
        }
        var drawSeed = seed ?? Random.Shared.Next();
        var round = new InspectionRound(Id, roundId, startsOn, drawSeed,
            InspectionRound.Draw(Id, unit.Children.Select(child => child.UnitId).ToList(), drawSeed), [], clock.GetUtcNow());
        await CommitAsync([_rows.Rounds.Put(roundId, round)], InspectionOutcome.Opened.ToString(), Contribution.Office);
        return new InspectionResult(InspectionOutcome.Opened, round, null);
    }

    public async Task<InspectionResult> RecordFindingAsync(string roundId, Finding finding)
    {
        if (Definition is null)
        {
            return new InspectionResult(InspectionOutcome.UnknownUnit, null, $"There is no unit {Id}.");
        }
        if (!_officeRecords.Rounds.TryGetValue(roundId, out var round))
        {
            return new InspectionResult(InspectionOutcome.UnknownRound, null, $"Unit {Id} opened no round '{roundId}'.");
        }
        if (round.Findings.FirstOrDefault(recorded => recorded.FindingId == finding.FindingId) is { } recorded)
        {
            return recorded == finding
                ? new InspectionResult(InspectionOutcome.AlreadyStored, round, null)
                : new InspectionResult(InspectionOutcome.FindingIdTaken, round, $"Finding '{finding.FindingId}' was already recorded with different content.");
        }
        if (round.Pairs.All(pair => pair.Target != finding.Target))
        {
            return new InspectionResult(InspectionOutcome.NotATarget, round, $"Unit {finding.Target} is not inspected in round '{roundId}'.");
        }
        if (finding.FoundOn < round.StartsOn || finding.FoundOn > Today)
        {
            return new InspectionResult(InspectionOutcome.DateOutOfOrder, round,
                $"Round '{roundId}' started on {round.StartsOn:yyyy-MM-dd}; a finding is dated from then until today.");
        }
        // The target's problem first: if this office fails afterwards, the retried finding finds the problem already raised.
        var raised = await GrainFactory.GetGrain<IProblemRegister>(finding.Target.Value).RaiseProblemAsync(new ProblemDraft(
            finding.ProblemId(roundId), finding.Category, finding.Description, finding.FoundOn, ProblemSource.Inspection, $"{Id}/{roundId}"));
        if (!raised.Accepted)
        {
            return new InspectionResult(InspectionOutcome.FindingIdTaken, round, raised.Detail);
        }
        var withFinding = round with { Findings = [.. round.Findings, finding] };
        await CommitAsync([_rows.Rounds.Put(roundId, withFinding)], InspectionOutcome.FindingRecorded.ToString(), Contribution.Office);
        return new InspectionResult(InspectionOutcome.FindingRecorded, withFinding, null);
    }

    public Task<InspectionRound?> GetRoundAsync(string roundId) =>
        Task.FromResult(Definition is null ? null : _officeRecords.Rounds.GetValueOrDefault(roundId));

    public Task<IReadOnlyList<InspectionRound>?> ListRoundsAsync(int year) =>
        Task.FromResult<IReadOnlyList<InspectionRound>?>(Definition is null
            ? null
            : _officeRecords.Rounds.Values.Where(round => round.StartsOn.Year == year).OrderBy(round => round.StartsOn).ToList());

    public Task<IReadOnlyList<TierCoverage>?> GetCoverageAsync(int year)
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

    public async Task<IReadOnlyList<UnitRef>> ListUninspectedAsync(int year, int limit)
    {
        if (Definition is not { } unit)
        {
            return [];
        }
        var inspected = InspectedChildren(year);
        var found = unit.Children.Where(child => !inspected.Contains(child.UnitId))
            .Select(child => new UnitRef(child.UnitId, child.Name, child.Tier)).Take(limit).ToList();
        var shortOnes = unit.Children
            .Where(child => _ledger.ChildSummary(child.UnitId) is var held && (held.IsEmpty || !FullyInspectedBelow(held, child.Tier, year)))
            .ToList();
        foreach (var child in shortOnes)
        {
            if (found.Count >= limit)
            {
                break;
            }
            found.AddRange(await GrainFactory.GetGrain<IInspectingOffice>(child.UnitId.Value).ListUninspectedAsync(year, limit - found.Count));
        }
        return found;
    }

    /// <summary>Whether every unit below a child (not the child itself) was inspected in the year, by its summary.</summary>
    static bool FullyInspectedBelow(Summary summary, string childTier, int year) =>
        summary.UnitsByTier.All(tier =>
            summary.Inspected.GetValueOrDefault(new TierYear(tier.Key, year)) >= tier.Value - (tier.Key == childTier ? 1 : 0));

    HashSet<UnitId> InspectedChildren(int year) =>
        _officeRecords.Rounds.Values.Where(round => round.StartsOn.Year == year).SelectMany(round => round.Pairs).Select(pair => pair.Target).ToHashSet();

    /// <summary>Office work in the month it happened; coverage as the distinct children inspected each year.</summary>
    void AddOfficeWork(SummaryBuilder summary)
    {
        foreach (var training in _officeRecords.Trainings.Values)
        {
            summary.Add(MonthOf(training.StartsOn), training.AsTotals());
        }
        foreach (var round in _officeRecords.Rounds.Values)
        {
            summary.Add(MonthOf(round.StartsOn), Totals.Zero with { InspectionRounds = 1, Inspections = round.Pairs.Count });
        }
        foreach (var year in _officeRecords.Rounds.Values.Select(round => round.StartsOn.Year).Distinct())
        {
            var inspected = InspectedChildren(year);
            foreach (var tier in Definition!.Children.Where(child => inspected.Contains(child.UnitId)).GroupBy(child => child.Tier))
            {
                summary.AddInspected(tier.Key, year, tier.Count());
            }
        }
        foreach (var closed in _officeRecords.ClosedMonths.Values)
        {
            summary.Add(closed.Month, Totals.Zero with { AwardRounds = 1, Flags = closed.Flags });
        }
        foreach (var entry in _officeRecords.Points.Values)
        {
            summary.Add(MonthOf(entry.On), Totals.Zero with { Points = entry.Points });
        }
        foreach (var issuedOn in _officeRecords.CardsIssued.Values)
        {
            summary.Add(MonthOf(issuedOn), Totals.Zero with { CardsIssued = 1 });
        }
    }
}
