using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changdu.Grains;

/// <summary>
/// A concern of a unit kept by a grain of its own, keyed by the unit's id (docs/architecture.md §4): it
/// holds its facts as rows under its own owner and counts its part of the unit's summary. A change
/// writes the facts and the part's changed entries (as the unit's rows) in one transaction, and only
/// then changes memory and tells the unit, which therefore never holds an entry the store lacks and
/// reads its parts back when it activates. A message the unit did not answer is sent again, and each
/// activation first tells the whole part: what an earlier one could not tell (it deactivated or its
/// silo died first, or its write committed after answering an error) reaches the unit then.
/// </summary>
public abstract partial class UnitPartGrain(IFactStore facts, FactCodec codec, TimeProvider clock, ProgrammeClock programme, IOptions<RollupOptions> rollup, ILogger logger)
    : Grain, IUnitPart, IDisposable
{
    /// <summary>The version of the rules the parts are counted by; a unit whose parts were counted by another has them counted again.</summary>
    public const int PartsCountedVersion = 1;

    /// <summary>The kind of the unit's rows that say which <see cref="PartsCountedVersion"/> counted its parts.</summary>
    public const string PartsCountedKind = "parts-counted";

    /// <summary>The concerns of a unit, each the name of its part.</summary>
    public static readonly IReadOnlyList<string> Concerns = [OfficeGrain.Concern, DutyGrain.Concern, ProblemRegisterGrain.Concern];

    /// <summary>The kind of the unit's rows holding a concern's part, one row per entry.</summary>
    public static string PartKind(string concern) => $"part:{concern}";

    readonly SemaphoreSlim _commitTurn = new(1, 1);
    readonly Dictionary<SummaryKey, object> _part = [];
    // Entries changed and not yet confirmed by the unit, with the version they changed at.
    readonly Dictionary<SummaryKey, long> _untold = [];
    long _version;
    bool _tellWhole;
    // Whether this part's unsettled mark is stored: from a commit that changes the part until the unit has taken it.
    bool _marked;
    IGrainTimer? _retry;

    protected UnitId Id => field == default ? field = UnitId.Parse(this.GetPrimaryKeyString()) : field;

    protected TimeProvider Clock => clock;

    /// <summary>The programme's time, for what the domain dates: not for versions, which follow <see cref="Clock"/>.</summary>
    protected ProgrammeClock Programme => programme;

    protected ILogger Logger => logger;

    /// <summary>The name of the concern, its part and the prefix of its rows' owner.</summary>
    protected abstract string ConcernName { get; }

    /// <summary>Declares the concern's kinds of rows on <paramref name="tables"/>.</summary>
    protected abstract void DeclareTables(FactTables tables);

    /// <summary>The concern's part of the unit's summary, counted from its facts in memory.</summary>
    protected abstract Summary CountPart(UnitDefinition? unit);

    protected IUnitGrain Unit => GrainFactory.GetGrain<IUnitGrain>(Id.Value);

    protected Task<UnitDefinition?> DefinitionAsync() => Unit.GetDefinitionAsync();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _version = clock.GetUtcNow().UtcTicks;
        var tables = new FactTables($"{ConcernName}:{Id.Value}", codec);
        DeclareTables(tables);
        tables.Load(await facts.ReadAsync(tables.Owner));
        foreach (var row in await facts.ReadAsync(Id.Value, PartKind(ConcernName)))
        {
            foreach (var (key, value) in codec.Decode<Summary>(row.Payload!).Entries())
            {
                _part[key] = value;
            }
        }
        _marked = await facts.ReadOneAsync(UnsettledMarks.Owner, UnsettledMarks.PartKind, MarkRow(set: true).Key) is not null;
        if (_marked)
        {
            // The unit may not hold what the rows say: it is told the whole part once. On a timer, not
            // here: the unit may be activating and waiting on this grain's ReconcileAsync. An unmarked
            // part is settled, so waking a concern writes and tells nothing.
            _tellWhole = true;
            RetryLater();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Only changes: the whole part an activation tells first is told by the next one anyway.
        if (_untold.Count > 0)
        {
            await TellUnitAsync();
        }
        _retry?.Dispose();
    }

    public void Dispose()
    {
        _commitTurn.Dispose();
        GC.SuppressFinalize(this);
    }

    public Task WakeAsync() => Task.CompletedTask;

    /// <summary>Writes a row of a list kept outside the concern's facts (a due-list): no part moves, nothing to tell.</summary>
    protected Task WriteListingAsync(FactRow row) => facts.WriteAsync([row]);

    public async Task ReconcileAsync(UnitDefinition unit)
    {
        await _commitTurn.WaitAsync();
        try
        {
            var updates = Differences(Entries(CountPart(unit)));
            if (updates.Count > 0)
            {
                await WriteAsync(PartRows(updates), null);
                Update(updates);
                RetryLater();
            }
        }
        finally
        {
            _commitTurn.Release();
        }
    }

    /// <summary>
    /// Writes <paramref name="changes"/> with the part they make (counted again on memory with the
    /// changes tried and undone, or moved by <paramref name="partDelta"/> when the caller knows it),
    /// and the audit entry of the request when it targets this unit; then applies them and tells the unit.
    /// A failed write leaves memory as it was and the caller gets the error.
    /// </summary>
    protected async Task CommitAsync(IReadOnlyList<FactChange> changes, string? auditedOutcome, UnitDefinition? unit, Summary? partDelta = null)
    {
        await _commitTurn.WaitAsync();
        try
        {
            // The entries that change, at their new value (zero when gone): by the fact's own
            // contribution when the caller knows it, so the work is the entries it touches.
            var updates = partDelta is null ? Recounted(changes, unit) : Moved(partDelta);
            var audit = auditedOutcome is not null && AuditStamp.Current is { } stamp && stamp.TargetUnit == Id.Value ? AuditRecord.Of(stamp, auditedOutcome) : null;
            await WriteAsync([.. changes.Select(change => change.Row), .. PartRows(updates)], audit);
            foreach (var change in changes)
            {
                change.Apply();
            }
            Update(updates);
        }
        finally
        {
            _commitTurn.Release();
        }
        await TellUnitAsync();
    }

    /// <summary>The part counted again on memory with <paramref name="changes"/> tried and undone: what differs from the part held.</summary>
    Dictionary<SummaryKey, object> Recounted(IReadOnlyList<FactChange> changes, UnitDefinition? unit)
    {
        foreach (var change in changes)
        {
            change.Apply();
        }
        try
        {
            return Differences(Entries(CountPart(unit)));
        }
        finally
        {
            for (var index = changes.Count - 1; index >= 0; index--)
            {
                changes[index].Undo();
            }
        }
    }

    /// <summary>The entries <paramref name="delta"/> moves, at their new value.</summary>
    Dictionary<SummaryKey, object> Moved(Summary delta) =>
        delta.Entries().Where(entry => !SummaryValues.IsZero(entry.Value)).ToDictionary(entry => entry.Key,
            entry => SummaryValues.Add(_part.GetValueOrDefault(entry.Key) ?? SummaryValues.Zero(entry.Key.Part), entry.Value));

    /// <summary>The entries of <paramref name="part"/> that differ from the part held, a zero for each held entry it lacks.</summary>
    Dictionary<SummaryKey, object> Differences(Dictionary<SummaryKey, object> part)
    {
        var updates = part.Where(entry => !_part.TryGetValue(entry.Key, out var held) || !held.Equals(entry.Value)).ToDictionary();
        foreach (var gone in _part.Keys.Where(key => !part.ContainsKey(key)))
        {
            updates[gone] = SummaryValues.Zero(gone.Part);
        }
        return updates;
    }

    /// <summary>The unit's rows for <paramref name="updates"/> (a zero deletes one), with the part's unsettled mark when it is not stored yet.</summary>
    List<FactRow> PartRows(Dictionary<SummaryKey, object> updates)
    {
        var kind = PartKind(ConcernName);
        var rows = updates.Select(entry => new FactRow(Id.Value, kind, entry.Key.Text,
            SummaryValues.IsZero(entry.Value) ? null : codec.Encode(Summary.FromEntries([entry])))).ToList();
        if (rows.Count > 0 && !_marked)
        {
            rows.Add(MarkRow(set: true));
        }
        return rows;
    }

    FactRow MarkRow(bool set) => UnsettledMarks.OfPart(ConcernName, Id, set);

    void Update(Dictionary<SummaryKey, object> updates)
    {
        _marked |= updates.Count > 0;
        _version++;
        foreach (var (key, value) in updates)
        {
            _untold[key] = _version;
            if (SummaryValues.IsZero(value))
            {
                _part.Remove(key);
            }
            else
            {
                _part[key] = value;
            }
        }
    }

    /// <summary>Tells the unit the entries it has not confirmed; on failure, a timer tries again until it has.</summary>
    async Task TellUnitAsync()
    {
        if (_untold.Count == 0 && !_tellWhole)
        {
            if (await ClearMarkAsync())
            {
                _retry?.Dispose();
                _retry = null;
            }
            return;
        }
        var whole = _tellWhole;
        var version = _version;
        var told = whole
            ? Summary.FromEntries(_part)
            : Summary.FromEntries(_untold.Keys.Select(key => new KeyValuePair<SummaryKey, object>(key, _part.GetValueOrDefault(key) ?? SummaryValues.Zero(key.Part))));
        try
        {
            var held = await GrainFactory.GetGrain<IRollupNode>(Id.Value).OfferPartAsync(new PartOffer(ConcernName, version, told, whole));
            if (held > version)
            {
                // The unit holds a version this activation never issued (an earlier activation's, on a
                // clock ahead of this one): go past it and tell the whole part, which replaces it.
                _version = held + 1;
                _tellWhole = true;
                RetryLater();
                return;
            }
            _tellWhole = false;
            foreach (var key in _untold.Where(entry => entry.Value <= version).Select(entry => entry.Key).ToList())
            {
                _untold.Remove(key);
            }
            if (_untold.Count == 0 && await ClearMarkAsync())
            {
                _retry?.Dispose();
                _retry = null;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogTellFailed(logger, exception, ConcernName, Id);
            RetryLater();
        }
    }

    /// <summary>Clears the part's mark once the unit holds everything; under the commit turn, so no commit's mark is cleared unseen. False when the store failed (the timer tries again).</summary>
    async Task<bool> ClearMarkAsync()
    {
        if (!_marked)
        {
            return true;
        }
        await _commitTurn.WaitAsync();
        try
        {
            if (_untold.Count > 0 || _tellWhole)
            {
                return false;
            }
            await facts.WriteAsync([MarkRow(set: false)]);
            _marked = false;
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogTellFailed(logger, exception, ConcernName, Id);
            return false;
        }
        finally
        {
            _commitTurn.Release();
        }
    }

    void RetryLater() => _retry ??= this.RegisterGrainTimer(_ => TellUnitAsync(),
        new GrainTimerCreationOptions(rollup.Value.OfferWindow, rollup.Value.OfferWindow) { KeepAlive = true });

    /// <summary>Writes rows (and an audit entry) in one transaction; returns once they are durable, or throws with memory unchanged.</summary>
    async Task WriteAsync(List<FactRow> rows, AuditRecord? audit)
    {
        var started = Stopwatch.GetTimestamp();
        var kind = new KeyValuePair<string, object?>("state", rows[0].Kind);
        try
        {
            if (await facts.WriteDurablyAsync(rows, audit, DeactivateOnIdle))
            {
                LogCommittedDespiteError(logger, ConcernName, Id);
            }
            ChangduTelemetry.StorageWriteDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, kind);
        }
        catch
        {
            ChangduTelemetry.StorageErrors.Add(1, kind);
            throw;
        }
    }

    static Dictionary<SummaryKey, object> Entries(Summary summary) => summary.Entries().ToDictionary(entry => entry.Key, entry => entry.Value);

    protected static Period MonthOf(DateOnly day) => Period.Month(day.Year, day.Month);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Concern} of unit {Unit} could not tell the unit its part; it tries again")]
    static partial void LogTellFailed(ILogger logger, Exception exception, string concern, UnitId unit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Concern} of unit {Unit}: the store answered an error for a write it had stored; it counts as done")]
    static partial void LogCommittedDespiteError(ILogger logger, string concern, UnitId unit);
}
