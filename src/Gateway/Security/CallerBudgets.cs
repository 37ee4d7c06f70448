using System.Collections.Concurrent;

namespace Changdu.Gateway.Security;

/// <summary>
/// Each caller's request budget: a bucket of <see cref="RateLimitOptions.Burst"/> permits refilled at
/// <see cref="RateLimitOptions.PermitsPerSecond"/>. A bucket is refilled when its caller asks, by the time
/// since it last asked, so nothing runs while nobody calls (ASP.NET Core's partitioned limiter woke
/// every 100 ms to refill and scan its buckets, however idle). Buckets that have filled
/// up again say nothing a new one would not, so they are dropped, looked for at most once a
/// <see cref="SweepInterval"/>, on a caller's request: what is held is the callers of about the last
/// minute, and that request walks them.
/// </summary>
public sealed class CallerBudgets(RateLimitOptions limits, TimeProvider clock)
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    long _sweptAt = clock.GetTimestamp();

    public RateLimitOptions Limits => limits;

    /// <summary>Callers with a bucket that has not filled up again (or not yet been swept).</summary>
    public int Tracked => _buckets.Count;

    /// <summary>Takes one permit of <paramref name="caller"/>'s budget; when none is left, says how long until one is.</summary>
    public bool TryTake(string caller, out TimeSpan retryAfter)
    {
        var now = clock.GetTimestamp();
        SweepIfDue(now);
        while (true)
        {
            var bucket = _buckets.GetOrAdd(caller, static (_, state) => new Bucket(state.Burst, state.Now), (Burst: (double)limits.Burst, Now: now));
            lock (bucket)
            {
                if (bucket.Dropped)
                {
                    continue;
                }
                bucket.Refill(now, limits, clock);
                if (bucket.Permits >= 1)
                {
                    bucket.Permits--;
                    retryAfter = TimeSpan.Zero;
                    return true;
                }
                retryAfter = TimeSpan.FromSeconds((1 - bucket.Permits) / limits.PermitsPerSecond);
                return false;
            }
        }
    }

    void SweepIfDue(long now)
    {
        var sweptAt = Interlocked.Read(ref _sweptAt);
        if (clock.GetElapsedTime(sweptAt, now) < SweepInterval || Interlocked.CompareExchange(ref _sweptAt, now, sweptAt) != sweptAt)
        {
            return;
        }
        foreach (var (caller, bucket) in _buckets)
        {
            lock (bucket)
            {
                bucket.Refill(now, limits, clock);
                if (bucket.Permits >= limits.Burst)
                {
                    bucket.Dropped = true;
                    _buckets.TryRemove(new KeyValuePair<string, Bucket>(caller, bucket));
                }
            }
        }
    }

    sealed class Bucket(double permits, long refilledAt)
    {
        public double Permits { get; set; } = permits;

        /// <summary>Swept away: a request that found it before then takes from the caller's new bucket instead.</summary>
        public bool Dropped { get; set; }

        public void Refill(long now, RateLimitOptions limits, TimeProvider clock)
        {
            if (now > refilledAt)
            {
                Permits = Math.Min(limits.Burst, Permits + clock.GetElapsedTime(refilledAt, now).TotalSeconds * limits.PermitsPerSecond);
                refilledAt = now;
            }
        }
    }
}
