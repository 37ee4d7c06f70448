using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Changdu.Grains;

/// <summary>
/// The unit's side of the rollup protocol (docs/architecture.md §4): as a parent, it holds each
/// child's entries and writes them per <see cref="RollupOptions.PersistInterval"/>; as a child, it
/// offers its parent the entries changed since the version the parent holds; it takes its concern
/// grains' parts; and it wakes the live streams on each change.
/// </summary>
public sealed partial class UnitGrain
{
    public async Task<OfferReceipt> OfferChildSummaryAsync(ChildOffer offer)
    {
        if (Definition?.Children.Any(child => child.UnitId == offer.Child) != true)
        {
            // Held nothing: the child keeps its entries and offers again, whole, until this unit's
            // definition lists it (a child defined before its parent while a hierarchy is seeded).
            LogOfferFromStranger(logger, offer.Child, Id);
            return new OfferReceipt(0, 0);
        }

        var held = _heldVersions.GetValueOrDefault(offer.Child);
        // Changes since a version other than the one held cannot be applied: the answer tells the child which one is.
        var applies = offer.IsWhole ? offer.Version > held : offer.BaseVersion == held && offer.Version > held;
        if (applies)
        {
            _heldVersions[offer.Child] = offer.Version;
            var changedEntries = 0;
            OnChanged(offer.ChangedSince, version =>
            {
                foreach (var (key, value) in _ledger.ReplaceChild(offer.Child, offer.Summary, offer.IsWhole, version))
                {
                    _unsavedEntries[(offer.Child, key)] = value;
                    changedEntries++;
                }
            }, signalOnlyIfChanged: true);
            if (changedEntries == 0 && _durableChildVersions.GetValueOrDefault(offer.Child) == held)
            {
                // Nothing new to write: what is durable already says the same.
                _durableChildVersions[offer.Child] = offer.Version;
            }
            else if (Definition.ParentId is null)
            {
                var lag = (clock.GetUtcNow() - offer.ChangedSince).TotalSeconds;
                ChangduTelemetry.RollupLag.Record(lag);
                using var reached = ChangduTelemetry.Source.StartActivity("rollup reached root");
                reached?.SetTag("changdu.unit.tier", Definition.Tier).SetTag("changdu.rollup.lag_seconds", lag);
            }
            held = offer.Version;
        }
        if (PersistDue() && clock.GetUtcNow() - _childrenWriteTriedAt >= _options.PersistInterval)
        {
            // A parent that wrote nothing for an interval writes now, before it answers: the child learns
            // its offer is durable from this answer and settles, instead of offering again an interval
            // later (a report across the country meets quiet offices at every tier). A busy parent still
            // writes once per interval, for all its children together. A store that failed or hangs is
            // tried from here once per interval too, not by every offer queued behind the last try.
            try
            {
                await SaveChildSummariesAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Held, not durable: the answer says so, and the next tick writes the entries.
                LogSaveFailed(logger, exception, Id);
            }
        }
        return new OfferReceipt(held, _durableChildVersions.GetValueOrDefault(offer.Child));
    }

    /// <summary>Whether entries wait to be written and the last write is an interval old.</summary>
    bool PersistDue() => _unsavedEntries.Count > 0 && clock.GetUtcNow() - _childrenSavedAt >= _options.PersistInterval;

    public async Task<long> OfferPartAsync(PartOffer offer)
    {
        var held = _partVersions.GetValueOrDefault(offer.Part);
        if (offer.Version > held)
        {
            // The concern clears its own mark once this answers: this unit's must stand first.
            await MarkUnsettledAsync();
            _partVersions[offer.Part] = offer.Version;
            // Already durable as this unit's rows (the concern wrote them with its facts): only memory moves.
            OnChanged(clock.GetUtcNow(), version => _ledger.ReplacePart(offer.Part, offer.Changes, offer.IsWhole, version), signalOnlyIfChanged: true);
            held = offer.Version;
        }
        return held;
    }

    /// <summary>Stores the unit's unsettled mark, unless it is stored or the unit has no parent to settle with.</summary>
    async Task MarkUnsettledAsync()
    {
        if (!_marked && Definition?.ParentId is not null)
        {
            await facts.WriteAsync([UnsettledMarks.OfUnit(Id, set: true)]);
            _marked = true;
        }
    }

    public async Task<long> WaitForChangeAsync(long knownVersion, TimeSpan maxWait)
    {
        if (_version < knownVersion)
        {
            // The watcher holds a version of an earlier activation that this one has not reached (its
            // silo's clock is behind): go past it, as a hybrid logical clock does on receiving a later
            // time, so the watcher reads this activation's figures and follows on.
            _version = knownVersion + 1;
            return _version;
        }
        if (_version == knownVersion)
        {
            await Task.WhenAny(_changed.Task, Task.Delay(maxWait));
        }
        return _version;
    }

