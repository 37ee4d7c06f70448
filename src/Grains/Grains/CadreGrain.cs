namespace Changdu.Grains;

/// <summary>A cadre's record as stored: the ID number and phone only in protected form.</summary>
[GenerateSerializer, Alias("Changdu.Grains.CadreState")]
public sealed class CadreState
{
    [Id(0)] public string? Name { get; set; }
    [Id(1)] public string Gender { get; set; } = "";
    [Id(2)] public string PoliticalStatus { get; set; } = "";
    [Id(3)] public string ProtectedIdNumber { get; set; } = "";
    [Id(4)] public string ProtectedPhone { get; set; } = "";
    [Id(5)] public string DispatchingUnit { get; set; } = "";
    [Id(6)] public List<Assignment> Assignments { get; set; } = [];

    /// <summary>A one-way fingerprint of the registration, so a replayed registration is recognised without keeping it in clear.</summary>
    [Id(7)] public string RegistrationFingerprint { get; set; } = "";
    [Id(8)] public List<Card> Cards { get; set; } = [];

    /// <summary>The registered dispatching unit the cadre came from; empty when registered by name only.</summary>
    [Id(9)] public string DispatchingUnitId { get; set; } = "";
}

/// <summary>
/// One cadre (DOMAIN practice 7): personal data protected at rest and masked on the way out, the
/// assignment history, and membership of the current unit's roster.
/// </summary>
public sealed class CadreGrain(
    [PersistentState("cadre", UnitGrain.StorageName)] IPersistentState<CadreState> cadre,
    IPersonalDataProtector protector) : Grain, ICadreGrain, ICardHolder
{
    string CadreId => this.GetPrimaryKeyString();

    public async Task<CadreResult> RegisterAsync(CadreRegistration registration)
    {
        var fingerprint = Fingerprint(registration);
        if (cadre.State.Name is not null)
        {
            return cadre.State.RegistrationFingerprint == fingerprint
                ? new CadreResult(CadreOutcome.AlreadyStored, View(reveal: false), null)
                : new CadreResult(CadreOutcome.CadreIdTaken, null, $"Cadre '{CadreId}' is already registered with other details.");
        }
        cadre.State.Name = registration.Name;
        cadre.State.Gender = registration.Gender;
        cadre.State.PoliticalStatus = registration.PoliticalStatus;
        cadre.State.ProtectedIdNumber = protector.Protect(registration.NationalIdNumber);
        cadre.State.ProtectedPhone = protector.Protect(registration.Phone);
        cadre.State.DispatchingUnit = registration.DispatchingUnit;
        cadre.State.Assignments = [new Assignment(registration.UnitId, registration.Role, registration.From, null)];
        cadre.State.RegistrationFingerprint = fingerprint;
        cadre.State.DispatchingUnitId = registration.DispatchingUnitId ?? "";
        if (registration.DispatchingUnitId is { } dispatchingUnitId)
        {
            await GrainFactory.GetGrain<IDispatchingUnit>(dispatchingUnitId).EnlistAsync(CadreId);
        }
        await GrainFactory.GetGrain<IRoster>(registration.UnitId.Value).JoinAsync(CadreId, registration.Role, registration.From, cadre.State.DispatchingUnitId);
        await cadre.WriteStateAsync();
        return new CadreResult(CadreOutcome.Registered, View(reveal: false), null);
    }

    public async Task<CadreResult> TransferAsync(UnitId unit, CadreRole role, DateOnly from)
    {
        if (cadre.State.Name is null)
        {
            return new CadreResult(CadreOutcome.UnknownCadre, null, $"There is no cadre '{CadreId}'.");
        }
        if (Current is not { } current)
        {
            return new CadreResult(CadreOutcome.NotAssigned, View(reveal: false), $"Cadre '{CadreId}' has no current assignment to transfer from.");
        }
        if (from <= current.From)
        {
            return new CadreResult(CadreOutcome.DateOutOfOrder, View(reveal: false), $"The current assignment began on {current.From:yyyy-MM-dd}; a transfer starts after it.");
        }
        await GrainFactory.GetGrain<IRoster>(current.UnitId.Value).DepartAsync(CadreId, from.AddDays(-1));
        await GrainFactory.GetGrain<IRoster>(unit.Value).JoinAsync(CadreId, role, from, cadre.State.DispatchingUnitId);
        cadre.State.Assignments = [.. cadre.State.Assignments[..^1], current with { Until = from.AddDays(-1) }, new Assignment(unit, role, from, null)];
        await cadre.WriteStateAsync();
        return new CadreResult(CadreOutcome.Transferred, View(reveal: false), null);
    }

    public async Task<CadreResult> EndAssignmentAsync(DateOnly until)
    {
        if (cadre.State.Name is null)
        {
            return new CadreResult(CadreOutcome.UnknownCadre, null, $"There is no cadre '{CadreId}'.");
        }
        if (Current is not { } current)
        {
            return new CadreResult(CadreOutcome.NotAssigned, View(reveal: false), $"Cadre '{CadreId}' has no current assignment.");
        }
        if (until < current.From)
        {
            return new CadreResult(CadreOutcome.DateOutOfOrder, View(reveal: false), $"The assignment began on {current.From:yyyy-MM-dd}; it cannot end before.");
        }
        await GrainFactory.GetGrain<IRoster>(current.UnitId.Value).DepartAsync(CadreId, until);
        cadre.State.Assignments = [.. cadre.State.Assignments[..^1], current with { Until = until }];
        await cadre.WriteStateAsync();
        return new CadreResult(CadreOutcome.Ended, View(reveal: false), null);
    }

    public Task<CadreView?> GetAsync(bool reveal) => Task.FromResult(cadre.State.Name is null ? null : View(reveal));

    public async Task<CardResult> IssueCardAsync(DateOnly issuedOn)
    {
        if (cadre.State.Name is null)
        {
            return new CardResult(CardOutcome.UnknownCadre, null, $"There is no cadre '{CadreId}'.");
        }
        if (Current is not { } current)
        {
            return new CardResult(CardOutcome.NotAssigned, null, $"Cadre '{CadreId}' is not on duty anywhere; a card needs a current assignment.");
        }
        if (cadre.State.Cards.LastOrDefault() is { Valid: true } held && held.IssuedOn == issuedOn)
        {
            return new CardResult(CardOutcome.AlreadyIssued, held, null);
        }
        var card = new Card($"{CadreId}-{cadre.State.Cards.Count + 1}", NewVerificationCode(), issuedOn, null);
        await GrainFactory.GetGrain<ICardCode>(card.VerificationCode).BindAsync(CadreId);
        await GrainFactory.GetGrain<IRoster>(current.UnitId.Value).RecordCardAsync(card.CardNumber, issuedOn);
        cadre.State.Cards = [.. cadre.State.Cards.Select(held => held.Valid ? held with { RevokedOn = issuedOn } : held), card];
        await cadre.WriteStateAsync();
        return new CardResult(CardOutcome.Issued, card, null);
    }

    public async Task<CardResult> RevokeCardAsync(string cardNumber, DateOnly revokedOn)
    {
        if (cadre.State.Cards.FirstOrDefault(card => card.CardNumber == cardNumber) is not { } card)
        {
            return new CardResult(CardOutcome.UnknownCard, null, $"Cadre '{CadreId}' holds no card '{cardNumber}'.");
        }
        if (!card.Valid)
        {
            return new CardResult(CardOutcome.AlreadyRevoked, card, null);
        }
        var revoked = card with { RevokedOn = revokedOn };
        cadre.State.Cards = cadre.State.Cards.Select(held => held == card ? revoked : held).ToList();
        await cadre.WriteStateAsync();
        return new CardResult(CardOutcome.Revoked, revoked, null);
    }

    public Task<IReadOnlyList<Card>?> ListCardsAsync() =>
        Task.FromResult<IReadOnlyList<Card>?>(cadre.State.Name is null ? null : cadre.State.Cards);

    public async Task<CardVerification?> VerifyCardAsync(string verificationCode)
    {
        if (cadre.State.Cards.FirstOrDefault(card => card.VerificationCode == verificationCode) is not { } card)
        {
            return null;
        }
        var current = Current;
        var unit = current is null ? null : await GrainFactory.GetGrain<IUnitGrain>(current.UnitId.Value).GetDefinitionAsync();
        return new CardVerification(cadre.State.Name!, current?.Role ?? CadreRole.Member, current?.UnitId, unit?.Name, card.CardNumber, card.IssuedOn,
            card.Valid && current is not null);
    }

    /// <summary>160 random bits in base32: printed as a QR code, never guessed.</summary>
    static string NewVerificationCode()
    {
        const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        return new string(bytes.Select(b => Alphabet[b % Alphabet.Length]).ToArray());
    }

    Assignment? Current => cadre.State.Assignments.LastOrDefault(assignment => assignment.Until is null);

    CadreView View(bool reveal)
    {
        var idNumber = protector.Unprotect(cadre.State.ProtectedIdNumber);
        var phone = protector.Unprotect(cadre.State.ProtectedPhone);
        return new CadreView(CadreId, cadre.State.Name!, cadre.State.Gender, cadre.State.PoliticalStatus,
            reveal ? idNumber : NationalIdNumber.Mask(idNumber), reveal ? phone : PhoneNumber.Mask(phone),
            cadre.State.DispatchingUnit, cadre.State.Assignments, reveal) { DispatchingUnitId = cadre.State.DispatchingUnitId };
    }

    string Fingerprint(CadreRegistration registration) => protector.Fingerprint(string.Join('\u001f',
        registration.Name, registration.Gender, registration.PoliticalStatus, registration.NationalIdNumber, registration.Phone,
        registration.DispatchingUnit, registration.DispatchingUnitId ?? "", registration.UnitId.Value, registration.Role, registration.From.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
}
