using Orleans.Concurrency;

namespace Changdu;

/// <summary>
/// One line of a public leave roster: no cadre id, ID number or phone, the name masked, and the kind
/// only when it is not health data (<see cref="Kind"/> null: shown as "other").
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.RosterLine")]
public sealed record RosterLine(
    [property: Id(0)] UnitId TeamId,
    [property: Id(1)] string TeamName,
    [property: Id(2)] string Name,
    [property: Id(3)] LeaveKind? Kind,
    [property: Id(4)] DateOnly From,
    [property: Id(5)] DateOnly Until,
    [property: Id(6)] DateOnly? ReturnedOn,
    [property: Id(7)] LeaveStatus Status);

/// <summary>The month's approved leave in a unit's subtree as the township posts it on the notice boards.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.LeaveRoster")]
public sealed record LeaveRoster(
    [property: Id(0)] UnitId UnitId,
    [property: Id(1)] string UnitName,
    [property: Id(2)] Period Month,
    [property: Id(3)] IReadOnlyList<RosterLine> Lines);

/// <summary>A count of a bulletin: a county (by unit id) or a dispatching unit (by id when registered, else by name only).</summary>
[GenerateSerializer, Immutable, Alias("Changdu.BulletinTally")]
public sealed record BulletinTally(
    [property: Id(0)] string? Id,
    [property: Id(1)] string Name,
    [property: Id(2)] int Absences);

[GenerateSerializer, Immutable, Alias("Changdu.BulletinLine")]
public sealed record BulletinLine(
    [property: Id(0)] UnitId TeamId,
    [property: Id(1)] string TeamName,
    [property: Id(2)] string Name,
    [property: Id(3)] string DispatchingUnit,
    [property: Id(4)] DateOnly From,
    [property: Id(5)] DateOnly? Until,
    [property: Id(6)] AbsenceSource Source);

/// <summary>The city-wide monthly bulletin of unauthorised absence (通报): totals by county and by dispatching unit, and each absence with the name masked.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.AbsenceBulletin")]
public sealed record AbsenceBulletin(
    [property: Id(0)] Period Month,
    [property: Id(1)] int Total,
    [property: Id(2)] IReadOnlyList<BulletinTally> ByCounty,
    [property: Id(3)] IReadOnlyList<BulletinTally> ByDispatchingUnit,
    [property: Id(4)] IReadOnlyList<BulletinLine> Lines);

/// <summary>What the programme publishes (docs/architecture.md §7), composed from the registers with personal data masked.</summary>
[Alias("Changdu.IPublications")]
public interface IPublications : IGrainWithIntegerKey
{
    /// <summary>A stateless worker holds nothing per key: every caller asks this one.</summary>
    public const long Key = 0;

    /// <summary>The unit's leave roster for the month; null when there is no such unit.</summary>
    [Alias("LeaveRoster"), ResponseTimeout("00:00:30")] Task<LeaveRoster?> GetLeaveRosterAsync(UnitId unit, Period month);

    [Alias("AbsenceBulletin"), ResponseTimeout("00:00:30")] Task<AbsenceBulletin> GetAbsenceBulletinAsync(Period month);
}
