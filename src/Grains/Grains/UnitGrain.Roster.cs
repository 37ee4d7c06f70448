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
        var held = _officeRecords.Members.GetValueOrDefault(cadreId);
        var stint = new Stint(role, new DateSpan(from, null));
        if (held is not null && held.DispatchingUnitId == dispatchingUnitId && held.Stints.Contains(stint))
        {
            return;
        }
        var joined = new Member(dispatchingUnitId, [.. (held?.Stints ?? []).Where(before => before.Span.From != from), stint]);
        await CommitAsync([_rows.Members.Put(cadreId, joined)], null, Contribution.Duty);
    }

    public async Task DepartAsync(string cadreId, DateOnly until)
    {
        if (_officeRecords.Members.GetValueOrDefault(cadreId) is not { Current: not null } held)
        {
            return;
        }
        var departed = held with { Stints = held.Stints.Select(stint => stint.Span.Until is null ? stint with { Span = stint.Span with { Until = until } } : stint).ToList() };
        await CommitAsync([_rows.Members.Put(cadreId, departed)], null, Contribution.Duty);
    }

    public Task<IReadOnlyDictionary<string, CadreRole>?> ListRosterAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, CadreRole>?>(Definition is null ? null : _officeRecords.Members
            .Where(member => member.Value.Current is not null)
            .ToDictionary(member => member.Key, member => member.Value.Current!.Value.Role, StringComparer.Ordinal));

    public async Task RecordCardAsync(string cardNumber, DateOnly issuedOn)
    {
        if (!_officeRecords.CardsIssued.ContainsKey(cardNumber))
        {
            await CommitAsync([_rows.CardsIssued.Put(cardNumber, issuedOn)], null, Contribution.Office);
        }
    }

    bool AssignedOn(string cadreId, DateOnly day) => _officeRecords.Members.GetValueOrDefault(cadreId)?.ServesOn(day) == true;

    IEnumerable<string> AssignedCadresOn(DateOnly day) => _officeRecords.Members.Where(member => member.Value.ServesOn(day)).Select(member => member.Key);

    string DispatchingUnitOf(string cadreId) => _officeRecords.Members.GetValueOrDefault(cadreId)?.DispatchingUnitId ?? "";
}
