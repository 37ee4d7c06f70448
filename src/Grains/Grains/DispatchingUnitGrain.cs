namespace Changdu.Grains;

/// <summary>
/// A dispatching unit (docs/domain.md, practice 4): the cadres it sent with the teams they serve now, their
/// absences and the summons it received, each a row; memory changes only once the row is durable.
/// Its conduct is kept here, where these facts arrive, so a month's conduct reads only the few
/// teams' rollups, never every cadre.
/// </summary>
public sealed class DispatchingUnitGrain(IFactStore facts, FactCodec codec) : Grain, IDispatchingUnit
{
    const string DefinitionKind = "definition";
    const string CadreKind = "cadre";
    const string SummonsKind = "summons";
    const string AbsenceKind = "absence";

    DispatchingUnitDefinition? _definition;
    readonly SortedSet<string> _cadreIds = new(StringComparer.Ordinal);

    // The team each cadre serves now; a cadre whose assignment ended, or enlisted before teams were told, has none.
    readonly Dictionary<string, UnitId> _teams = new(StringComparer.Ordinal);
    readonly Dictionary<string, Absence> _absences = new(StringComparer.Ordinal);
    readonly Dictionary<string, Summons> _summons = new(StringComparer.Ordinal);

    string DispatchingUnitId => this.GetPrimaryKeyString();

