using Changdu.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changdu.Hosting.Hierarchy;

/// <summary>
/// Raises unauthorised absences (docs/domain.md, practice 9) for cadres with neither a check-in nor leave for
/// the configured number of days, and folds check-ins older than the window into daily counts.
/// Detection is keyed by cadre and first missed day, so every silo may run it.
/// </summary>
public sealed class AbsenceWatch(
    IGrainFactory grains,
    IOptions<DutyOptions> options,
    IOptions<ReportingOptions> reporting,
    StartupProgress progress,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<AbsenceWatch> logger) : TreeSchedule(grains, progress, clock, lifetime, logger)
{
    protected override TimeSpan Interval => options.Value.DetectInterval;

    protected override async Task<IReadOnlyList<UnitId>> VisitAsync(UnitId unit)
    {
        await Grains.GetGrain<IDutyRegister>(unit.Value).DetectAbsencesAsync(reporting.Value.LocalDay(Clock.GetUtcNow()));
        return (await Grains.GetGrain<IUnitGrain>(unit.Value).GetDefinitionAsync())?.Children.Select(child => child.UnitId).ToList() ?? [];
    }
}
