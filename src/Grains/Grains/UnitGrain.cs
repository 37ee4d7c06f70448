using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changdu.Grains;

/// <summary>
/// One unit of the hierarchy: its place in the tree, its reports and the rollup. Holds its facts as
/// rows (durable before acknowledgement: memory changes only after the write that makes a change
/// durable), the parts of its summary its concern grains count (<see cref="UnitPartGrain"/>) and
/// the latest entries of each child's summary; offers its parent the entries changed since the
/// version the parent holds, on a coalescing timer, until the parent holds them durably (docs/architecture.md §4).
/// </summary>
public sealed partial class UnitGrain(
    IOptions<RollupOptions> options,
    IOptions<ReportingOptions> reporting,
    TimeProvider clock,
    ProgrammeClock programme,
    IFactStore facts,
    FactCodec codec,
    RollupBacklog backlog,
    ILogger<UnitGrain> logger) : Grain, IUnitGrain, IRollupNode
{
    public const string StorageName = "units";

    // The kinds of the unit's rows that no table holds in memory: its reports (only an index of them is kept), and what it holds of its children.
    internal const string DefinitionKind = "definition";
    const string ReportKind = "report";
    const string HeldEntryKind = "held";
    const string HeldVersionKind = "held-version";
    const string PartKindPrefix = "part:";
    const string HistoryKind = "change";
    const string MapSequenceKind = "map-sequence";
    static readonly TimeSpan UndefinedLinger = TimeSpan.FromSeconds(1);

    readonly RollupOptions _options = options.Value;
    readonly ReportingOptions _reporting = reporting.Value;
    // Reports are read from the store when one is needed; memory keeps only which id holds which period.
    readonly Dictionary<string, (Cadence Cadence, Period Period)> _reports = new(StringComparer.Ordinal);
    readonly Dictionary<(Cadence, Period), string> _reportByPeriod = [];
    readonly SummaryLedger _ledger = new();
    // What the definition counts (the unit itself, its cadences and dates), replaced when it changes.
    Summary _unitContribution = Summary.Empty;
    // The version of each concern's part the unit holds, as the concern grain numbered it.
    readonly Dictionary<string, long> _partVersions = new(StringComparer.Ordinal);
    bool _partsCounted;
    // Whether the unit's unsettled mark is stored (docs/architecture.md §4): from its first unsettling write until its parent holds it durably.
    bool _marked;
    // The months this activation listed the unit for closing in (ClosingDueList): once per month, never read back; a repeat after reactivation is a harmless upsert.
    readonly HashSet<Period> _listedForClosing = [];
    // The number of the last map change this unit wrote, and the last whose office count is known done.
    long _mapSequence;
    long _officeReconciledAt;

    // What the parent side holds: each child's version, the version written durably, and the entries not yet written.
    readonly Dictionary<UnitId, long> _heldVersions = [];
    readonly Dictionary<UnitId, long> _durableChildVersions = [];
    readonly Dictionary<(UnitId Child, SummaryKey Key), object> _unsavedEntries = [];

    // What the child side knows of its parent: the version the parent holds (null: unknown, so the
    // next offer is whole) and the highest version it confirmed durable.
    long? _parentHeld;
    long _parentDurable;
    // When the parent came to hold the version it holds, and the parent's reference.
    DateTimeOffset _parentHeldSince;
    (UnitId Parent, IRollupNode Node)? _parentNode;

    // When this activation began; its ticks are its first version. Every entry it changed is tracked from
    // that version on, so what the parent holds from before it is resent whole.
    DateTimeOffset _activatedAt;

    UnitDefinition? _definition;

    TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    IGrainTimer? _timer;

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
    DateTimeOffset _childrenSavedAt;
    DateTimeOffset _childrenWriteTriedAt;

    UnitDefinition? Definition => _definition;

    UnitId Id => field == default ? field = UnitId.Parse(this.GetPrimaryKeyString()) : field;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _changedAt = _activatedAt = clock.GetUtcNow();
        _version = _activatedAt.UtcTicks;
        var mark = UnsettledMarks.PlaceOfUnit(Id);
        var reports = new SummaryBuilder();
        List<FactRow> heldEntries = [], heldVersions = [], partRows = [];
        // One pass over the rows, sorting them by kind: a cold unit's activation is most of what a report to it costs (bench/RESULTS.md).
        foreach (var row in await facts.ReadWithAsync(Id.Value, mark))
        {
            if (row.Owner != Id.Value)
            {
                _marked |= row.Owner == mark.Owner;
                continue;
            }
            switch (row.Kind)
            {
                case ReportKind:
                    var report = codec.Decode<Report>(row.Payload!);
                    Index(report);
                    reports.Add(report.Period, report.AsTotals());
                    break;
                case DefinitionKind:
                    _definition = codec.Decode<UnitDefinition>(row.Payload!);
                    break;
                case MapSequenceKind:
                    _mapSequence = codec.Decode<long>(row.Payload!);
                    break;
                case UnitPartGrain.PartsCountedKind:
                    _partsCounted = codec.Decode<int>(row.Payload!) == UnitPartGrain.PartsCountedVersion;
                    break;
                case HeldEntryKind:
                    heldEntries.Add(row);
                    break;
                case HeldVersionKind:
                    heldVersions.Add(row);
                    break;
                case var kind when kind.StartsWith(PartKindPrefix, StringComparison.Ordinal):
                    partRows.Add(row);
                    break;
            }
        }
        var parts = Definition is { } defined && !_partsCounted ? await CountPartsAsync(defined) : partRows;
        CountActivationAs(Definition?.Tier ?? "unit");
        // Only listed children count: rows of a unit no longer listed are left from before its removal.
        if (Definition is { Children.Count: > 0 } office)
        {
            var listed = office.Children.Select(child => child.UnitId).ToHashSet();
            foreach (var child in heldEntries.GroupBy(row => ChildOfHeldEntry(row.Key)).Where(child => listed.Contains(child.Key)))
            {
                _ledger.ReplaceChild(child.Key, child.SelectMany(row => HeldEntryPayload.Decode(codec, EntryOfHeldEntry(row.Key), row.Payload!)), whole: false, _version);
            }
            foreach (var row in heldVersions)
            {
                var child = UnitId.Parse(row.Key);
                if (listed.Contains(child))
                {
                    _heldVersions[child] = _durableChildVersions[child] = codec.Decode<long>(row.Payload!);
                }
            }
        }
        _ledger.AddOwn(reports.Build(), _version);
        foreach (var part in parts.GroupBy(row => row.Kind[PartKindPrefix.Length..]))
        {
            _ledger.ReplacePart(part.Key, Summary.FromEntries(part.SelectMany(row => codec.Decode<Summary>(row.Payload!).Entries())), whole: true, _version);
        }
        RecountUnit(_version);
        if (_marked && Definition?.ParentId is not null && _ledger.UnconfirmedCount > 0)
        {
            // A marked unit may hold what its parent has not durably: it offers once, whole (the parent
            // writes only the entries that differ). An unmarked one is settled, so a unit read cold wakes
            // nothing above it.
            MarkUnoffered(_changedAt);
        }
        else if (_marked)
        {
            // The tick clears the mark once nothing is left for the parent.
            StartTimer();
        }
        if (Definition is null)
        {
            // An unknown unit does not stay in memory as unknown: a new tree's rows are written without
            // activating anyone (HierarchySeeder), so one asked about meanwhile reads them when next activated.
            this.RegisterGrainTimer(LeaveIfUndefined, new GrainTimerCreationOptions(UndefinedLinger, Timeout.InfiniteTimeSpan));
        }
    }

    Task LeaveIfUndefined()
    {
        if (Definition is null)
        {
            DeactivateOnIdle();
        }
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        CountActivationAs(null);
        backlog.Release(Id);
        try
        {
            if (_unsavedEntries.Count > 0)
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

    public Task DefineAsync(UnitDefinition definition) => ApplyDefinitionAsync(definition, null, sequence: null);

    public async Task ApplyMapStepAsync(MapStep change)
    {
        if (change.Sequence < _mapSequence)
        {
            // A later change already wrote this unit: writing an older one again would undo it.
            return;
        }
        if (change.Sequence > _mapSequence)
        {
            await ApplyDefinitionAsync(change.Definition, change.Entry, change.Sequence);
        }
        else if (_officeReconciledAt < change.Sequence && Definition is { Children.Count: > 0 } unit)
        {
            // The step is written, but whether the office counted the children it lists since is not known.
            await ReconcileOfficeAsync(unit);
        }
        _officeReconciledAt = change.Sequence;
    }

    public async Task<IReadOnlyList<MapChangeEntry>?> GetHistoryAsync() =>
        Definition is null ? null : (await facts.ReadAsync(HistoryOwner, HistoryKind)).Select(row => codec.Decode<MapChangeEntry>(row.Payload!)).OrderBy(entry => entry.ChangeId, StringComparer.Ordinal).ToList();

    /// <summary>A unit's history lies under an owner of its own, so the unit's activation does not read it.</summary>
    string HistoryOwner => $"history:{Id.Value}";

    /// <summary>
    /// Writes the definition (with <paramref name="entry"/> in the unit's history and the map change's
    /// <paramref name="sequence"/>, in the same transaction), then moves memory.
    /// </summary>
    async Task ApplyDefinitionAsync(UnitDefinition definition, MapChangeEntry? entry, long? sequence)
    {
        if (definition.UnitId != Id)
        {
            throw new ArgumentException($"Definition of {definition.UnitId} sent to unit {Id}.", nameof(definition));
        }
        // Memory holds only what is durable, so an equal definition is already stored.
        if (entry is null && definition.Equals(Definition))
        {
            return;
        }
        // A unit no longer listed as a child leaves this unit's figures, in the same write.
        var formerChildren = _ledger.Children.Concat(_heldVersions.Keys).Concat(_definition?.Children.Select(child => child.UnitId) ?? [])
            .Distinct().Where(child => definition.Children.All(listed => listed.UnitId != child)).ToList();
        var rows = new List<FactRow> { new(Id.Value, DefinitionKind, "", codec.Encode(definition)) };
        if (entry is not null)
        {
            rows.Add(new FactRow(HistoryOwner, HistoryKind, entry.ChangeId, codec.Encode(entry)));
        }
        if (sequence is { } applied)
        {
            rows.Add(new FactRow(Id.Value, MapSequenceKind, "", codec.Encode(applied)));
        }
        if (!_partsCounted)
        {
            // A new unit has no facts to count yet: its parts are counted as of now.
            rows.Add(PartsCountedRow());
        }
        foreach (var former in formerChildren)
        {
            var held = _ledger.ChildSummary(former).Entries().Select(entry => entry.Key)
                .Concat(_unsavedEntries.Keys.Where(entry => entry.Child == former).Select(entry => entry.Key)).Distinct();
            rows.AddRange(held.Select(key => new FactRow(Id.Value, HeldEntryKind, HeldEntryKey(former, key), null)));
            rows.Add(new FactRow(Id.Value, HeldVersionKind, former.Value, null));
        }
        await WriteFactsAsync(rows, null, unsettles: definition.ParentId is not null);
        var before = _definition;
        _definition = definition;
        _partsCounted = true;
        _mapSequence = sequence ?? _mapSequence;
        CountActivationAs(definition.Tier);
        if (before?.ParentId != definition.ParentId)
        {
            // A new parent holds nothing of this unit yet: the next offer is whole.
            _parentHeld = null;
            _parentDurable = 0;
        }
        // The unit's cadences count among the reporters its parent expects reports from.
        OnChanged(clock.GetUtcNow(), version =>
        {
            foreach (var former in formerChildren)
            {
                _ledger.ForgetChild(former, version);
                _heldVersions.Remove(former);
                _durableChildVersions.Remove(former);
                foreach (var unsaved in _unsavedEntries.Keys.Where(entry => entry.Child == former).ToList())
                {
                    _unsavedEntries.Remove(unsaved);
                }
            }
            RecountUnit(version);
        });
        // The office counts the children it inspected by their tier: other children, or other tiers, count differently.
        if (before is not null && !before.Children.Select(child => (child.UnitId, child.Tier)).SequenceEqual(definition.Children.Select(child => (child.UnitId, child.Tier))))
        {
            await ReconcileOfficeAsync(definition);
        }
    }

    async Task ReconcileOfficeAsync(UnitDefinition definition)
    {
        await GrainFactory.GetGrain<IOfficePart>(Id.Value).ReconcileAsync(definition);
        await ReadPartsAsync(OfficeGrain.Concern);
    }

    /// <summary>Replaces what the unit holds of the <paramref name="concerns"/>' parts by their rows: what is durable, told or not.</summary>
    async Task ReadPartsAsync(params string[] concerns)
    {
        var parts = new List<(string Concern, Summary Part)>();
        foreach (var concern in concerns)
        {
            var rows = await facts.ReadAsync(Id.Value, UnitPartGrain.PartKind(concern));
            parts.Add((concern, Summary.FromEntries(rows.SelectMany(row => codec.Decode<Summary>(row.Payload!).Entries()))));
        }
        OnChanged(clock.GetUtcNow(), version => parts.ForEach(part => _ledger.ReplacePart(part.Concern, part.Part, whole: true, version)), signalOnlyIfChanged: true);
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
        if (_reports.ContainsKey(draft.ReportId) && await ReportAsync(draft.ReportId) is { } existing)
        {
            return existing.HasContentOf(draft)
                ? new ReportResult(ReportOutcome.AlreadyStored, existing, null)
                : Rejected(draft.Cadence, "submit", ReportOutcome.ReportIdTaken,
                    $"Report '{draft.ReportId}' was already filed with different content; correct it with PUT.", existing);
        }
        if (_reportByPeriod.TryGetValue((draft.Cadence, draft.Period), out var samePeriodId) && await ReportAsync(samePeriodId) is { } sameperiod)
        {
            return Rejected(draft.Cadence, "submit", ReportOutcome.PeriodAlreadyReported,
                $"{unit.Name} already filed report '{sameperiod.ReportId}' for {draft.Period}; correct that one instead.", sameperiod);
        }

        Activity.Current?.SetTag("changdu.report.id", draft.ReportId).SetTag("changdu.unit.tier", unit.Tier);
        var now = programme.GetUtcNow();
        var report = new Report(unit.UnitId, draft.ReportId, draft.Cadence, draft.Period, draft.Figures, draft.Notes, now, now, 1)
        {
            OnTime = _reporting.IsOnTime(draft.Period, now),
        };
        await StoreReportAsync(report, previous: null, ReportOutcome.Created);
        CountReport(ReportOutcome.Created, draft.Cadence, "submit");
        return new ReportResult(ReportOutcome.Created, report, null);
    }

    public async Task<ReportResult> CorrectReportAsync(string reportId, ReportCorrection correction)
    {
        if (Definition is null)
        {
            return Rejected(correction.Cadence, "correct", ReportOutcome.UnknownUnit, $"There is no unit {Id}.");
        }
        if (!_reports.ContainsKey(reportId) || await ReportAsync(reportId) is not { } existing)
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
        var register = GrainFactory.GetGrain<IProblemRegister>(Id.Value);
        if (await register.CapRaisedFromAsync(reportId, correction.Figures.ProblemsIdentified) is { } named)
        {
            return Rejected(existing.Cadence, "correct", ReportOutcome.FewerProblemsThanRegistered,
                $"{named} problems in the register were raised from report '{reportId}'; it cannot count fewer.", existing);
        }

        var corrected = existing with
        {
            Figures = correction.Figures,
            Notes = correction.Notes,
            UpdatedAt = programme.GetUtcNow(),
            Revision = existing.Revision + 1,
        };
        try
        {
            await StoreReportAsync(corrected, existing, ReportOutcome.Corrected);
        }
        finally
        {
            await EndCapAsync(register, reportId);
        }
        CountReport(ReportOutcome.Corrected, existing.Cadence, "correct");
        return new ReportResult(ReportOutcome.Corrected, corrected, null);
    }

    /// <summary>Lifts the register's cap; if the register cannot be told, the cap it keeps is the stored figure or lower, and it goes with the register's activation.</summary>
    async Task EndCapAsync(IProblemRegister register, string reportId)
    {
        try
        {
            await register.EndCapAsync(reportId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogEndCapFailed(logger, exception, Id, reportId);
        }
    }

    public async Task<Report?> GetReportAsync(string reportId) =>
        Definition is null || !_reports.ContainsKey(reportId) ? null : await ReportAsync(reportId);

    public async Task<IReadOnlyList<FlagAward>?> GetFlagHistoryAsync()
    {
        if (Definition is not { } unit)
        {
            return null;
        }
        return unit.ParentId is { } parent ? await GrainFactory.GetGrain<IAssessingOffice>(parent.Value).GetFlagsOfAsync(Id) : [];
    }

    /// <summary>Stores a report (new, or replacing <paramref name="previous"/>) with its audit entry; only then does memory and the summary change.</summary>
    async Task StoreReportAsync(Report report, Report? previous, ReportOutcome outcome)
    {
        var listing = MonthsToListForClosing([report.Period]);
        await WriteFactsAsync([new FactRow(Id.Value, ReportKind, report.ReportId, codec.Encode(report)), .. listing.Select(month => ClosingDueList.Row(month, Id))],
            AuditOf(outcome.ToString()), unsettles: Definition?.ParentId is not null);
        _listedForClosing.UnionWith(listing);
        Index(report);
        OnChanged(clock.GetUtcNow(), version => _ledger.ReplaceOwn(previous is null ? Summary.Empty : ContributionOf(previous), ContributionOf(report), version));
    }

    /// <summary>
    /// The months in which reports for <paramref name="periods"/> count that this activation has not
    /// listed yet: an office (a unit with units below) is listed once something counts in the month's rollup.
    /// </summary>
    List<Period> MonthsToListForClosing(IEnumerable<Period> periods) =>
        Definition is { Children.Count: > 0 }
            ? periods.Select(ClosingDueList.MonthCounting).OfType<Period>().Where(month => !_listedForClosing.Contains(month)).Distinct().ToList()
            : [];

    void Index(Report report)
    {
        _reports[report.ReportId] = (report.Cadence, report.Period);
        _reportByPeriod[(report.Cadence, report.Period)] = report.ReportId;
    }

    async Task<Report?> ReportAsync(string reportId) =>
        await facts.ReadOneAsync(Id.Value, ReportKind, reportId) is { } row ? codec.Decode<Report>(row) : null;

    static Summary ContributionOf(Report report) => new SummaryBuilder().Add(report.Period, report.AsTotals()).Build();

    /// <summary>
    /// Writes rows (and an audit entry) in one transaction, with the unit's unsettled mark when the
    /// write <paramref name="unsettles"/> it and the mark is not stored yet; returns once they are
    /// durable, or throws with memory unchanged.
    /// </summary>
    async Task WriteFactsAsync(List<FactRow> rows, AuditRecord? audit, bool unsettles)
    {
        var marking = unsettles && !_marked;
        if (marking)
        {
            rows.Add(UnsettledMarks.OfUnit(Id, set: true));
        }
        var started = Stopwatch.GetTimestamp();
        var kind = new KeyValuePair<string, object?>("state", rows[0].Kind);
        try
        {
            if (await facts.WriteDurablyAsync(rows, audit, DeactivateOnIdle))
            {
                LogCommittedDespiteError(logger, Id);
            }
            _marked |= marking;
            ChangduTelemetry.StorageWriteDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, kind);
        }
        catch
        {
            ChangduTelemetry.StorageErrors.Add(1, kind);
            throw;
        }
    }

    /// <summary>The audit entry of the request being served, when it targets this unit (a call this unit makes to another carries it on, unaudited there).</summary>
    AuditRecord? AuditOf(string outcome) =>
        AuditStamp.Current is { } stamp && stamp.TargetUnit == Id.Value ? AuditRecord.Of(stamp, outcome) : null;

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

    /// <summary>Moves the summary by what the definition counts now instead of before.</summary>
    void RecountUnit(long version)
    {
        var now = Definition is { } unit ? new SummaryBuilder().AddUnit(unit).Build() : Summary.Empty;
        _ledger.ReplaceOwn(_unitContribution, now, version);
        _unitContribution = now;
    }

    /// <summary>
    /// Has each concern grain count its part from its facts and write what differs (a store written
    /// before parts were kept), then reads the parts back and records that they are counted.
    /// </summary>
    async Task<IReadOnlyList<FactRow>> CountPartsAsync(UnitDefinition unit)
    {
        await Task.WhenAll(
            GrainFactory.GetGrain<IOfficePart>(Id.Value).ReconcileAsync(unit),
            GrainFactory.GetGrain<IDutyPart>(Id.Value).ReconcileAsync(unit),
            GrainFactory.GetGrain<IProblemsPart>(Id.Value).ReconcileAsync(unit));
        var parts = new List<FactRow>();
        foreach (var concern in UnitPartGrain.Concerns)
        {
            parts.AddRange(await facts.ReadAsync(Id.Value, UnitPartGrain.PartKind(concern)));
        }
        await facts.WriteAsync([PartsCountedRow()]);
        _partsCounted = true;
        return parts;
    }

    FactRow PartsCountedRow() => new(Id.Value, UnitPartGrain.PartsCountedKind, "", codec.Encode(UnitPartGrain.PartsCountedVersion));

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {Unit} could not flush before deactivation; its children and the start-up sweep re-offer")]
    static partial void LogDeactivationFlushFailed(ILogger logger, Exception exception, UnitId unit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {Unit} could not tell its problem register that the correction of {Report} is done")]
    static partial void LogEndCapFailed(ILogger logger, Exception exception, UnitId unit, string report);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {Unit}: the store answered an error for a write it had stored; it counts as done")]
    static partial void LogCommittedDespiteError(ILogger logger, UnitId unit);

}
