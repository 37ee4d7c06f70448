using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changdu.Grains;

/// <summary>
/// What a unit does as an office: classes and meetings (docs/domain.md, practices 6, 10), inspection rounds
/// (practice 5), the monthly assessment and its red flags (practice 3) and year-end points
/// (practice 8). Its figures reach the rollup as the unit's office part.
/// </summary>
public sealed partial class OfficeGrain(
    IOptions<ReportingOptions> reporting,
    IOptions<AssessmentOptions> assessment,
    IOptions<PointsOptions> points,
    IOptions<RollupOptions> rollup,
    TimeProvider clock,
    ProgrammeClock programme,
    IFactStore facts,
    FactCodec codec,
    ILogger<OfficeGrain> logger)
    : UnitPartGrain(facts, codec, clock, programme, rollup, logger), IOfficePart, ITrainingRegister, IInspectingOffice, IAssessingOffice, IPointsLedger
{
    public const string Concern = "office";

    readonly Dictionary<string, Training> _trainings = new(StringComparer.Ordinal);
    readonly Dictionary<string, InspectionRound> _rounds = new(StringComparer.Ordinal);
    readonly Dictionary<Period, Assessment> _closedMonths = [];
    readonly Dictionary<string, PointEntry> _points = new(StringComparer.Ordinal);
    readonly Dictionary<int, YearEnd> _closedYears = [];
    readonly MonthlyRanking _ranking = new(assessment.Value);
    readonly YearEndPoints _yearEnd = new(points.Value);
    OfficeTables _rows = null!;

    protected override string ConcernName => Concern;

    DateOnly Today => reporting.Value.LocalDay(Programme.GetUtcNow());

    protected override void DeclareTables(FactTables tables) => _rows = new OfficeTables(tables, this);

    public async Task<TrainingResult> RecordTrainingAsync(Training training)
    {
        if (await DefinitionAsync() is not { } unit)
        {
            return new TrainingResult(TrainingOutcome.UnknownUnit, null, $"There is no unit {Id}.");
        }
        if (_trainings.TryGetValue(training.TrainingId, out var existing))
        {
            return existing.Equals(training)
                ? new TrainingResult(TrainingOutcome.AlreadyStored, existing, null)
                : new TrainingResult(TrainingOutcome.TrainingIdTaken, existing, $"Training '{training.TrainingId}' was already recorded with different content.");
        }
        await CommitAsync([_rows.Trainings.Put(training.TrainingId, training)], TrainingOutcome.Recorded.ToString(), unit,
            new SummaryBuilder().Add(MonthOf(training.StartsOn), training.AsTotals()).Build());
        return new TrainingResult(TrainingOutcome.Recorded, training, null);
    }

    public async Task<IReadOnlyList<Training>?> ListTrainingsAsync(PeriodRange? range) =>
        await DefinitionAsync() is null
            ? null
            : _trainings.Values
                .Where(training => range is not { } r || (r.Start <= training.StartsOn && training.StartsOn < r.End))
                .OrderBy(training => training.StartsOn).ThenBy(training => training.TrainingId, StringComparer.Ordinal).ToList();

    public async Task<InspectionResult> OpenRoundAsync(string roundId, DateOnly startsOn, int? seed)
    {
        if (await DefinitionAsync() is not { } unit)
        {
            return new InspectionResult(InspectionOutcome.UnknownUnit, null, $"There is no unit {Id}.");
        }
        if (_rounds.TryGetValue(roundId, out var existing))
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
            InspectionRound.Draw(Id, unit.Children.Select(child => child.UnitId).ToList(), drawSeed), [], Programme.GetUtcNow());
        var year = startsOn.Year;
        var inspectedBefore = InspectedOf(year, unit);
        var opened = _rows.Rounds.Put(roundId, round);
        opened.Apply();
        var inspectedAfter = InspectedOf(year, unit);
        opened.Undo();
        var delta = new SummaryBuilder().Add(MonthOf(startsOn), Totals.Zero with { InspectionRounds = 1, Inspections = round.Pairs.Count }).Build();
        await CommitAsync([opened], InspectionOutcome.Opened.ToString(), unit,
            new SummaryBuilder().Add(delta).Add(Summary.Difference(inspectedBefore, inspectedAfter)).Build());
        return new InspectionResult(InspectionOutcome.Opened, round, null);
    }

    public async Task<InspectionResult> RecordFindingAsync(string roundId, Finding finding)
    {
        if (await DefinitionAsync() is not { } unit)
        {
            return new InspectionResult(InspectionOutcome.UnknownUnit, null, $"There is no unit {Id}.");
        }
        if (!_rounds.TryGetValue(roundId, out var round))
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
        // The finding counts where it raised its problem; the office's part stays as it is.
        await CommitAsync([_rows.Rounds.Put(roundId, withFinding)], InspectionOutcome.FindingRecorded.ToString(), unit, Summary.Empty);
        return new InspectionResult(InspectionOutcome.FindingRecorded, withFinding, null);
    }

    public async Task<InspectionRound?> GetRoundAsync(string roundId) =>
        await DefinitionAsync() is null ? null : _rounds.GetValueOrDefault(roundId);

    public async Task<IReadOnlyList<InspectionRound>?> ListRoundsAsync(int year) =>
        await DefinitionAsync() is null
            ? null
            : _rounds.Values.Where(round => round.StartsOn.Year == year).OrderBy(round => round.StartsOn).ToList();

    public Task<IReadOnlyList<TierCoverage>?> GetCoverageAsync(int year) =>
        GrainFactory.GetGrain<IRollupNode>(Id.Value).GetInspectionCoverageAsync(year);

    public Task<IReadOnlyList<UnitRef>> ListUninspectedAsync(int year, int limit) =>
        GrainFactory.GetGrain<ISubtreeListing>(0).ListUninspectedAsync(Id, year, limit);

    public Task<IReadOnlyList<UnitId>> ListInspectedChildrenAsync(int year) =>
        Task.FromResult<IReadOnlyList<UnitId>>([.. InspectedChildren(year)]);

    /// <summary>Office work in the month it happened; coverage as the distinct children inspected each year.</summary>
    protected override Summary CountPart(UnitDefinition? unit)
    {
        var summary = new SummaryBuilder();
        foreach (var training in _trainings.Values)
        {
            summary.Add(MonthOf(training.StartsOn), training.AsTotals());
        }
        foreach (var round in _rounds.Values)
        {
            summary.Add(MonthOf(round.StartsOn), Totals.Zero with { InspectionRounds = 1, Inspections = round.Pairs.Count });
        }
        foreach (var year in _rounds.Values.Select(round => round.StartsOn.Year).Distinct())
        {
            summary.Add(InspectedOf(year, unit));
        }
        foreach (var closed in _closedMonths.Values)
        {
            summary.Add(closed.Month, Totals.Zero with { AwardRounds = 1, Flags = closed.Flags });
        }
        foreach (var entry in _points.Values)
        {
            summary.Add(MonthOf(entry.On), Totals.Zero with { Points = entry.Points });
        }
        return summary.Build();
    }

    /// <summary>The children inspected in <paramref name="year"/>, counted by their tier.</summary>
    Summary InspectedOf(int year, UnitDefinition? unit)
    {
        var summary = new SummaryBuilder();
        var inspected = InspectedChildren(year);
        foreach (var tier in (unit?.Children ?? []).Where(child => inspected.Contains(child.UnitId)).GroupBy(child => child.Tier))
        {
            summary.AddInspected(tier.Key, year, tier.Count());
        }
        return summary.Build();
    }

    HashSet<UnitId> InspectedChildren(int year) =>
        _rounds.Values.Where(round => round.StartsOn.Year == year).SelectMany(round => round.Pairs).Select(pair => pair.Target).ToHashSet();

    sealed class OfficeTables(FactTables tables, OfficeGrain office)
    {
        public FactTable<string, Training> Trainings { get; } = tables.Add("training", office._trainings);

        public FactTable<string, InspectionRound> Rounds { get; } = tables.Add("inspection-round", office._rounds);

        public FactTable<Period, Assessment> ClosedMonths { get; } = tables.Add<Period, Assessment>("closed-month", month => month.ToString(), Period.Parse,
            office._closedMonths.TryGetValue, (month, assessment) => office._closedMonths[month] = assessment, month => office._closedMonths.Remove(month));

        public FactTable<string, PointEntry> Points { get; } = tables.Add("points", office._points);

        public FactTable<int, YearEnd> ClosedYears { get; } = tables.Add<int, YearEnd>("closed-year", year => year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            key => int.Parse(key, System.Globalization.CultureInfo.InvariantCulture), office._closedYears.TryGetValue,
            (year, yearEnd) => office._closedYears[year] = yearEnd, year => office._closedYears.Remove(year));
    }
}
