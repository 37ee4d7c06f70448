namespace Changdu.Grains;

/// <summary>The cadres a unit has now and had before (DOMAIN practice 7); their records live in their own grains.</summary>
public sealed partial class UnitGrain
{
    public async Task JoinAsync(string cadreId, CadreRole role, DateOnly from, string dispatchingUnitId)
    {
        if (Definition is null)
        {
            throw new ArgumentException($"There is no unit {Id} to join.", nameof(cadreId));
        }
        var span = new DateSpan(from, null);
        var spans = office.State.Assignments.GetValueOrDefault(cadreId) ?? [];
        if (office.State.Roster.GetValueOrDefault(cadreId) == role && spans.Contains(span)
            && office.State.DispatchingUnits.GetValueOrDefault(cadreId) == dispatchingUnitId)
        {
            return;
        }
        var previous = (Role: office.State.Roster.TryGetValue(cadreId, out var had) ? had : (CadreRole?)null,
            Spans: spans, DispatchingUnit: office.State.DispatchingUnits.GetValueOrDefault(cadreId));
        await StoreOfficeAsync(state =>
        {
            state.Roster[cadreId] = role;
            state.Assignments[cadreId] = [.. spans.Where(held => held.From != from), span];
            state.DispatchingUnits[cadreId] = dispatchingUnitId;
        }, state => RestoreMember(state, cadreId, previous));
    }

    public async Task DepartAsync(string cadreId, DateOnly until)
    {
        if (!office.State.Roster.TryGetValue(cadreId, out var role))
        {
            return;
        }
        var spans = office.State.Assignments.GetValueOrDefault(cadreId) ?? [];
        var previous = (Role: (CadreRole?)role, Spans: spans, DispatchingUnit: office.State.DispatchingUnits.GetValueOrDefault(cadreId));
        await StoreOfficeAsync(state =>
        {
            state.Roster.Remove(cadreId);
            state.Assignments[cadreId] = spans.Select(span => span.Until is null ? span with { Until = until } : span).ToList();
        }, state => RestoreMember(state, cadreId, previous));
    }

    static void RestoreMember(OfficeState state, string cadreId, (CadreRole? Role, List<DateSpan> Spans, string? DispatchingUnit) previous)
    {
        if (previous.Role is { } role)
        {
            state.Roster[cadreId] = role;
        }
        else
        {
            state.Roster.Remove(cadreId);
        }
        if (previous.Spans.Count > 0)
        {
            state.Assignments[cadreId] = previous.Spans;
        }
        else
        {
            state.Assignments.Remove(cadreId);
        }
        if (previous.DispatchingUnit is { } dispatchingUnit)
        {
            state.DispatchingUnits[cadreId] = dispatchingUnit;
        }
        else
        {
            state.DispatchingUnits.Remove(cadreId);
        }
    }

    public Task<IReadOnlyDictionary<string, CadreRole>?> ListRosterAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, CadreRole>?>(Definition is null ? null : new Dictionary<string, CadreRole>(office.State.Roster, StringComparer.Ordinal));

    public async Task RecordCardAsync(string cardNumber, DateOnly issuedOn)
    {
        if (!office.State.CardsIssued.ContainsKey(cardNumber))
        {
            await StoreOfficeAsync(state => state.CardsIssued[cardNumber] = issuedOn, state => state.CardsIssued.Remove(cardNumber));
        }
    }

    bool AssignedOn(string cadreId, DateOnly day) =>
        office.State.Assignments.TryGetValue(cadreId, out var spans) && spans.Any(span => span.Covers(day));

    IEnumerable<string> AssignedCadresOn(DateOnly day) =>
        office.State.Assignments.Where(entry => entry.Value.Any(span => span.Covers(day))).Select(entry => entry.Key);
}
