namespace Changdu.Grains;

/// <summary>
/// The monthly assessment's rule (docs/domain.md, practice 3): an office ranks its children by a weighted
/// score of their month, and the top <see cref="AssessmentOptions.FlagPercent"/> get a red flag.
/// Ties go to the higher completeness, then the higher problem resolution, then the lower unit id,
/// so a ranking never depends on arrival order.
/// </summary>
public sealed class MonthlyRanking(AssessmentOptions options)
{
    /// <summary>Ranks the children by their rollups for <paramref name="month"/> (each child's totals, expected reports and units).</summary>
    public Assessment Rank(UnitId office, Period month, IReadOnlyList<ChildRollup> children, DateTimeOffset asOf)
    {
        var scored = children
            .Select(child => (child, indicators: IndicatorsOf(child)))
            .Select(entry => (entry.child, entry.indicators, score: ScoreOf(entry.indicators)))
            .OrderByDescending(entry => entry.score)
            .ThenByDescending(entry => entry.indicators.Completeness)
            .ThenByDescending(entry => entry.indicators.Resolution)
            .ThenBy(entry => entry.child.UnitId.Value, StringComparer.Ordinal)
            .ToList();
        var flags = FlagsFor(scored.Count, options.FlagPercent);
        var ranking = scored
            .Select((entry, index) => new AssessedUnit(entry.child.UnitId, entry.child.Name, index + 1, entry.score, entry.indicators, index < flags))
            .ToList();
        return new Assessment(office, month, false, options.RulesVersion, ranking, asOf, null);
    }

    /// <summary>The top <paramref name="percent"/>% of <paramref name="assessed"/> units, rounded down: a flag is never given beyond the share.</summary>
    public static int FlagsFor(int assessed, int percent) => assessed * percent / 100;

    /// <summary>
    /// Each indicator is a <see cref="Rate"/> capped at 1, with full marks where nothing was due;
    /// inspection is one less the findings per unit, training the people trained per unit against
    /// <see cref="AssessmentOptions.TrainedPerUnitForFullMarks"/>.
    /// </summary>
    public Indicators IndicatorsOf(ChildRollup child)
    {
        var totals = child.Totals;
        var expected = child.ExpectedReports ?? 0;
        var units = Math.Max(1, child.Units);
        return new Indicators(
            Completeness: Score(totals.Reports, expected),
            Timeliness: Score(totals.OnTimeReports, expected),
            Resolution: Score(totals.ProblemsResolved, totals.ProblemsIdentified),
            Inspection: 1 - Score(totals.Findings, units),
            Training: Math.Round(Math.Min(1m, totals.PeopleTrained / (units * options.TrainedPerUnitForFullMarks)), 4));
    }

    public decimal ScoreOf(Indicators indicators)
    {
        var weights = options.Weights;
        var total = weights.Completeness + weights.Timeliness + weights.Resolution + weights.Inspection + weights.Training;
        var weighted = weights.Completeness * indicators.Completeness + weights.Timeliness * indicators.Timeliness
            + weights.Resolution * indicators.Resolution + weights.Inspection * indicators.Inspection + weights.Training * indicators.Training;
        return total == 0 ? 0 : Math.Round(100 * weighted / total, options.Decimals, MidpointRounding.AwayFromZero);
    }

    static decimal Score(long part, long whole) => Math.Min(1m, Rate.Of(part, whole) ?? 1m);
}
