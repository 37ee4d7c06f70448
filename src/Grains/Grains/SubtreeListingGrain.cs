using Orleans.Concurrency;

namespace Changdu.Grains;

/// <summary>
/// Walks a subtree for a listing, depth first, in the order of each unit's children: each unit on
/// the way answers what it holds itself and which children's held counts call for a visit, and the
/// walk goes on without holding it, so no offer from below waits behind a listing.
/// </summary>
[StatelessWorker(StatelessWorkers.OnePerCore, removeIdleWorkers: false)]
public sealed class SubtreeListingGrain : Grain, ISubtreeListing
{
    const int VisitsAtOnce = 16;

    public Task<IReadOnlyList<Leave>> ListLeaveAsync(UnitId root, Period month) =>
        ListDutyAsync(root, month, ListingMeasure.LeaveRecords, duty => duty.ListOwnLeaveAsync(month));

    public Task<IReadOnlyList<Absence>> ListAbsencesAsync(UnitId root, Period month) =>
        ListDutyAsync(root, month, ListingMeasure.Absences, duty => duty.ListOwnAbsencesAsync(month));

    /// <summary>What each team's duty lists of its own, from the subtrees whose held counts of <paramref name="measure"/> show some.</summary>
    async Task<IReadOnlyList<T>> ListDutyAsync<T>(UnitId root, Period month, ListingMeasure measure, Func<IDutyRegister, Task<IReadOnlyList<T>>> own)
    {
        var found = new List<T>();
        await WalkAsync(root, async unit =>
        {
            var listed = await own(GrainFactory.GetGrain<IDutyRegister>(unit.Value));
            return new Visited<T>(listed, await Node(unit).ListChildrenCountingAsync(month, measure));
        }, found, int.MaxValue);
        return found;
    }

    public async Task<IReadOnlyList<MissingReports>> FindMissingAsync(UnitId root, PeriodRange range, int limit)
    {
        var found = new List<MissingReports>();
        if (limit > 0)
        {
            await WalkAsync(root, async unit =>
            {
                var here = await Node(unit).GetMissingHereAsync(range);
                return new Visited<MissingReports>(here.Own is { } own ? [own] : [], here.ShortChildren);
            }, found, limit);
        }
        return found.Take(limit).ToList();
    }

    public async Task<IReadOnlyList<ListedReport>> ListReportsAsync(UnitId root, PeriodRange range, int limit)
    {
        var found = new List<ListedReport>();
        if (limit > 0)
        {
            await WalkAsync(root, async unit =>
            {
                var here = await Node(unit).GetReportsHereAsync(range, limit);
                return new Visited<ListedReport>(here.Own, here.ReportingChildren);
            }, found, limit);
        }
        return found.Take(limit).ToList();
    }

    public async Task<IReadOnlyList<UnitRef>> ListUninspectedAsync(UnitId root, int year, int limit)
    {
        var found = new List<UnitRef>();
        await VisitUninspectedAsync(root, year, limit, found);
        return found;
    }

    /// <summary>A unit's uninspected children first, then, while the limit allows, the subtrees of its children short of inspection.</summary>
    async Task VisitUninspectedAsync(UnitId unit, int year, int limit, List<UnitRef> found)
    {
        var definition = await GrainFactory.GetGrain<IUnitGrain>(unit.Value).GetDefinitionAsync();
        if (definition is null)
        {
            return;
        }
        var inspected = (await GrainFactory.GetGrain<IInspectingOffice>(unit.Value).ListInspectedChildrenAsync(year)).ToHashSet();
        found.AddRange(definition.Children.Where(child => !inspected.Contains(child.UnitId))
            .Select(child => new UnitRef(child.UnitId, child.Name, child.Tier)).Take(limit - found.Count));
        foreach (var child in await Node(unit).ListChildrenShortOfInspectionAsync(year))
        {
            if (found.Count >= limit)
            {
                return;
            }
            await VisitUninspectedAsync(child.UnitId, year, limit, found);
        }
    }

    /// <summary>
    /// Visits <paramref name="root"/>, then each child a visit names, depth first and in order, until
    /// <paramref name="limit"/> items are found. A unit's children are visited <see cref="VisitsAtOnce"/>
    /// at a time and taken in order: each visit is a grain call, often to a unit not active yet, and
    /// a township's teams one after another cost a round trip each.
    /// </summary>
    static async Task WalkAsync<T>(UnitId root, Func<UnitId, Task<Visited<T>>> visit, List<T> found, int limit)
    {
        await TakeAsync(await visit(root));

        async Task TakeAsync(Visited<T> visited)
        {
            found.AddRange(visited.Found);
            for (var first = 0; first < visited.Children.Count && found.Count < limit; first += VisitsAtOnce)
            {
                foreach (var child in await Task.WhenAll(visited.Children.Skip(first).Take(VisitsAtOnce).Select(visit)))
                {
                    if (found.Count >= limit)
                    {
                        return;
                    }
                    await TakeAsync(child);
                }
            }
        }
    }

    /// <summary>What a visit found at a unit, and the children to visit next.</summary>
    sealed record Visited<T>(IReadOnlyList<T> Found, IReadOnlyList<UnitId> Children);

    IRollupNode Node(UnitId unit) => GrainFactory.GetGrain<IRollupNode>(unit.Value);
}
