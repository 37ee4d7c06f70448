using Orleans.Concurrency;

namespace Changdu.Grains;

/// <summary>
/// Walks a subtree for a listing, depth first, in the order of each unit's children: each unit on
/// the way answers what it holds itself and which children's held counts call for a visit, and the
/// walk goes on without holding it, so no offer from below waits behind a listing.
/// </summary>
[StatelessWorker]
public sealed class SubtreeListingGrain : Grain, ISubtreeListing
{
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
            found.AddRange(await own(GrainFactory.GetGrain<IDutyRegister>(unit.Value)));
            return await Node(unit).ListChildrenCountingAsync(month, measure);
        });
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
                if (here.Own is { } own)
                {
                    found.Add(own);
                }
                return here.ShortChildren;
            }, () => found.Count >= limit);
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

    /// <summary>Visits <paramref name="unit"/>, then each child it names, depth first, until <paramref name="done"/>.</summary>
    static async Task WalkAsync(UnitId unit, Func<UnitId, Task<IReadOnlyList<UnitId>>> visit, Func<bool>? done = null)
    {
        foreach (var child in await visit(unit))
        {
            if (done?.Invoke() == true)
            {
                return;
            }
            await WalkAsync(child, visit, done);
        }
    }

    IRollupNode Node(UnitId unit) => GrainFactory.GetGrain<IRollupNode>(unit.Value);
}
