namespace Changdu.Grains;

/// <summary>Which units have not reported (docs/domain.md, practice 2).</summary>
public sealed partial class UnitGrain
{
    public Task<IReadOnlyList<MissingReports>> FindMissingAsync(PeriodRange range, int limit) =>
        GrainFactory.GetGrain<ISubtreeListing>(0).FindMissingAsync(Id, range, limit);

    public Task<MissingHere> GetMissingHereAsync(PeriodRange range)
    {
        if (Definition is not { } unit)
        {
            return Task.FromResult(new MissingHere(null, []));
        }
        var filed = _reports.Values.Select(report => report.Period).ToHashSet();
        var due = new SummaryBuilder().AddUnit(unit.Tier, unit.Cadences, unit.OpenedOn, unit.ClosedOn).Build();
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
