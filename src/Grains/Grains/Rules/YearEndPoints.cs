namespace Changdu.Grains;

/// <summary>
/// Year-end points (docs/domain.md, practice 8): the points the rules give a unit for its year (findings,
/// reporting completeness, red flags) on top of the entries offices wrote, and the office's ranking
/// of its children with the prizes. Ties go to the lower unit id.
/// </summary>
public sealed class YearEndPoints(PointsOptions options)
{
    /// <summary>The rules that count from the unit's own rollup of the year: findings against it, and its reporting completeness.</summary>
    public IReadOnlyList<RulePoints> FromRollup(Totals year, long expectedReports)
    {
        // Unrounded, unlike a shown rate: the points are rounded once, at the end.
        var completeness = expectedReports == 0 ? 1m : Math.Min(1m, (decimal)year.Reports / expectedReports);
        return
        [
            new RulePoints("findings", year.Findings, year.Findings * options.PerFinding),
            new RulePoints("completeness", year.Reports, Math.Round(completeness * options.FullCompleteness, 2, MidpointRounding.AwayFromZero)),
        ];
    }

    public RulePoints ForFlags(int flags) => new("flags", flags, flags * options.PerFlag);

    /// <summary>Ranks the children by points, highest first, and gives the prizes.</summary>
    public YearEnd Rank(UnitId office, int year, IEnumerable<(UnitRef Child, decimal Points)> children, DateTimeOffset asOf)
    {
        var ranking = children.OrderByDescending(entry => entry.Points).ThenBy(entry => entry.Child.UnitId)
            .Select((entry, index) => new RankedPoints(entry.Child.UnitId, entry.Child.Name, index + 1, entry.Points, PrizeFor(index)))
            .ToList();
        return new YearEnd(office, year, false, ranking, asOf, null);
    }

    /// <summary>First prizes to the first places, then second, then third, as many of each as configured.</summary>
    public int? PrizeFor(int index) =>
        index < options.FirstPrizes ? 1
        : index < options.FirstPrizes + options.SecondPrizes ? 2
        : index < options.FirstPrizes + options.SecondPrizes + options.ThirdPrizes ? 3
        : null;
}
