namespace Changdu.Grains;

/// <summary>
/// The programme's "now": the time a report is received (and so whether it is on time), and the
/// day by which deadlines, duty, leave, closing months and the ages of open problems are reckoned.
/// It is the host's clock plus an offset that is zero except in the demo, which runs it from the
/// reference year (README). Only the domain reads it: versions, the runtime, tokens, rate limits and
/// the store's timestamps keep the host's clock. Timers made from it run at the host clock's speed.
/// </summary>
public sealed class ProgrammeClock(TimeProvider host, TimeSpan offset = default) : TimeProvider
{
    long _offsetTicks = offset.Ticks;

    /// <summary>How far the programme's time is from the host's.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => host.GetUtcNow() + Offset;

    public override long GetTimestamp() => host.GetTimestamp();

    public override long TimestampFrequency => host.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => host.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        host.CreateTimer(callback, state, dueTime, period);

    /// <summary>
    /// Places the programme's time at <paramref name="moment"/> from now on, earlier or later: only for the
    /// demo, once, on a store where nothing has been filed yet.
    /// </summary>
    public void Set(DateTimeOffset moment) =>
        Interlocked.Exchange(ref _offsetTicks, moment.UtcTicks - host.GetUtcNow().UtcTicks);

    /// <summary>
    /// Moves the programme's time forward to <paramref name="moment"/> if it is earlier; never back, so
    /// "today" only advances and a report received later never reads as received earlier.
    /// </summary>
    /// <returns>Whether the clock moved.</returns>
    public bool AdvanceTo(DateTimeOffset moment)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _offsetTicks);
            var now = host.GetUtcNow();
            if (now.UtcTicks + current >= moment.UtcTicks)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _offsetTicks, moment.UtcTicks - now.UtcTicks, current) == current)
            {
                return true;
            }
        }
    }
}
