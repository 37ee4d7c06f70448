using Changdu.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changdu.Hosting.Hierarchy;

/// <summary>
/// Closes each office's monthly assessment when its closing day comes; each month is recorded closed durably.
/// Every <see cref="AssessmentOptions.CloseCheckInterval"/> it visits only the offices the due-list
/// (<see cref="ClosingDueList"/>) holds for months whose closing day has come, and takes a row off the list
/// once its office answered: the work is the offices with reports in a month to close, not the tree. A store
/// from before the list is walked whole once, which closes what is due and lists the months still to close.
/// A closed month stays closed, so every silo may run it.
/// </summary>
public sealed partial class MonthCloser(
    IGrainFactory grains,
    IFactStore facts,
    IOptions<AssessmentOptions> options,
    IOptions<ReportingOptions> reporting,
    StartupProgress progress,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<MonthCloser> logger) : Schedule(progress, clock, lifetime, logger)
{
    const int Concurrency = 16;
    const int Batch = 512;

    protected override TimeSpan Interval => options.Value.CloseCheckInterval;

    /// <summary>The row that says every office with a month still to close is on the list: written by a walk, or at seeding an empty store (nothing reported yet).</summary>
    public static FactRow KeptRow => new(ClosingDueList.Owner, ClosingDueList.KeptKind, "", [1]);

    /// <summary>Visits the offices listed for months whose closing day has come (or, once, every unit of a store from before the list); answers how many.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var today = reporting.Value.LocalDay(Clock.GetUtcNow());
        // A month closes CloseAfterDays days after its end: the month that held the day that many days ago is the first whose closing day has not come.
        var notYetClosable = today.AddDays(-options.Value.CloseAfterDays);
        var firstNotClosable = Period.Month(notYetClosable.Year, notYetClosable.Month);
        if (await facts.ReadOneAsync(ClosingDueList.Owner, ClosingDueList.KeptKind, "") is null)
        {
            var roots = (await grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).GetAppliedAsync())?.Roots ?? [];
            var walked = await TreeWalk.RunAsync(roots, unit => WalkAsync(unit, firstNotClosable, today), Concurrency, cancellationToken);
            await facts.WriteAsync([KeptRow]);
            return walked;
        }
        // Rows of months the office would no longer close (past the catch-up window) leave the list unvisited.
        var earliest = today.AddDays(-options.Value.CatchUpDays);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var offices = 0;
        var kept = 0;
        while (true)
        {
            // The rows this run keeps stay at the head: reading that many more than a batch reaches the rest.
            var due = (await facts.ReadBeforeAsync(ClosingDueList.Owner, ClosingDueList.Kind, ClosingDueList.Before(firstNotClosable), kept + Batch))
                .Where(row => visited.Add(row.Key)).ToList();
            if (due.Count == 0)
            {
                return offices;
            }
            var settled = new List<FactRow>();
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                async (row, _) =>
                {
                    var (month, office) = ClosingDueList.Parse(row.Key);
                    var pastCatchUp = month.End.AddDays(options.Value.CloseAfterDays) <= earliest;
                    if (!pastCatchUp)
                    {
                        Interlocked.Increment(ref offices);
                    }
                    if (pastCatchUp || await VisitAsync(month, office))
                    {
                        lock (settled)
                        {
                            settled.Add(row with { Payload = null });
                        }
                    }
                });
            kept += due.Count - settled.Count;
            if (settled.Count > 0)
            {
                await facts.WriteAsync(settled);
            }
        }
    }

    /// <summary>Whether the office is done with <paramref name="month"/>; a failure keeps it listed for the next run and stops no other office.</summary>
    async Task<bool> VisitAsync(Period month, UnitId office)
    {
        try
        {
            return await grains.GetGrain<IAssessingOffice>(office.Value).CloseListedMonthAsync(month);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogCloseFailed(logger, exception, office, month);
            return false;
        }
    }

    /// <summary>
    /// The walk of a store from before the list: closes what is due and lists the months not yet
    /// closable that already count reports. Only an office with units below it assesses: a village
    /// team's office grain is never woken for nothing.
    /// </summary>
    async Task<IReadOnlyList<UnitId>> WalkAsync(UnitId unit, Period firstNotClosable, DateOnly today)
    {
        var children = (await grains.GetGrain<IUnitGrain>(unit.Value).GetDefinitionAsync())?.Children ?? [];
        if (children.Count == 0)
        {
            return [];
        }
        var below = await grains.GetGrain<IAssessingOffice>(unit.Value).CloseDueMonthsAsync();
        var pending = await grains.GetGrain<IRollupNode>(unit.Value).GetSeriesAsync(new PeriodRange(firstNotClosable, Period.Month(today.Year, today.Month)), PeriodKind.Month) ?? [];
        var listing = pending.Where(point => point.Totals.Reports > 0).Select(point => ClosingDueList.Row(point.Period, unit)).ToList();
        if (listing.Count > 0)
        {
            await facts.WriteAsync(listing);
        }
        return below;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Office {Office} could not close {Month}; it stays listed for the next run")]
    static partial void LogCloseFailed(ILogger logger, Exception exception, UnitId office, Period month);
}
