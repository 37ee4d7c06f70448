namespace Changdu.Grains;

/// <summary>A cadre's record as stored: the ID number and phone only in protected form.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.Grains.CadreRecord")]
public sealed record CadreRecord(
    [property: Id(0)] string Name,
    [property: Id(1)] string Gender,
    [property: Id(2)] string PoliticalStatus,
    [property: Id(3)] string ProtectedIdNumber,
    [property: Id(4)] string ProtectedPhone,
    [property: Id(5)] string DispatchingUnit,
    [property: Id(6)] IReadOnlyList<Assignment> Assignments,
    [property: Id(7)] string RegistrationFingerprint,
    [property: Id(8)] string DispatchingUnitId);

/// <summary>
/// One cadre (docs/domain.md, practice 7): personal data protected at rest and masked on the way out, the
/// assignment history, and membership of the current unit's roster. The record and each card are
/// rows of their own; memory changes only after the write that makes a change durable, so a retry
/// after a failed write does the work again instead of answering "already stored".
/// </summary>
public sealed class CadreGrain(IFactStore facts, FactCodec codec, IPersonalDataProtector protector) : Grain, ICadreGrain, ICardHolder
{
    const string RecordKind = "record";
    const string CardKind = "card";

    CadreRecord? _record;

    // In the order issued: the card number's sequence is its place here.
    readonly List<Card> _cards = [];

    string CadreId => this.GetPrimaryKeyString();

