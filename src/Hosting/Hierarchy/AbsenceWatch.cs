using Changdu.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changdu.Hosting.Hierarchy;

/// <summary>
/// Raises unauthorised absences (docs/domain.md, practice 9) for cadres with neither a check-in nor leave for
/// the configured number of days, and folds check-ins older than the window into daily counts. Every
/// <see cref="DutyOptions.DetectInterval"/> it visits only the teams the due-list (<see cref="AbsenceDueList"/>)
/// holds for today or before, and lists each again for its next due day: the work is the teams with
/// something due, not the tree. A store from before the list is walked whole once, which lists its teams.
/// Detection is keyed by cadre and first missed day, so every silo may run it.
/// </summary>
public sealed class AbsenceWatch(
    IGrainFactory grains,
    IFactStore facts,
    IOptions<DutyOptions> options,
    IOptions<ReportingOptions> reporting,
    StartupProgress progress,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<AbsenceWatch> logger) : Schedule(progress, clock, lifetime, logger)
{
    const int Concurrency = 16;
    const int Batch = 512;

    protected override TimeSpan Interval => options.Value.DetectInterval;

    /// <summary>Visits the teams due today or before (or, once, every unit of a store from before the list); answers how many.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var today = reporting.Value.LocalDay(Clock.GetUtcNow());
        if (await facts.ReadOneAsync(AbsenceDueList.Owner, AbsenceDueList.KeptKind, "") is null)
        {
            var roots = (await grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).GetAppliedAsync())?.Roots ?? [];
            var walked = await TreeWalk.RunAsync(roots, async unit =>
            {
                await VisitAsync(unit, listed: null, today);
                return (await grains.GetGrain<IUnitGrain>(unit.Value).GetDefinitionAsync())?.Children.Select(child => child.UnitId).ToList() ?? [];
            }, Concurrency, cancellationToken);
            await facts.WriteAsync([KeptRow]);
            return walked;
        }
        var visited = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            // A team listed again for today (a dispatching unit not told) waits for the next run, not this one.
            var due = (await facts.ReadBeforeAsync(AbsenceDueList.Owner, AbsenceDueList.Kind, AbsenceDueList.After(today), Batch))
                .Where(row => visited.Add(row.Key)).ToList();
            if (due.Count == 0)
            {
                return visited.Count;
            }
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                async (row, _) => await VisitAsync(AbsenceDueList.UnitOf(row.Key), row, today));
        }
    }

    /// <summary>The row that says every team with cadres is on the list: written by a walk, or at seeding an empty store (no team has cadres yet).</summary>
    public static FactRow KeptRow => new(AbsenceDueList.Owner, AbsenceDueList.KeptKind, "", [1]);

    /// <summary>Detects at the team, then takes it off the list and lists it for its next due day, in one write (the same day again stays listed).</summary>
    async Task VisitAsync(UnitId unit, FactRow? listed, DateOnly today)
    {
        var next = await grains.GetGrain<IDutyRegister>(unit.Value).WatchAsync(today);
        var rows = new List<FactRow>();
        if (listed is not null)
        {
            rows.Add(listed with { Payload = null });
        }
        if (next is { } day)
        {
            rows.Add(AbsenceDueList.Row(day, unit));
        }
        if (rows.Count > 0)
        {
            await facts.WriteAsync(rows);
        }
    }
}
