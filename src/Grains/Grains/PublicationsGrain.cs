using Orleans.Concurrency;

namespace Changdu.Grains;

/// <summary>
/// Composes what the programme publishes from the registers below it: it holds nothing, so any
/// silo serves it (a stateless worker) and no unit grain is held while a listing is read.
/// </summary>
[StatelessWorker(StatelessWorkers.OnePerCore, removeIdleWorkers: false)]
public sealed class PublicationsGrain : Grain, IPublications
{
    public async Task<LeaveRoster?> GetLeaveRosterAsync(UnitId unit, Period month)
    {
        if (await DefinitionAsync(unit) is not { } definition)
        {
            return null;
        }
        var leave = await GrainFactory.GetGrain<IDutyRegister>(unit.Value).ListLeaveAsync(month);
        var names = await CadreNamesAsync(leave.Select(record => record.Request.CadreId));
        var teams = await UnitNamesAsync(leave.Select(record => record.UnitId));
        var lines = leave
            .Select(record => new RosterLine(record.UnitId, teams[record.UnitId], LeavePrivacy.PublishedName(names[record.Request.CadreId]),
                LeavePrivacy.PublishedKind(record.Request.Kind), record.Request.From, record.Request.Until, record.ReturnedOn, record.Status))
            .OrderBy(line => line.TeamId.Value, StringComparer.Ordinal).ThenBy(line => line.From).ThenBy(line => line.Name, StringComparer.Ordinal)
            .ToList();
        return new LeaveRoster(unit, definition.Name, month, lines);
    }

    public async Task<AbsenceBulletin> GetAbsenceBulletinAsync(Period month)
    {
        var roots = (await GrainFactory.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).GetAppliedAsync())?.Roots ?? [];
        var absences = (await Task.WhenAll(roots.Select(root => GrainFactory.GetGrain<IDutyRegister>(root.Value).ListAbsencesAsync(month)))).SelectMany(list => list).ToList();
        var cadres = await CadresAsync(absences.Select(absence => absence.CadreId));
        var teams = await UnitNamesAsync(absences.Select(absence => absence.UnitId));
        var countyOf = new Dictionary<UnitId, UnitDefinition?>();
        foreach (var unit in absences.Select(absence => absence.UnitId).Distinct())
        {
            countyOf[unit] = await BelowRootAsync(unit);
        }
        // The bulletin counts by the tier just below the root (the city's counties), whatever the hierarchy calls it; a root's own absences count on a line of their own.
        var byCounty = absences.GroupBy(absence => countyOf[absence.UnitId] is { } county ? (county.UnitId, county.Name) : (absence.UnitId, teams[absence.UnitId]))
            .Select(county => new BulletinTally(county.Key.Item1.Value, county.Key.Item2, county.Count()))
            .OrderByDescending(tally => tally.Absences).ThenBy(tally => tally.Id, StringComparer.Ordinal).ToList();
        var byDispatchingUnit = absences.GroupBy(absence => cadres[absence.CadreId]?.DispatchingUnit ?? "?")
            .Select(group => new BulletinTally(group.First().DispatchingUnitId is "" ? null : group.First().DispatchingUnitId, group.Key, group.Count()))
            .OrderByDescending(tally => tally.Absences).ThenBy(tally => tally.Name, StringComparer.Ordinal).ToList();
        var lines = absences
            .Select(absence => new BulletinLine(absence.UnitId, teams[absence.UnitId], PersonName.Mask(cadres[absence.CadreId]?.Name ?? "?"),
                cadres[absence.CadreId]?.DispatchingUnit ?? "", absence.From, absence.Until, absence.Source))
            .OrderBy(line => line.TeamId.Value, StringComparer.Ordinal).ThenBy(line => line.From).ToList();
        return new AbsenceBulletin(month, absences.Count, byCounty, byDispatchingUnit, lines);
    }

    /// <summary>The unit itself or the unit above it whose parent is a root, by the parent links; null for a root.</summary>
    async Task<UnitDefinition?> BelowRootAsync(UnitId unit)
    {
        var definition = await DefinitionAsync(unit);
        while (definition?.ParentId is { } parentId && await DefinitionAsync(parentId) is { } parent)
        {
            if (parent.ParentId is null)
            {
                return definition;
            }
            definition = parent;
        }
        return null;
    }

    Task<UnitDefinition?> DefinitionAsync(UnitId unit) => GrainFactory.GetGrain<IUnitGrain>(unit.Value).GetDefinitionAsync();

    /// <summary>The cadres, masked, read once each; null for a cadre no longer found, so a listing shows it as unknown rather than failing.</summary>
    async Task<Dictionary<string, CadreView?>> CadresAsync(IEnumerable<string> cadreIds)
    {
        var ids = cadreIds.Distinct(StringComparer.Ordinal).ToList();
        var views = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<ICadreGrain>(id).GetAsync(reveal: false)));
        return ids.Zip(views).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);
    }

    async Task<Dictionary<string, string?>> CadreNamesAsync(IEnumerable<string> cadreIds) =>
        (await CadresAsync(cadreIds)).ToDictionary(pair => pair.Key, pair => pair.Value?.Name, StringComparer.Ordinal);

    async Task<Dictionary<UnitId, string>> UnitNamesAsync(IEnumerable<UnitId> units)
    {
        var ids = units.Distinct().ToList();
        var definitions = await Task.WhenAll(ids.Select(DefinitionAsync));
        return ids.Zip(definitions).ToDictionary(pair => pair.First, pair => pair.Second?.Name ?? pair.First.Value);
    }
}
