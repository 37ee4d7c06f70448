using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Changdu;

/// <summary>
/// A resident identity card number (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit
/// sequence and a check character (ISO 7064 MOD 11-2, 'X' for 10). Personal data: never logged,
/// stored protected, shown masked.
/// </summary>
public static class NationalIdNumber
{
    static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const string CheckCharacters = "10X98765432";

    public static bool IsValid([NotNullWhen(true)] string? text)
    {
        if (text is not { Length: 18 } || !text.AsSpan(0, 17).ToArray().All(char.IsAsciiDigit)
            || !DateOnly.TryParseExact(text.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return false;
        }
        return char.ToUpperInvariant(text[17]) == CheckCharacter(text.AsSpan(0, 17));
    }

    /// <summary>The check character of the first 17 digits (ISO 7064 MOD 11-2).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17Digits)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17Digits[i] - '0') * Weights[i];
        }
        return CheckCharacters[sum % 11];
    }

    /// <summary>The first three and the last two characters, the rest hidden: 540*************1X.</summary>
    public static string Mask(string number) => number[..3] + new string('*', number.Length - 5) + number[^2..];
}

/// <summary>A mainland mobile number: 11 digits starting with 1. Personal data, masked in listings: 139****5678.</summary>
public static class PhoneNumber
{
    public static bool IsValid([NotNullWhen(true)] string? text) => text is { Length: 11 } && text[0] == '1' && text.All(char.IsAsciiDigit);

    public static string Mask(string number) => number[..3] + "****" + number[^4..];
}

/// <summary>A person's name as published (leave rosters, bulletins): the first character and a fixed mask, so not even the length shows.</summary>
public static class PersonName
{
    public static string Mask(string name) => System.Globalization.StringInfo.GetNextTextElement(name) + "**";
}

public enum CadreRole
{
    Leader = 1,
    Member = 2,
    OfficeStaff = 3,
}

/// <summary>Where a cadre served and as what; an open assignment has no end.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.Assignment")]
public sealed record Assignment(
    [property: Id(0)] UnitId UnitId,
    [property: Id(1)] CadreRole Role,
    [property: Id(2)] DateOnly From,
    [property: Id(3)] DateOnly? Until);

/// <summary>A cadre as an office registers them; the ID number and phone arrive in clear and are protected before storage.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.CadreRegistration")]
public sealed record CadreRegistration(
    [property: Id(0)] string Name,
    [property: Id(1)] string Gender,
    [property: Id(2)] string PoliticalStatus,
    [property: Id(3)] string NationalIdNumber,
    [property: Id(4)] string Phone,
    [property: Id(5)] string DispatchingUnit,
    [property: Id(6)] UnitId UnitId,
    [property: Id(7)] CadreRole Role,
    [property: Id(8)] DateOnly From,
    [property: Id(9)] string? DispatchingUnitId = null)
{
    /// <summary>Masked, so that a registration written to a log or an exception carries no personal data.</summary>
    public override string ToString() =>
        $"CadreRegistration {{ Name = {Name}, NationalIdNumber = {Changdu.NationalIdNumber.Mask(NationalIdNumber)}, Phone = {PhoneNumber.Mask(Phone)}, UnitId = {UnitId}, Role = {Role}, From = {From:yyyy-MM-dd} }}";
}

/// <summary>A cadre as shown: ID number and phone masked unless <see cref="Revealed"/>.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.CadreView")]
public sealed record CadreView(
    [property: Id(0)] string CadreId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Gender,
    [property: Id(3)] string PoliticalStatus,
    [property: Id(4)] string NationalIdNumber,
    [property: Id(5)] string Phone,
    [property: Id(6)] string DispatchingUnit,
    [property: Id(7)] IReadOnlyList<Assignment> Assignments,
    [property: Id(8)] bool Revealed)
{
    /// <summary>The registered dispatching unit, empty when the cadre was registered with its name only.</summary>
    [Id(9)] public string DispatchingUnitId { get; init; } = "";

    /// <summary>Masked even when revealed, so that a view written to a log carries no personal data.</summary>
    public override string ToString() =>
        $"CadreView {{ CadreId = {CadreId}, Name = {Name}, NationalIdNumber = {Changdu.NationalIdNumber.Mask(NationalIdNumber)}, Phone = {PhoneNumber.Mask(Phone)} }}";
}

public enum CadreOutcome
{
    Registered = 1,
    AlreadyStored = 2,
    Transferred = 3,
    Ended = 4,
    UnknownCadre = 10,
    CadreIdTaken = 11,
    NotAssigned = 12,
    DateOutOfOrder = 13,
    UnknownDispatchingUnit = 14,
}

[GenerateSerializer, Immutable, Alias("Changdu.CadreResult")]
public sealed record CadreResult(
    [property: Id(0)] CadreOutcome Outcome,
    [property: Id(1)] CadreView? Cadre,
    [property: Id(2)] string? Detail);

