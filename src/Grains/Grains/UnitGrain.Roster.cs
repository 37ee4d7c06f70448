namespace Changdu.Grains;

/// <summary>The cadres a unit has now (DOMAIN practice 7); their records live in their own grains.</summary>
public sealed partial class UnitGrain
{
    public async Task JoinAsync(string cadreId, CadreRole role)
    {
        if (Definition is null)
        {
            throw new ArgumentException($"There is no unit {Id} to join.", nameof(cadreId));
        }
        if (office.State.Roster.GetValueOrDefault(cadreId) != role)
        {
            var previous = office.State.Roster.TryGetValue(cadreId, out var had) ? had : (CadreRole?)null;
            await StoreOfficeAsync(state => state.Roster[cadreId] = role, state =>
            {
                if (previous is { } before)
                {
                    state.Roster[cadreId] = before;
                }
                else
                {
                    state.Roster.Remove(cadreId);
                }
            });
        }
    }

    public async Task LeaveAsync(string cadreId)
    {
        if (office.State.Roster.TryGetValue(cadreId, out var role))
        {
            await StoreOfficeAsync(state => state.Roster.Remove(cadreId), state => state.Roster[cadreId] = role);
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
}
