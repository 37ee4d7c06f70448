using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Changdu.Grains;

/// <summary>
/// The units of this silo holding changes their parents do not yet have, and since when: the
/// oldest is how far this silo's rollups lag, for the readiness check and the lag gauge.
/// </summary>
public sealed class RollupBacklog
{
    readonly ConcurrentDictionary<UnitId, DateTimeOffset> _since = new();

    public RollupBacklog(TimeProvider clock) =>
        ChangduTelemetry.Meter.CreateObservableGauge("changdu.rollup.oldest_unoffered_age", () => OldestAge(clock.GetUtcNow()).TotalSeconds, "s",
            "How long the oldest change on this silo has waited to be held by its parent.");

    public void Hold(UnitId unit, DateTimeOffset since) => _since[unit] = since;

    public void Release(UnitId unit) => _since.TryRemove(unit, out _);

    public TimeSpan OldestAge(DateTimeOffset now) =>
        _since.IsEmpty ? TimeSpan.Zero : now - _since.Values.Min();
}