    /// <summary>Rows of cadres are owned apart from units, so a cadre id can never meet a unit id.</summary>
    string Owner => $"cadre:{CadreId}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var row in await facts.ReadAsync(Owner))
        {
            if (row.Kind == RecordKind)
            {
                _record = codec.Decode<CadreRecord>(row.Payload!);
            }
            else if (row.Kind == CardKind)
            {
                _cards.Add(codec.Decode<Card>(row.Payload!));
            }
        }
        _cards.Sort((a, b) => SequenceOf(a).CompareTo(SequenceOf(b)));
    }

    public async Task<CadreResult> RegisterAsync(CadreRegistration registration)
    {
        if (registration.DispatchingUnitId is { } named)
        {
            if (await GrainFactory.GetGrain<IDispatchingUnit>(named).GetAsync() is not { } dispatching)
            {
                return new CadreResult(CadreOutcome.UnknownDispatchingUnit, null, $"There is no registered dispatching unit '{named}'.");
            }
            registration = registration with { DispatchingUnit = dispatching.Name };
        }
        var fingerprint = Fingerprint(registration);
        if (_record is { } held)
        {
            return held.RegistrationFingerprint == fingerprint
                ? new CadreResult(CadreOutcome.AlreadyStored, View(reveal: false), null)
                : new CadreResult(CadreOutcome.CadreIdTaken, null, $"Cadre '{CadreId}' is already registered with other details.");
        }
        var record = new CadreRecord(registration.Name, registration.Gender, registration.PoliticalStatus,
            protector.Protect(registration.NationalIdNumber), protector.Protect(registration.Phone), registration.DispatchingUnit,
            [new Assignment(registration.UnitId, registration.Role, registration.From, null)], fingerprint, registration.DispatchingUnitId ?? "");
        // Enlisting and joining are idempotent: a registration retried after a failed write does them again harmlessly.
        await TellDispatchingUnitAsync(record, registration.UnitId);
        await GrainFactory.GetGrain<IRoster>(registration.UnitId.Value).JoinAsync(CadreId, registration.Role, registration.From, record.DispatchingUnitId);
        await StoreRecordAsync(record, CadreOutcome.Registered);
        return new CadreResult(CadreOutcome.Registered, View(reveal: false), null);
    }

    public async Task<CadreResult> TransferAsync(UnitId unit, CadreRole role, DateOnly from)
    {
        if (_record is not { } record)
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
        await GrainFactory.GetGrain<IRoster>(unit.Value).JoinAsync(CadreId, role, from, record.DispatchingUnitId);
        await TellDispatchingUnitAsync(record, unit);
        await StoreRecordAsync(record with { Assignments = [.. record.Assignments.SkipLast(1), current with { Until = from.AddDays(-1) }, new Assignment(unit, role, from, null)] },
            CadreOutcome.Transferred);
        return new CadreResult(CadreOutcome.Transferred, View(reveal: false), null);
    }

    public async Task<CadreResult> EndAssignmentAsync(DateOnly until)
    {
        if (_record is not { } record)
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
        await TellDispatchingUnitAsync(record, team: null);
        await StoreRecordAsync(record with { Assignments = [.. record.Assignments.SkipLast(1), current with { Until = until }] }, CadreOutcome.Ended);
        return new CadreResult(CadreOutcome.Ended, View(reveal: false), null);
    }

    public Task<CadreView?> GetAsync(bool reveal) => Task.FromResult(_record is null ? null : View(reveal));

    public async Task<CardResult> IssueCardAsync(DateOnly issuedOn)
    {
        if (_record is null)
        {
            return new CardResult(CardOutcome.UnknownCadre, null, $"There is no cadre '{CadreId}'.");
        }
        if (Current is not { } current)
        {
            return new CardResult(CardOutcome.NotAssigned, null, $"Cadre '{CadreId}' is not on duty anywhere; a card needs a current assignment.");
        }
        if (_cards.LastOrDefault() is { Valid: true } held && held.IssuedOn == issuedOn)
        {
            return new CardResult(CardOutcome.AlreadyIssued, held, null);
        }
        var card = new Card($"{CadreId}-{_cards.Count + 1}", NewVerificationCode(), issuedOn, null);
        await GrainFactory.GetGrain<ICardCode>(card.VerificationCode).BindAsync(CadreId);
        await GrainFactory.GetGrain<IRoster>(current.UnitId.Value).RecordCardAsync(card.CardNumber, issuedOn);
        // Issuing revokes the card still held, in the same write.
        var cards = _cards.Where(previous => previous.Valid).Select(previous => previous with { RevokedOn = issuedOn }).Append(card).ToList();
        await StoreCardsAsync(cards, CardOutcome.Issued, card.CardNumber);
        return new CardResult(CardOutcome.Issued, card, null);
    }

    public async Task<CardResult> RevokeCardAsync(string cardNumber, DateOnly revokedOn)
    {
        if (_cards.FirstOrDefault(card => card.CardNumber == cardNumber) is not { } card)
        {
            return new CardResult(CardOutcome.UnknownCard, null, $"Cadre '{CadreId}' holds no card '{cardNumber}'.");
        }
        if (!card.Valid)
        {
            return new CardResult(CardOutcome.AlreadyRevoked, card, null);
        }
        var revoked = card with { RevokedOn = revokedOn };
        await StoreCardsAsync([revoked], CardOutcome.Revoked, cardNumber);
        return new CardResult(CardOutcome.Revoked, revoked, null);
    }

    public Task<IReadOnlyList<Card>?> ListCardsAsync() =>
        Task.FromResult<IReadOnlyList<Card>?>(_record is null ? null : [.. _cards]);

    public async Task<CardVerification?> VerifyCardAsync(string verificationCode)
    {
        if (_record is null || _cards.FirstOrDefault(card => card.VerificationCode == verificationCode) is not { } card)
        {
            return null;
        }
        var current = Current;
        var unit = current is null ? null : await GrainFactory.GetGrain<IUnitGrain>(current.UnitId.Value).GetDefinitionAsync();
        return new CardVerification(_record.Name, current?.Role ?? CadreRole.Member, current?.UnitId, unit?.Name, card.CardNumber, card.IssuedOn,
            card.Valid && current is not null);
    }

    /// <summary>160 random bits in base32: printed as a QR code, never guessed.</summary>
    static string NewVerificationCode()
    {
        const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        return new string(bytes.Select(b => Alphabet[b % Alphabet.Length]).ToArray());
    }

    /// <summary>Tells the registered dispatching unit, if any, the team the cadre serves now, where it keeps its conduct.</summary>
    Task TellDispatchingUnitAsync(CadreRecord record, UnitId? team) =>
        record.DispatchingUnitId is "" ? Task.CompletedTask : GrainFactory.GetGrain<IDispatchingUnit>(record.DispatchingUnitId).NoteTeamAsync(CadreId, team);

    Assignment? Current => _record?.Assignments.LastOrDefault(assignment => assignment.Until is null);

    CadreView View(bool reveal)
    {
        var record = _record!;
        var idNumber = protector.Unprotect(record.ProtectedIdNumber);
        var phone = protector.Unprotect(record.ProtectedPhone);
        return new CadreView(CadreId, record.Name, record.Gender, record.PoliticalStatus,
            reveal ? idNumber : NationalIdNumber.Mask(idNumber), reveal ? phone : PhoneNumber.Mask(phone),
            record.DispatchingUnit, record.Assignments, reveal) { DispatchingUnitId = record.DispatchingUnitId };
    }

    async Task StoreRecordAsync(CadreRecord record, CadreOutcome outcome)
    {
        await facts.WriteDurablyAsync([new FactRow(Owner, RecordKind, "", codec.Encode(record))], AuditOf(outcome.ToString(), null), DeactivateOnIdle);
        _record = record;
    }

    async Task StoreCardsAsync(List<Card> cards, CardOutcome outcome, string cardNumber)
    {
        await facts.WriteDurablyAsync([.. cards.Select(card => new FactRow(Owner, CardKind, card.CardNumber, codec.Encode(card)))], AuditOf(outcome.ToString(), cardNumber), DeactivateOnIdle);
        foreach (var card in cards)
        {
            var at = _cards.FindIndex(held => held.CardNumber == card.CardNumber);
            if (at < 0)
            {
                _cards.Add(card);
            }
            else
            {
                _cards[at] = card;
            }
        }
    }

    /// <summary>The audit entry of the request being served, naming <paramref name="target"/> when the write settles it (a card's number).</summary>
    static AuditRecord? AuditOf(string outcome, string? target) =>
        AuditStamp.Current is { } stamp ? AuditRecord.Of(target is null ? stamp : stamp with { Target = target }, outcome) : null;

    static int SequenceOf(Card card) => int.Parse(card.CardNumber[(card.CardNumber.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    string Fingerprint(CadreRegistration registration) => protector.Fingerprint(string.Join('\u001f',
        registration.Name, registration.Gender, registration.PoliticalStatus, registration.NationalIdNumber, registration.Phone,
        registration.DispatchingUnit, registration.DispatchingUnitId ?? "", registration.UnitId.Value, registration.Role, registration.From.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
}
