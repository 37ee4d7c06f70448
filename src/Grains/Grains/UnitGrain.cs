using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changdu.Grains;

/// <summary>
/// One unit of the hierarchy. Holds its own reports (durable before acknowledgement) and the latest
/// summary of each child; offers its whole summary to its parent on a coalescing timer until the
/// parent holds it durably (ARCHITECTURE §4).
/// </summary>
public sealed partial class UnitGrain(
    [PersistentState("definition", UnitGrain.StorageName)] IPersistentState<DefinitionState> definitionState,
    [PersistentState("reports", UnitGrain.StorageName)] IPersistentState<ReportsState> reports,
    [PersistentState("children", UnitGrain.StorageName)] IPersistentState<ChildSummariesState> children,
    [PersistentState("problems", UnitGrain.StorageName)] IPersistentState<ProblemsState> problems,
    [PersistentState("office", UnitGrain.StorageName)] IPersistentState<OfficeState> office,
    [PersistentState("duty", UnitGrain.StorageName)] IPersistentState<DutyState> duty,
    IOptions<RollupOptions> options,
    IOptions<ReportingOptions> reporting,
    IOptions<AssessmentOptions> assessment,
    IOptions<PointsOptions> points,
    IOptions<DutyOptions> dutyOptions,
    IOptions<LeaveOptions> leaveOptions,
    TimeProvider clock,
    RollupBacklog backlog,
    ILogger<UnitGrain> logger) : Grain, IUnitGrain, IRollupNode, IProblemRegister, ITrainingRegister, IAssessingOffice, IInspectingOffice, IPointsLedger, IRoster, IDutyRegister, IFeedbackRegister
{
    public const string StorageName = "units";

    readonly RollupOptions _options = options.Value;
    readonly ReportingOptions _reporting = reporting.Value;
    readonly AssessmentOptions _assessment = assessment.Value;
    readonly PointsOptions _points = points.Value;
    readonly DutyOptions _duty = dutyOptions.Value;
    readonly LeaveOptions _leave = leaveOptions.Value;
    readonly Dictionary<UnitId, long> _durableChildVersions = [];
    TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    IGrainTimer? _timer;
    Summary? _summary;

    // Versions start from the clock so they keep rising across activations, even when the last
    // activation's in-memory versions were never written anywhere.
    long _version;
    DateTimeOffset _changedAt;

    // The traces of the changes not yet offered upward: the next offer continues the first and links the rest.
    const int MaxLinkedTraces = 16;
    readonly List<ActivityContext> _unofferedTraces = [];
    string? _kind;
    DateTimeOffset? _unofferedSince;
    bool _offerPending;
    bool _childrenUnsaved;
    DateTimeOffset _childrenSavedAt;

    UnitDefinition? Definition => definitionState.State.Definition;

    UnitId Id => field == default ? field = UnitId.Parse(this.GetPrimaryKeyString()) : field;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        CountActivationAs(Definition?.Tier ?? "unit");
        _changedAt = clock.GetUtcNow();
        _version = _changedAt.UtcTicks;
        foreach (var (child, held) in children.State.ByChild)
        {
            _durableChildVersions[child] = held.Version;
        }
        // Re-offer on every activation: the parent drops it if it already holds the same summary,
        // and after a crash this is what restores whatever the parent had not yet written.
        if (Definition?.ParentId is not null && !CurrentSummary().IsEmpty)
        {
            MarkUnoffered(_changedAt);
        }
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        CountActivationAs(null);
        backlog.Release(Id);
        try
        {
            if (_childrenUnsaved)
            {
                await SaveChildSummariesAsync();
            }
            if (_offerPending && Definition?.ParentId is { } parent)
            {
                await OfferUpwardAsync(parent);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogDeactivationFlushFailed(logger, exception, Id);
        }
        StopTimer();
    }

    public async Task DefineAsync(UnitDefinition definition)
    {
        if (definition.UnitId != Id)
        {
            throw new ArgumentException($"Definition of {definition.UnitId} sent to unit {Id}.", nameof(definition));
        }
        if (definition.Equals(Definition))
        {
            return;
        }
        definitionState.State.Definition = definition;
        await definitionState.WriteStateAsync();
        CountActivationAs(definition.Tier);
        // The unit's cadences count among the reporters its parent expects reports from.
        OnChanged(clock.GetUtcNow());
    }

    public Task<UnitDefinition?> GetDefinitionAsync() => Task.FromResult(Definition);

    public async Task<ReportResult> SubmitReportAsync(ReportDraft draft)
    {
        if (Definition is not { } unit)
        {
            return Rejected(draft.Cadence, "submit", ReportOutcome.UnknownUnit, $"There is no unit {Id}.");
        }
        if (!unit.Cadences.Contains(draft.Cadence))
        {
            var used = string.Join(", ", unit.Cadences.Select(cadence => cadence.ToName()));
            return Rejected(draft.Cadence, "submit", ReportOutcome.CadenceNotUsedByTier,
                $"A {unit.Tier} reports {used}, not {draft.Cadence.ToName()}.");
        }
        if (draft.Period.Kind != draft.Cadence.PeriodKind())
        {
            throw new ArgumentException($"Period {draft.Period} does not fit cadence {draft.Cadence.ToName()}.", nameof(draft));
        }
        if (reports.State.ById.TryGetValue(draft.ReportId, out var existing))
        {
            return existing.HasContentOf(draft)
                ? new ReportResult(ReportOutcome.AlreadyStored, existing, null)
                : Rejected(draft.Cadence, "submit", ReportOutcome.ReportIdTaken,
                    $"Report '{draft.ReportId}' was already filed with different content; correct it with PUT.", existing);
        }
        if (reports.State.ById.Values.FirstOrDefault(r => r.Cadence == draft.Cadence && r.Period == draft.Period) is { } sameperiod)
        {
            return Rejected(draft.Cadence, "submit", ReportOutcome.PeriodAlreadyReported,
                $"{unit.Name} already filed report '{sameperiod.ReportId}' for {draft.Period}; correct that one instead.", sameperiod);
        }

        Activity.Current?.SetTag("changdu.report.id", draft.ReportId).SetTag("changdu.unit.tier", unit.Tier);
        var now = clock.GetUtcNow();
        var report = new Report(unit.UnitId, draft.ReportId, draft.Cadence, draft.Period, draft.Figures, draft.Notes, now, now, 1)
        {
            OnTime = _reporting.IsOnTime(draft.Period, now),
        };
        await StoreEntryAsync(reports, state => state.ById, report.ReportId, report, previous: null);
        CountReport(ReportOutcome.Created, draft.Cadence, "submit");
        return new ReportResult(ReportOutcome.Created, report, null);
    }

    public async Task<ReportResult> CorrectReportAsync(string reportId, ReportCorrection correction)
    {
        if (Definition is null)
        {
            return Rejected(correction.Cadence, "correct", ReportOutcome.UnknownUnit, $"There is no unit {Id}.");
        }
        if (!reports.State.ById.TryGetValue(reportId, out var existing))
        {
            return Rejected(correction.Cadence, "correct", ReportOutcome.UnknownReport, $"Unit {Id} has no report '{reportId}'.");
        }
        if ((correction.Cadence is { } cadence && cadence != existing.Cadence) || (correction.Period is { } period && period != existing.Period))
        {
            return Rejected(existing.Cadence, "correct", ReportOutcome.CorrectionChangesPeriod,
                $"Report '{reportId}' is the {existing.Cadence.ToName()} report for {existing.Period}; a correction cannot move it.", existing);
        }
        if (existing.HasFiguresOf(correction.Figures, correction.Notes))
        {
            return new ReportResult(ReportOutcome.AlreadyStored, existing, null);
        }
        if (ProblemsRaisedFrom(reportId) is var named and > 0 && correction.Figures.ProblemsIdentified < named)
        {
            return Rejected(existing.Cadence, "correct", ReportOutcome.FewerProblemsThanRegistered,
                $"{named} problems in the register were raised from report '{reportId}'; it cannot count fewer.", existing);
        }

        var corrected = existing with
        {
            Figures = correction.Figures,
            Notes = correction.Notes,
            UpdatedAt = clock.GetUtcNow(),
            Revision = existing.Revision + 1,
        };
        await StoreEntryAsync(reports, state => state.ById, reportId, corrected, existing);
        CountReport(ReportOutcome.Corrected, existing.Cadence, "correct");
        return new ReportResult(ReportOutcome.Corrected, corrected, null);
    }

    public Task<Report?> GetReportAsync(string reportId) =>
        Task.FromResult(Definition is null ? null : reports.State.ById.GetValueOrDefault(reportId));

    public Task<RollupView?> GetRollupAsync(PeriodRange? period)
    {
        if (Definition is not { } unit)
        {
            return Task.FromResult<RollupView?>(null);
        }
        var childRollups = unit.Children
            .Select(child => children.State.ByChild.GetValueOrDefault(child.UnitId)?.Summary ?? Summary.Empty)
            .Zip(unit.Children, (summary, child) => new ChildRollup(child.UnitId, child.Name, child.Tier, summary.Within(period), Expected(summary, period)))
            .ToList();
        var own = CurrentSummary();
        var view = new RollupView(unit.UnitId, unit.Name, unit.Tier, period, own.Within(period), childRollups, _version, _changedAt, Expected(own, period))
        {
            Completeness = period is { } range ? CompletenessOf(own, range) : [],
            OpenProblems = OpenProblemAges.Of(own.OpenProblemsByRaisedDay, Today),
        };
        return Task.FromResult<RollupView?>(view);
    }

    public Task<IReadOnlyList<SeriesPoint>?> GetSeriesAsync(PeriodRange range, PeriodKind interval)
    {
        if (Definition is null)
        {
            return Task.FromResult<IReadOnlyList<SeriesPoint>?>(null);
        }
        var summary = CurrentSummary();
        return Task.FromResult<IReadOnlyList<SeriesPoint>?>(range.Split(interval).Select(period => new SeriesPoint(period, summary.Within(period))).ToList());
    }

    public Task<OfferReceipt> OfferChildSummaryAsync(ChildOffer offer)
    {
        if (Definition?.Children.Any(child => child.UnitId == offer.Child) != true)
        {
            LogOfferFromStranger(logger, offer.Child, Id);
            return Task.FromResult(new OfferReceipt(offer.Version, offer.Version));
        }

        var byChild = children.State.ByChild;
        var held = byChild.GetValueOrDefault(offer.Child);
        if (held is null || offer.Version > held.Version)
        {
            var heldVersion = held?.Version ?? 0;
            var heldIsDurable = _durableChildVersions.GetValueOrDefault(offer.Child) == heldVersion;
            var contentChanged = !(held?.Summary ?? Summary.Empty).Equals(offer.Summary);
            byChild[offer.Child] = held = new HeldSummary(offer.Version, offer.Summary);
            if (contentChanged)
            {
                _childrenUnsaved = true;
                OnChanged(offer.ChangedSince);
                if (Definition.ParentId is null)
                {
                    var lag = (clock.GetUtcNow() - offer.ChangedSince).TotalSeconds;
                    ChangduTelemetry.RollupLag.Record(lag);
                    using var reached = ChangduTelemetry.Source.StartActivity("rollup reached root");
                    reached?.SetTag("changdu.unit.tier", Definition.Tier).SetTag("changdu.rollup.lag_seconds", lag);
                }
            }
            else if (heldIsDurable)
            {
                _durableChildVersions[offer.Child] = offer.Version;
            }
        }
        return Task.FromResult(new OfferReceipt(held.Version, _durableChildVersions.GetValueOrDefault(offer.Child)));
    }

    public async Task<long> WaitForChangeAsync(long knownVersion, TimeSpan maxWait)
    {
        if (_version <= knownVersion)
        {
            await Task.WhenAny(_changed.Task, Task.Delay(maxWait));
        }
        return _version;
    }

    public Task<IReadOnlyList<UnitId>> ResumeAsync() =>
        Task.FromResult<IReadOnlyList<UnitId>>(Definition?.Children.Select(child => child.UnitId).ToList() ?? []);

    async Task OnTickAsync(CancellationToken cancellationToken)
    {
        if (_childrenUnsaved && clock.GetUtcNow() - _childrenSavedAt >= _options.PersistInterval)
        {
            await SaveChildSummariesAsync();
        }
        if (_offerPending && Definition?.ParentId is { } parent)
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
        if (!_childrenUnsaved && !_offerPending)
        {
            StopTimer();
        }
    }

    async Task OfferUpwardAsync(UnitId parent)
    {
        var offered = _version;
        // No span unless a traced change is waiting (traces are on only with a collector).
        using var span = _unofferedTraces.Count == 0 ? null : ChangduTelemetry.Source.StartActivity("rollup offer", ActivityKind.Producer, _unofferedTraces[0],
            links: _unofferedTraces.Skip(1).Select(trace => new ActivityLink(trace)).ToList());
        span?.SetTag("changdu.unit.tier", Definition?.Tier).SetTag("changdu.rollup.changes", _unofferedTraces.Count);
        ChangduTelemetry.OffersInFlight.Add(1);
        OfferReceipt receipt;
        try
        {
            receipt = await GrainFactory.GetGrain<IRollupNode>(parent.Value)
                .OfferChildSummaryAsync(new ChildOffer(Id, offered, CurrentSummary(), _unofferedSince ?? _changedAt));
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
            // clock that stepped back): jump past it so the next offer replaces it.
            _version = receipt.HeldVersion + 1;
            return;
        }
        if (receipt.HeldVersion == offered && _version == offered)
        {
            _unofferedSince = null;
            _unofferedTraces.Clear();
            backlog.Release(Id);
        }
        _offerPending = receipt.DurableVersion < _version;
    }

    async Task SaveChildSummariesAsync()
    {
        var saving = children.State.ByChild.ToDictionary(entry => entry.Key, entry => entry.Value.Version);
        _childrenUnsaved = false;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await children.WriteStateAsync();
        }
        catch
        {
            _childrenUnsaved = true;
            ChangduTelemetry.StorageErrors.Add(1, new KeyValuePair<string, object?>("state", nameof(ChildSummariesState)));
            throw;
        }
        ChangduTelemetry.StorageWriteDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("state", nameof(ChildSummariesState)));
        ChangduTelemetry.StorageBatchSize.Record(saving.Count, new KeyValuePair<string, object?>("store", "child-summaries"));
        _childrenSavedAt = clock.GetUtcNow();
        foreach (var (child, version) in saving)
        {
            _durableChildVersions[child] = version;
        }
    }

    /// <summary>
    /// Applies a change to one of the unit's states and writes it; only a durable change counts
    /// (bumps the version). A failed write puts memory back to what is durable, so the caller gets
    /// an error and nothing changed.
    /// </summary>
    async Task StoreAsync<TState>(IPersistentState<TState> state, Action<TState> change, Action<TState> undo)
    {
        change(state.State);
        var kind = new KeyValuePair<string, object?>("state", typeof(TState).Name);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await state.WriteStateAsync();
            ChangduTelemetry.StorageWriteDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, kind);
        }
        catch (Exception exception)
        {
            ChangduTelemetry.StorageErrors.Add(1, kind);
            if (exception is Orleans.Storage.InconsistentStateException)
            {
                // Another activation wrote meanwhile: this one's view is stale, so let a fresh one read the store.
                DeactivateOnIdle();
            }
            undo(state.State);
            throw;
        }
        OnChanged(clock.GetUtcNow());
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, replacing <paramref name="previous"/> if there was one.</summary>
    Task StoreEntryAsync<TState, TValue>(IPersistentState<TState> state, Func<TState, Dictionary<string, TValue>> entries, string key, TValue value, TValue? previous)
        where TValue : class =>
        StoreAsync(state, current => entries(current)[key] = value, current =>
        {
            if (previous is null)
            {
                entries(current).Remove(key);
            }
            else
            {
                entries(current)[key] = previous;
            }
        });

    /// <summary>Counts this activation under its tier (a unit activated before it was defined counts as "unit" until then); null when it ends.</summary>
    void CountActivationAs(string? kind)
    {
        if (kind == _kind)
        {
            return;
        }
        if (_kind is not null)
        {
            ChangduTelemetry.Activations.Add(-1, new KeyValuePair<string, object?>("kind", _kind));
        }
        if (kind is not null)
        {
            ChangduTelemetry.Activations.Add(1, new KeyValuePair<string, object?>("kind", kind));
        }
        _kind = kind;
    }

    void OnChanged(DateTimeOffset since)
    {
        if (Activity.Current?.Context is { TraceId: var traceId } context && traceId != default && _unofferedTraces.Count < MaxLinkedTraces)
        {
            _unofferedTraces.Add(context);
        }
        _version++;
        _changedAt = clock.GetUtcNow();
        _summary = null;
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

    Summary CurrentSummary() => _summary ??= BuildSummary();

    /// <summary>Own facts ⊕ the children's summaries (ARCHITECTURE §4).</summary>
    Summary BuildSummary()
    {
        var summary = new SummaryBuilder();
        if (Definition is { } unit)
        {
            summary.AddUnit(unit.Tier, unit.Cadences, unit.OpenedOn, unit.ClosedOn);
        }
        foreach (var report in reports.State.ById.Values)
        {
            summary.Add(report.Period, report.AsTotals());
        }
        AddProblems(summary);
        AddOfficeWork(summary);
        AddDuty(summary);
        AddFeedback(summary);
        foreach (var held in children.State.ByChild.Values)
        {
            summary.Add(held.Summary);
        }
        return summary.Build();
    }

    DateOnly Today => _reporting.LocalDay(clock.GetUtcNow());

    static Period MonthOf(DateOnly day) => Period.Month(day.Year, day.Month);

    static List<CadenceCompleteness> CompletenessOf(Summary summary, PeriodRange range) =>
        summary.Cadences
            .Select(cadence => (cadence, received: summary.Within(range, cadence.PeriodKind())))
            .Select(entry => new CadenceCompleteness(entry.cadence, summary.ExpectedWithin(range, entry.cadence), entry.received.Reports, entry.received.OnTimeReports))
            .ToList();

    /// <summary>Reports expected for a range; none for all time, which has no end.</summary>
    static long? Expected(Summary summary, PeriodRange? period) => period is { } range ? summary.ExpectedWithin(range) : null;

    ReportResult Rejected(Cadence? cadence, string action, ReportOutcome outcome, string detail, Report? inTheWay = null)
    {
        ChangduTelemetry.ReportsRejected.Add(1, new KeyValuePair<string, object?>("tier", Definition?.Tier ?? "unknown"),
            new KeyValuePair<string, object?>("cadence", cadence?.ToName() ?? "unknown"), new KeyValuePair<string, object?>("action", action),
            new KeyValuePair<string, object?>("reason", outcome.ToString()));
        return new(outcome, inTheWay, detail);
    }

    void CountReport(ReportOutcome outcome, Cadence cadence, string action) =>
        ChangduTelemetry.ReportsAccepted.Add(1, new KeyValuePair<string, object?>("tier", Definition!.Tier),
            new KeyValuePair<string, object?>("cadence", cadence.ToName()), new KeyValuePair<string, object?>("action", action),
            new KeyValuePair<string, object?>("outcome", outcome.ToString()));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {Unit} could not offer its summary to {Parent}; it retries on the next tick")]
    static partial void LogOfferFailed(ILogger logger, Exception exception, UnitId unit, UnitId parent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {Unit} could not flush before deactivation; its children and the start-up sweep re-offer")]
    static partial void LogDeactivationFlushFailed(ILogger logger, Exception exception, UnitId unit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a summary offered by {Child}, which is not a child of {Unit}")]
    static partial void LogOfferFromStranger(ILogger logger, UnitId child, UnitId unit);
}