    public async Task<IReadOnlyList<UnitId>> ResumeAsync(DateTimeOffset sweptFrom)
    {
        if (Definition is not { } unit)
        {
            return [];
        }
        // A sweep follows a crash: a concern whose silo died between its commit and its message left
        // its part only in the rows. A unit activated since read them then (a start-up sweep wakes every unit so).
        if (_activatedAt < sweptFrom)
        {
            await ReadPartsAsync([.. UnitPartGrain.Concerns]);
        }
        // A store swept whole (kept before marks) has settled units unmarked: each offers once, whole.
        if (unit.ParentId is not null && _ledger.UnconfirmedCount > 0)
        {
            MarkUnoffered(_changedAt);
        }
        return unit.Children.Select(child => child.UnitId).ToList();
    }

    async Task OnTickAsync(CancellationToken cancellationToken)
    {
        if (PersistDue())
        {
            try
            {
                await SaveChildSummariesAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The entries stay unsaved and go in the next tick's write; the offer upward goes on meanwhile.
                LogSaveFailed(logger, exception, Id);
            }
        }
        if (_offerPending && Definition?.ParentId is { } parent && !AwaitingParentWrite())
        {
            try
            {
                await OfferUpwardAsync(parent);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogOfferFailed(logger, exception, Id, parent);
            }
        }
        if (_unsavedEntries.Count == 0 && !_offerPending)
        {
            if (_marked)
            {
                try
                {
                    await facts.WriteAsync([UnsettledMarks.OfUnit(Id, set: false)]);
                    _marked = false;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A mark left standing costs a wake-up after a crash, nothing more; the next tick tries again.
                    LogUnmarkFailed(logger, exception, Id);
                    return;
                }
            }
            StopTimer();
        }
    }

    /// <summary>
    /// Whether the parent holds every change and only its write is awaited, for less than a
    /// <see cref="RollupOptions.PersistInterval"/>: the parent writes what it holds once per interval,
    /// so an offer sooner would only ask again (a report to a cold team asked about five times for nothing).
    /// </summary>
    bool AwaitingParentWrite() => _parentHeld == _version && clock.GetUtcNow() - _parentHeldSince < _options.PersistInterval;

    async Task OfferUpwardAsync(UnitId parent)
    {
        var offered = _version;
        var whole = _parentHeld is null;
        var changes = _parentHeld is { } held ? _ledger.ChangesAfter(held) : _ledger.Total;
        // No span unless a traced change is waiting (traces are on only with a collector).
        using var span = _unofferedTraces.Count == 0 ? null : ChangduTelemetry.Source.StartActivity("rollup offer", ActivityKind.Producer, _unofferedTraces[0],
            links: _unofferedTraces.Skip(1).Select(trace => new ActivityLink(trace)).ToList());
        span?.SetTag("changdu.unit.tier", Definition?.Tier).SetTag("changdu.rollup.changes", _unofferedTraces.Count).SetTag("changdu.rollup.entries", changes.EntryCount);
        ChangduTelemetry.OffersInFlight.Add(1);
        OfferReceipt receipt;
        try
        {
            receipt = await ParentNode(parent)
                .OfferChildSummaryAsync(new ChildOffer(Id, offered, changes, _unofferedSince ?? _changedAt) { BaseVersion = whole ? null : _parentHeld });
        }
        catch
        {
            ChangduTelemetry.OffersFailed.Add(1);
            throw;
        }
        finally
        {
            ChangduTelemetry.OffersInFlight.Add(-1);
        }
        if (receipt.HeldVersion > _version)
        {
            // The parent holds a version this activation never issued (a lost activation's, or a
            // clock that stepped back): jump past it and offer everything, which replaces it.
            _version = receipt.HeldVersion + 1;
            _parentHeld = null;
            return;
        }
        if (receipt.HeldVersion != offered)
        {
            // The parent holds another version than the offer's base (it lost what it had not
            // written): resend from what it holds, or everything when that is older than what it confirmed.
            // A delta from an older version could miss what an earlier activation changed and this one does not track.
            _parentHeld = receipt.HeldVersion < Math.Max(_parentDurable, _activatedAt.UtcTicks) ? null : receipt.HeldVersion;
            return;
        }
        if (_parentHeld != offered)
        {
            _parentHeld = offered;
            _parentHeldSince = clock.GetUtcNow();
        }
        if (receipt.DurableVersion > _parentDurable)
        {
            _parentDurable = receipt.DurableVersion;
            _ledger.Confirm(receipt.DurableVersion);
        }
        if (_version == offered)
        {
            _unofferedSince = null;
            _unofferedTraces.Clear();
            backlog.Release(Id);
        }
        _offerPending = receipt.DurableVersion < _version;
    }

    /// <summary>The parent's reference, kept: resolving one costs a lookup of the interface's attributes, on every offer.</summary>
    IRollupNode ParentNode(UnitId parent)
    {
        if (_parentNode is not { } known || known.Parent != parent)
        {
            _parentNode = known = (parent, GrainFactory.GetGrain<IRollupNode>(parent.Value));
        }
        return known.Node;
    }