    string Owner => $"dispatching:{DispatchingUnitId}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var row in await facts.ReadAsync(Owner))
        {
            switch (row.Kind)
            {
                case DefinitionKind:
                    _definition = codec.Decode<DispatchingUnitDefinition>(row.Payload!);
                    break;
                case CadreKind:
                    _cadreIds.Add(row.Key);
                    if (row.Payload is { Length: > 0 } team)
                    {
                        _teams[row.Key] = codec.Decode<UnitId>(team);
                    }
                    break;
                case AbsenceKind:
                    _absences[row.Key] = codec.Decode<Absence>(row.Payload!);
                    break;
                case SummonsKind:
                    _summons[row.Key] = codec.Decode<Summons>(row.Payload!);
                    break;
            }
        }
    }

    public async Task<DispatchingOutcome> RegisterAsync(DispatchingUnitDefinition definition)
    {
        if (_definition is { } held)
        {
            return held == definition ? DispatchingOutcome.AlreadyStored : DispatchingOutcome.IdTaken;
        }
        await GrainFactory.GetGrain<IDispatchingRegistry>(IDispatchingRegistry.Key).AddAsync(DispatchingUnitId);
        await WriteAsync(DefinitionKind, "", codec.Encode(definition), DispatchingOutcome.Recorded);
        _definition = definition;
        return DispatchingOutcome.Recorded;
    }

    public Task<DispatchingUnitView?> GetAsync() => Task.FromResult(_definition is { } definition
        ? new DispatchingUnitView(DispatchingUnitId, definition.Name, definition.Level, [.. _cadreIds],
            _summons.Values.OrderBy(summons => summons.On).ThenBy(summons => summons.SummonsId, StringComparer.Ordinal).ToList())
        : null);

    public async Task EnlistAsync(string cadreId)
    {
        if (_definition is null)
        {
            throw new ArgumentException($"There is no dispatching unit '{DispatchingUnitId}' to enlist in.", nameof(cadreId));
        }
        if (!_cadreIds.Contains(cadreId))
        {
            // A cadre's registration is audited where it is stored, at the cadre.
            await WriteAsync(CadreKind, cadreId, [], outcome: null);
            _cadreIds.Add(cadreId);
        }
    }

    public async Task NoteTeamAsync(string cadreId, UnitId? team)
    {
        if (_definition is null)
        {
            throw new ArgumentException($"There is no dispatching unit '{DispatchingUnitId}' to enlist in.", nameof(cadreId));
        }
        var held = _teams.TryGetValue(cadreId, out var current) ? current : (UnitId?)null;
        if (_cadreIds.Contains(cadreId) && held == team)
        {
            return;
        }
        await WriteAsync(CadreKind, cadreId, team is { } serving ? codec.Encode(serving) : [], outcome: null);
        _cadreIds.Add(cadreId);
        if (team is { } now)
        {
            _teams[cadreId] = now;
        }
        else
        {
            _teams.Remove(cadreId);
        }
    }

    public async Task NoteAbsenceAsync(Absence absence)
    {
        // An absence of a cadre sent by no registered unit has nowhere to count.
        if (_definition is null || (_absences.TryGetValue(absence.AbsenceId, out var held) && held == absence))
        {
            return;
        }
        await WriteAsync(AbsenceKind, absence.AbsenceId, codec.Encode(absence), outcome: null);
        _absences[absence.AbsenceId] = absence;
    }

    public async Task<Conduct?> GetConductAsync(Period month, SummonsCriteria criteria)
    {
        if (_definition is not { } definition)
        {
            return null;
        }
        var teams = _teams.Values.Distinct().ToList();
        var rollups = (await Task.WhenAll(teams.Select(team => GrainFactory.GetGrain<IRollupNode>(team.Value).GetRollupAsync(month)))).OfType<RollupView>().ToList();
        var expected = rollups.Sum(rollup => rollup.ExpectedReports ?? 0);
        var received = rollups.Sum(rollup => rollup.Totals.Reports);
        var conduct = new Conduct(DispatchingUnitId, definition.Name, definition.Level, month, _cadreIds.Count, teams.Count,
            _absences.Values.Count(absence => Period.Month(absence.EstablishedOn.Year, absence.EstablishedOn.Month) == month),
            rollups.Sum(rollup => rollup.OpenProblems.Open), expected, received,
            // Of what was due: a team filing more than its cadences call for does not cover another's missing reports.
            Rate.Of(Math.Min(received, expected), expected),
            rollups.Sum(rollup => rollup.Totals.NegativeFeedback), []);
        return conduct with { Reasons = SummonsRule.Reasons(conduct, criteria) };
    }

    public async Task<SummonsResult> RecordSummonsAsync(Summons summons)
    {
        if (_definition is null)
        {
            return new SummonsResult(DispatchingOutcome.UnknownDispatchingUnit, null, $"There is no registered dispatching unit '{DispatchingUnitId}'.");
        }
        if (_summons.TryGetValue(summons.SummonsId, out var held))
        {
            return held == summons
                ? new SummonsResult(DispatchingOutcome.AlreadyStored, held, null)
                : new SummonsResult(DispatchingOutcome.IdTaken, held, $"Summons '{summons.SummonsId}' is already recorded with other details.");
        }
        await WriteAsync(SummonsKind, summons.SummonsId, codec.Encode(summons), DispatchingOutcome.Recorded);
        _summons[summons.SummonsId] = summons;
        return new SummonsResult(DispatchingOutcome.Recorded, summons, null);
    }

    public async Task<SummonsResult> FollowUpAsync(string summonsId, SummonsFollowUp followUp)
    {
        if (!_summons.TryGetValue(summonsId, out var held))
        {
            return new SummonsResult(DispatchingOutcome.UnknownSummons, null, $"Dispatching unit '{DispatchingUnitId}' has no summons '{summonsId}'.");
        }
        if (held.FollowUp == followUp)
        {
            return new SummonsResult(DispatchingOutcome.AlreadyStored, held, null);
        }
        var followedUp = held with { FollowUp = followUp };
        await WriteAsync(SummonsKind, summonsId, codec.Encode(followedUp), DispatchingOutcome.Recorded);
        _summons[summonsId] = followedUp;
        return new SummonsResult(DispatchingOutcome.Recorded, followedUp, null);
    }

    /// <summary>Writes one row, with the audit entry of the request when the write is the one it asked for.</summary>
    async Task WriteAsync(string kind, string key, byte[] payload, DispatchingOutcome? outcome) =>
        await facts.WriteDurablyAsync([new FactRow(Owner, kind, key, payload)],
            outcome is { } decided && AuditStamp.Current is { } stamp ? AuditRecord.Of(stamp, decided.ToString()) : null,
            DeactivateOnIdle);
}

[GenerateSerializer, Alias("Changdu.Grains.DispatchingRegistryState")]
public sealed class DispatchingRegistryState
{
    [Id(0)] public SortedSet<string> Ids { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Every registered dispatching unit's id; a few hundred in a city, so one grain holds them, in
/// Orleans's stock grain storage: a small state, written once per registration.
/// </summary>
public sealed class DispatchingRegistryGrain(
    [PersistentState("registry", UnitGrain.StorageName)] IPersistentState<DispatchingRegistryState> registry) : Grain, IDispatchingRegistry
{
    public async Task AddAsync(string dispatchingUnitId)
    {
        if (registry.State.Ids.Add(dispatchingUnitId))
        {
            try
            {
                await registry.WriteStateAsync();
            }
            catch
            {
                registry.State.Ids.Remove(dispatchingUnitId);
                throw;
            }
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. registry.State.Ids]);
}
