using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Changdu.Grains;

namespace Changdu.Hosting.Hierarchy;

/// <summary>
/// When the silo becomes active: seeds the hierarchy if the file is newer than what was applied (an
/// empty store gets the rows of the settled tree in bulk; one seeded with an older file gets the changes between the two),
/// then wakes what is marked unsettled (docs/architecture.md §4; a store from before marks were kept
/// is swept whole, once) so every rollup converges. Readiness waits for both, which run in
/// the background and are retried: a silo joining a busy cluster, or a store slow at start-up, delays
/// readiness instead of failing the silo's start.
/// </summary>
public sealed partial class HierarchySeeder(
    IGrainFactory grains,
    IOptions<HierarchyOptions> options,
    IOptions<ReportingOptions> reporting,
    TreeSweep sweep,
    UnsettledSweep unsettled,
    IFactStore facts,
    FactCodec codec,
    ILocalSiloDetails silo,
    StartupProgress progress,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<HierarchySeeder> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    // Rows per write of a new tree, and writes in flight: the store commits one while the next is encoded.
    const int NewTreeBatchRows = 20_000;
    const int NewTreeWritesInFlight = 2;
    static readonly TimeSpan SeedingLease = TimeSpan.FromMinutes(1);
    static readonly TimeSpan SeedingPoll = TimeSpan.FromSeconds(2);
    // Written once every unsettled state of the store is marked: a store from before marks were kept is swept whole, once.
    const string MarksKeptKind = "marks-kept";
    static readonly TimeSpan SweepRetryDelay = TimeSpan.FromSeconds(5);

    string Claimant => silo.SiloAddress.ToString();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(HierarchySeeder), ServiceLifecycleStage.Active, StartAsync, _ => Task.CompletedTask);

    Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => SeedAndSweepAsync(lifetime.ApplicationStopping), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <returns>The roots, and whether the store was empty (its units, just defined, are settling of themselves).</returns>
    async Task<(IReadOnlyList<UnitId> Roots, bool Fresh)> SeedAsync(CancellationToken cancellationToken)
    {
        var ledger = grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key);
        var document = HierarchyDocument.Load(options.Value.SeedFile);
        var applied = await ledger.GetAppliedAsync();
        while ((applied is null || applied.Version < document.Version) && !await ledger.ClaimSeedingAsync(Claimant, SeedingLease))
        {
            // Another silo is applying the file: wait for it rather than write the same rows twice.
            await Task.Delay(SeedingPoll, clock, cancellationToken);
            applied = await ledger.GetAppliedAsync();
        }
        if (applied is not null && applied.Version >= document.Version)
        {
            // A store seeded before the map kept its tiers learns them from the file it was seeded with.
            if ((await ledger.GetTiersAsync()).Count == 0 && applied.Version == document.Version)
            {
                await ledger.RecordTiersAsync(document.TierDefinitions());
            }
            return (applied.Roots, false);
        }

        await ledger.RecordTiersAsync(document.TierDefinitions());
        var definitions = document.ToDefinitions();
        var roots = definitions.Where(unit => unit.ParentId is null).Select(unit => unit.UnitId).ToList();
        if (applied is null)
        {
            await WriteNewTreeAsync(definitions, cancellationToken);
        }
        else
        {
            await new HierarchyUpgrade(grains, reporting.Value.LocalDay(clock.GetUtcNow()), document.Version, roots[0], logger).ApplyAsync(definitions, cancellationToken);
        }
        await ledger.RecordAppliedAsync(new AppliedHierarchy(document.Version, roots, clock.GetUtcNow()));
        LogSeeded(logger, document.Version, definitions.Count);
        return (roots, applied is null);
    }

    /// <summary>
    /// An empty store gets the rows of the whole tree, defined and settled, written directly: no unit
    /// is activated to seed it, so seeding costs the rows and memory stays what the start-up needs.
    /// Rows are upserts, so a seed interrupted and started again writes the same rows.
    /// </summary>
    async Task WriteNewTreeAsync(IReadOnlyList<UnitDefinition> definitions, CancellationToken cancellationToken)
    {
        var ledger = grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key);
        var writing = new Queue<Task>();
        foreach (var batch in UnitGrain.SettledRowsOfNewTree(definitions, clock.GetUtcNow().UtcTicks, codec).Chunk(NewTreeBatchRows))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (writing.Count == NewTreeWritesInFlight)
            {
                await writing.Dequeue();
            }
            // Renewed while writing, so the other silos keep waiting; should it lapse, a second writer writes the same rows.
            await ledger.ClaimSeedingAsync(Claimant, SeedingLease);
            writing.Enqueue(facts.WriteAsync(batch));
        }
        await Task.WhenAll(writing);
    }

    /// <summary>Retries until the tree is seeded and has been woken: a store that is slow or briefly away at
    /// start-up must delay readiness, not leave the silo unready for good. Seeding is idempotent.</summary>
    async Task SeedAndSweepAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var (roots, fresh) = await SeedAsync(stopping);
                if (fresh || await facts.ReadOneAsync(UnsettledMarks.Owner, MarksKeptKind, "") is not null)
                {
                    await unsettled.RunAsync(stopping);
                }
                else
                {
                    await sweep.RunAsync(roots, stopping);
                }
                // An empty store just seeded has no cadres and no reports: the absence watch's and the month closer's lists are complete as they are.
                await facts.WriteAsync([new FactRow(UnsettledMarks.Owner, MarksKeptKind, "", [1]), .. fresh ? [AbsenceWatch.KeptRow, MonthCloser.KeptRow] : Array.Empty<FactRow>()]);
                progress.MarkSwept();
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogSweepFailed(logger, exception, SweepRetryDelay);
                progress.MarkFailed(exception);
                try
                {
                    await Task.Delay(SweepRetryDelay, clock, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded hierarchy version {Version}: {Units} units")]
    static partial void LogSeeded(ILogger logger, int version, int units);

    [LoggerMessage(Level = LogLevel.Error, Message = "Start-up seeding or sweep failed; the silo stays not ready and retries in {Delay}")]
    static partial void LogSweepFailed(ILogger logger, Exception exception, TimeSpan delay);
}