    /// <summary>Writes the child entries received since the last write, and each child's version they belong to.</summary>
    async Task SaveChildSummariesAsync()
    {
        _childrenWriteTriedAt = clock.GetUtcNow();
        var saving = _unsavedEntries.ToList();
        var children = saving.Select(entry => entry.Key.Child).Distinct().ToDictionary(child => child, child => _heldVersions[child]);
        var rows = saving
            .Select(entry => new FactRow(Id.Value, HeldEntryKind, HeldEntryKey(entry.Key.Child, entry.Key.Key),
                SummaryValues.IsZero(entry.Value) ? null : HeldEntryPayload.Encode(codec, entry.Value)))
            .Concat(children.Select(child => new FactRow(Id.Value, HeldVersionKind, child.Key.Value, codec.Encode(child.Value))))
            .ToList();
        // A month first counting reports here lists this office for closing, durable with the entries that count them.
        var listing = MonthsToListForClosing(saving.Where(entry => entry.Key.Key.Part == SummaryPart.Bucket && entry.Value is Totals { Reports: > 0 })
            .Select(entry => (Period)entry.Key.Key.Key));
        rows.AddRange(listing.Select(month => ClosingDueList.Row(month, Id)));
        // What is written here is this unit's to offer upward: it is unsettled from this write on, and its children settle by it.
        var marking = !_marked && Definition?.ParentId is not null;
        if (marking)
        {
            rows.Add(UnsettledMarks.OfUnit(Id, set: true));
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            await facts.WriteAsync(rows);
        }
        catch
        {
            ChangduTelemetry.StorageErrors.Add(1, new KeyValuePair<string, object?>("state", "child-summaries"));
            throw;
        }
        _marked |= marking;
        _listedForClosing.UnionWith(listing);
        ChangduTelemetry.StorageWriteDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("state", "child-summaries"));
        ChangduTelemetry.StorageBatchSize.Record(rows.Count, new KeyValuePair<string, object?>("store", "child-summaries"));
        _childrenSavedAt = clock.GetUtcNow();
        foreach (var (entry, value) in saving)
        {
            // An entry changed again while this write ran stays for the next write.
            if (_unsavedEntries.TryGetValue(entry, out var now) && now.Equals(value))
            {
                _unsavedEntries.Remove(entry);
            }
        }
        var stillUnsaved = _unsavedEntries.Keys.Select(entry => entry.Child).ToHashSet();
        foreach (var (child, version) in children)
        {
            if (!stillUnsaved.Contains(child))
            {
                _durableChildVersions[child] = Math.Max(_durableChildVersions.GetValueOrDefault(child), version);
            }
        }
    }

    /// <summary>
    /// The entry first, then the child: the rows a write touches (the same week or day, from the
    /// children that reported) lie side by side, so a parent's write touches a page or two, not one per child.
    /// </summary>
    static string HeldEntryKey(UnitId child, SummaryKey key) => $"{key.Text}|{child.Value}";

    static UnitId ChildOfHeldEntry(string key) => UnitId.Parse(key[(key.LastIndexOf('|') + 1)..]);

    static string EntryOfHeldEntry(string key) => key[..key.LastIndexOf('|')];

    /// <summary>
    /// A durable change: bumps the version, lets <paramref name="apply"/> move the summary's entries
    /// at that version, marks the unit for its next offer and wakes the watchers. With
    /// <paramref name="signalOnlyIfChanged"/>, a change that moved no entry changes nothing.
    /// </summary>
    void OnChanged(DateTimeOffset since, Action<long> apply, bool signalOnlyIfChanged = false)
    {
        var touched = _ledger.Touches;
        apply(_version + 1);
        if (signalOnlyIfChanged && _ledger.Touches == touched)
        {
            return;
        }
        if (Activity.Current?.Context is { TraceId: var traceId } context && traceId != default && _unofferedTraces.Count < MaxLinkedTraces)
        {
            _unofferedTraces.Add(context);
        }
        _version++;
        _changedAt = clock.GetUtcNow();
        MarkUnoffered(since);
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    void MarkUnoffered(DateTimeOffset since)
    {
        _offerPending = Definition?.ParentId is not null;
        if (_offerPending && (_unofferedSince is null || since < _unofferedSince))
        {
            _unofferedSince = since;
            backlog.Hold(Id, since);
        }
        StartTimer();
    }

    void StartTimer()
    {
        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(OnTickAsync,
                new GrainTimerCreationOptions(_options.OfferWindow, _options.OfferWindow) { KeepAlive = true });
            ChangduTelemetry.DirtyUnits.Add(1);
        }
    }

    void StopTimer()
    {
        if (_timer is not null)
        {
            _timer.Dispose();
            _timer = null;
            ChangduTelemetry.DirtyUnits.Add(-1);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {Unit} could not offer its summary to {Parent}; it retries on the next tick")]
    static partial void LogOfferFailed(ILogger logger, Exception exception, UnitId unit, UnitId parent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {Unit} could not write its children's entries; they stay for the next tick")]
    static partial void LogSaveFailed(ILogger logger, Exception exception, UnitId unit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {Unit} could not clear its unsettled mark; it tries again")]
    static partial void LogUnmarkFailed(ILogger logger, Exception exception, UnitId unit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {Unit} does not list {Child} as a child (yet); the child offers again")]
    static partial void LogOfferFromStranger(ILogger logger, UnitId child, UnitId unit);
}
