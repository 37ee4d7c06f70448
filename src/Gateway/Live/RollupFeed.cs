using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace Changdu.Gateway.Live;

/// <summary>
/// Live rollups for server-sent events. The gateway watches each unit once, however many browsers
/// follow it: one long-poll on the unit's version (no notification can be lost across a silo
/// failover), and one rollup read per period per version, shared by every subscriber.
/// </summary>
public sealed partial class RollupFeed(IGrainFactory grains, IOptions<LiveOptions> options, ILogger<RollupFeed> logger) : IDisposable
{
    readonly ILogger _logger = logger;
    readonly Dictionary<UnitId, UnitWatch> _watches = [];
    readonly CancellationTokenSource _stopping = new();

    /// <summary>The rollup now (unless the caller has seen this version), then each time its figures change.</summary>
    public async IAsyncEnumerable<RollupView> WatchAsync(
        UnitId unit, PeriodRange? period, long lastSeenVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var watch = Acquire(unit);
        ChangduTelemetry.StreamClients.Add(1);
        try
        {
            var seen = lastSeenVersion;
            RollupView? sent = null;
            while (!cancellationToken.IsCancellationRequested)
            {
                var version = await watch.WaitBeyondAsync(seen, cancellationToken);
                var view = await watch.ReadAsync(period, version);
                if (view is null)
                {
                    yield break;
                }
                seen = Math.Max(version, view.Version);
                if (sent is null || !HasSameFigures(sent, view))
                {
                    sent = view;
                    yield return view;
                }
            }
        }
        finally
        {
            ChangduTelemetry.StreamClients.Add(-1);
            Release(unit, watch);
        }
    }

    /// <summary>Units watched at the grains right now: one per unit followed, however many streams follow it.</summary>
    public int ActiveWatches
    {
        get
        {
            lock (_watches)
            {
                return _watches.Count;
            }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    static bool HasSameFigures(RollupView a, RollupView b) => a.Totals == b.Totals && a.Children.SequenceEqual(b.Children);

    UnitWatch Acquire(UnitId unit)
    {
        lock (_watches)
        {
            if (!_watches.TryGetValue(unit, out var watch))
            {
                watch = new UnitWatch(grains.GetGrain<IRollupNode>(unit.Value), options.Value, this, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
                _watches[unit] = watch;
            }
            watch.Subscribers++;
            return watch;
        }
    }

    void Release(UnitId unit, UnitWatch watch)
    {
        lock (_watches)
        {
            if (--watch.Subscribers == 0)
            {
                _watches.Remove(unit);
                watch.Stop();
            }
        }
    }

    sealed class UnitWatch
    {
        readonly IRollupNode _node;
        readonly LiveOptions _options;
        readonly RollupFeed _feed;
        readonly CancellationTokenSource _stop;
        readonly ConcurrentDictionary<string, Lazy<Task<RollupView?>>> _reads = new();
        TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        long _version;

        public UnitWatch(IRollupNode node, LiveOptions options, RollupFeed feed, CancellationTokenSource stop)
        {
            (_node, _options, _feed, _stop) = (node, options, feed, stop);
            _ = Task.Run(PollAsync);
        }

        public int Subscribers { get; set; }

        public void Stop()
        {
            _stop.Cancel();
            _stop.Dispose();
        }

        public async Task<long> WaitBeyondAsync(long seen, CancellationToken cancellationToken)
        {
            while (true)
            {
                // Take the signal before reading the version: the poller writes the version first.
                var changed = Volatile.Read(ref _changed).Task;
                var version = Volatile.Read(ref _version);
                // A subscriber ahead of the unit saw an earlier activation's version (Last-Event-ID from before
                // the unit moved to a silo whose clock is behind): it gets the figures now, and follows on.
                if (version > seen || (version > 0 && seen > version))
                {
                    return version;
                }
                await changed.WaitAsync(cancellationToken);
            }
        }

        /// <summary>One grain read per period and version, however many subscribers ask.</summary>
        public Task<RollupView?> ReadAsync(PeriodRange? period, long version)
        {
            var key = $"{period?.ToString() ?? "all"}@{version}";
            var read = _reads.GetOrAdd(key, _ => new Lazy<Task<RollupView?>>(() => _node.GetRollupAsync(period)));
            foreach (var (cached, other) in _reads)
            {
                if (!cached.EndsWith($"@{version}", StringComparison.Ordinal) || (other.IsValueCreated && other.Value.IsFaulted))
                {
                    _reads.TryRemove(cached, out _);
                }
            }
            return read.Value;
        }

        async Task PollAsync()
        {
            var token = _stop.Token;
            while (!token.IsCancellationRequested)
            {
                try
                {
                    var version = await _node.WaitForChangeAsync(_version, _options.PollTimeout).WaitAsync(token);
                    if (version > _version)
                    {
                        Volatile.Write(ref _version, version);
                        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                        // Coalesce: a busy unit is announced a few times a second, not on every change.
                        await Task.Delay(_options.MinInterval, token);
                    }
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception)
                {
                    LogPollFailed(_feed._logger, exception, _node.GetPrimaryKeyString());
                    await Task.Delay(_options.RetryDelay, CancellationToken.None);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching unit {Unit} failed; retrying")]
    static partial void LogPollFailed(ILogger logger, Exception exception, string unit);
}

/// <summary>Timing of live streams, bound from the "Live" configuration section.</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>How long one long-poll waits at the unit; below the Orleans response timeout.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "00:00:25")]
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Least time between two announcements of the same unit.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often an idle stream gets a comment line, so proxies keep it open.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);
}
