namespace Changdu.Grains;

/// <summary>Which units have not reported (DOMAIN practice 2).</summary>
public sealed partial class UnitGrain
{
    public async Task<IReadOnlyList<MissingReports>> FindMissingAsync(PeriodRange range, int limit)
    {
        if (Definition is not { } unit || limit <= 0)
        {
            return [];
        }
        var found = new List<MissingReports>();
        var filed = _reports.Values.Select(report => report.Period).ToHashSet();
        var due = new SummaryBuilder().AddUnit(unit.Tier, unit.Cadences, unit.OpenedOn, unit.ClosedOn).Build();
        var missed = unit.Cadences
            .SelectMany(cadence => range.Split(cadence.PeriodKind()))
            .Where(period => range.Contains(period) && !filed.Contains(period) && IsDue(due, period))
            .ToList();
        if (missed.Count > 0)
        {
            found.Add(new MissingReports(new UnitRef(unit.UnitId, unit.Name, unit.Tier), missed));
        }
        foreach (var child in unit.Children)
        {
            if (found.Count >= limit)
            {
                break;
            }
            var held = _ledger.ChildSummary(child.UnitId);
            if (held.IsEmpty || held.Within(range).Reports < held.ExpectedWithin(range))
            {
                found.AddRange(await GrainFactory.GetGrain<IRollupNode>(child.UnitId.Value).FindMissingAsync(range, limit - found.Count));
            }
        }
        return found.Take(limit).ToList();
    }

    /// <summary>Whether a report for <paramref name="period"/> is expected of the unit <paramref name="due"/> describes.</summary>
    static bool IsDue(Summary due, Period period) => due.ExpectedWithin(period) > 0;
}
