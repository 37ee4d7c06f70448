using Changdu.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changdu.Hosting.Hierarchy;

/// <summary>Closes each office's monthly assessment when its closing day comes; each month is recorded closed durably.</summary>
public sealed class MonthCloser(
    IGrainFactory grains,
    IOptions<AssessmentOptions> options,
    StartupProgress progress,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<MonthCloser> logger) : Schedule(progress, clock, lifetime, logger)
{
    const int Concurrency = 16;

    protected override TimeSpan Interval => options.Value.CloseCheckInterval;

    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var roots = (await grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).GetAppliedAsync())?.Roots ?? [];
        return await TreeWalk.RunAsync(roots, VisitAsync, Concurrency, cancellationToken);
    }

    /// <summary>Only an office with units below it assesses: a village team's office grain is never woken for nothing.</summary>
    async Task<IReadOnlyList<UnitId>> VisitAsync(UnitId unit)
    {
        var children = (await grains.GetGrain<IUnitGrain>(unit.Value).GetDefinitionAsync())?.Children ?? [];
        return children.Count == 0 ? [] : await grains.GetGrain<IAssessingOffice>(unit.Value).CloseDueMonthsAsync();
    }
}