/// <summary>A stationed cadre or office worker, keyed by an internal id (never the ID number).</summary>
[Alias("Changdu.ICadreGrain")]
public interface ICadreGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the cadre; a registration naming a dispatching unit by id takes that unit's name, and
    /// one naming no registered unit is refused (<see cref="CadreOutcome.UnknownDispatchingUnit"/>).
    /// </summary>
    [Alias("Register")] Task<CadreResult> RegisterAsync(CadreRegistration registration);

    /// <summary>Ends the current assignment the day before <paramref name="from"/> and starts one at <paramref name="unit"/>.</summary>
    [Alias("Transfer")] Task<CadreResult> TransferAsync(UnitId unit, CadreRole role, DateOnly from);

    [Alias("EndAssignment")] Task<CadreResult> EndAssignmentAsync(DateOnly until);

    /// <summary>The cadre, masked unless <paramref name="reveal"/>; null when there is no such cadre.</summary>
    [Alias("Get")] Task<CadreView?> GetAsync(bool reveal);
}

/// <summary>The cadres a unit has on its roster now.</summary>
[Alias("Changdu.IRoster")]
public interface IRoster : IGrainWithStringKey
{
    /// <summary>Puts the cadre on the roster with an assignment starting <paramref name="from"/>; idempotent.</summary>
    [Alias("Join")] Task JoinAsync(string cadreId, CadreRole role, DateOnly from, string dispatchingUnitId);

    /// <summary>Takes the cadre off the roster; the assignment ends on <paramref name="until"/> and stays in the history.</summary>
    [Alias("Depart")] Task DepartAsync(string cadreId, DateOnly until);

    /// <summary>The cadre ids on the roster with their roles; null when the unit does not exist.</summary>
    [Alias("ListRoster")] Task<IReadOnlyDictionary<string, CadreRole>?> ListRosterAsync();

    /// <summary>Counts a card issued to a cadre of the unit, in the month it was issued.</summary>
    [Alias("RecordCard")] Task RecordCardAsync(string cardNumber, DateOnly issuedOn);
}

/// <summary>Encrypts personal data before it is stored; the key never sits in grain state.</summary>
public interface IPersonalDataProtector
{
    string Protect(string plain);

    string Unprotect(string protectedText);

    /// <summary>A keyed one-way fingerprint: recognises the same data again without storing it in clear.</summary>
    string Fingerprint(string plain);
}

/// <summary>
/// An on-duty card (docs/domain.md, practice 7). <see cref="VerificationCode"/> is random and unguessable:
/// the card's QR code carries it to the public verification page.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.Card")]
public sealed record Card(
    [property: Id(0)] string CardNumber,
    [property: Id(1)] string VerificationCode,
    [property: Id(2)] DateOnly IssuedOn,
    [property: Id(3)] DateOnly? RevokedOn)
{
    public bool Valid => RevokedOn is null;
}

/// <summary>What the public verification page shows, and nothing more: name, team or office, unit, validity.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.CardVerification")]
public sealed record CardVerification(
    [property: Id(0)] string Name,
    [property: Id(1)] CadreRole Role,
    [property: Id(2)] UnitId? UnitId,
    [property: Id(3)] string? UnitName,
    [property: Id(4)] string CardNumber,
    [property: Id(5)] DateOnly IssuedOn,
    [property: Id(6)] bool Valid);

public enum CardOutcome
{
    Issued = 1,
    Revoked = 2,
    AlreadyRevoked = 3,
    AlreadyIssued = 4,
    UnknownCadre = 10,
    UnknownCard = 11,
    NotAssigned = 12,
}

[GenerateSerializer, Immutable, Alias("Changdu.CardResult")]
public sealed record CardResult(
    [property: Id(0)] CardOutcome Outcome,
    [property: Id(1)] Card? Card,
    [property: Id(2)] string? Detail);

[Alias("Changdu.ICardHolder")]
public interface ICardHolder : IGrainWithStringKey
{
    /// <summary>
    /// Issues a new card; a valid card the cadre still holds is revoked the same day (re-issue). An
    /// issue on the day the valid card was issued answers that card, so a retried request issues once.
    /// </summary>
    [Alias("IssueCard")] Task<CardResult> IssueCardAsync(DateOnly issuedOn);

    [Alias("RevokeCard")] Task<CardResult> RevokeCardAsync(string cardNumber, DateOnly revokedOn);

    [Alias("ListCards")] Task<IReadOnlyList<Card>?> ListCardsAsync();

    [Alias("VerifyCard")] Task<CardVerification?> VerifyCardAsync(string verificationCode);
}

/// <summary>Finds the cadre a card's verification code belongs to.</summary>
[Alias("Changdu.ICardCode")]
public interface ICardCode : IGrainWithStringKey
{
    [Alias("Bind")] Task BindAsync(string cadreId);

    [Alias("Holder")] Task<string?> HolderAsync();
}
