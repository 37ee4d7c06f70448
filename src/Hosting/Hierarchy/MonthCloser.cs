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
    ILogger<MonthCloser> logger) : TreeSchedule(grains, progress, clock, lifetime, logger)
{
    protected override TimeSpan Interval => options.Value.CloseCheckInterval;

    /// <summary>Only an office with units below it assesses: a village team's office grain is never woken for nothing.</summary>
    protected override async Task<IReadOnlyList<UnitId>> VisitAsync(UnitId unit)
    {
        var children = (await Grains.GetGrain<IUnitGrain>(unit.Value).GetDefinitionAsync())?.Children ?? [];
        return children.Count == 0 ? [] : await Grains.GetGrain<IAssessingOffice>(unit.Value).CloseDueMonthsAsync();
    }
}
