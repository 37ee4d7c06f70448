using Orleans.Concurrency;

namespace Changdu;

public enum DispatchingLevel
{
    AutonomousRegion = 1,
    City = 2,
    County = 3,
}

/// <summary>An organisation that sends cadres to the village teams (派驻单位), at region, city or county level.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.DispatchingUnitDefinition")]
public sealed record DispatchingUnitDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] DispatchingLevel Level);

public enum SummonsMode
{
    /// <summary>面对面约谈: by the organisation department, discipline commission and city office together.</summary>
    FaceToFace = 1,

    /// <summary>发函书面约谈: by letter.</summary>
    Letter = 2,
}

/// <summary>How a summons' rectification turned out, checked after its deadline.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.SummonsFollowUp")]
public sealed record SummonsFollowUp(
    [property: Id(0)] DateOnly CheckedOn,
    [property: Id(1)] bool Rectified,
    [property: Id(2)] string Note);

/// <summary>A summons of a dispatching unit (docs/domain.md, practice 4) for the conduct of its cadres in <see cref="Month"/>.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.Summons")]
public sealed record Summons(
    [property: Id(0)] string SummonsId,
    [property: Id(1)] Period Month,
    [property: Id(2)] SummonsMode Mode,
    [property: Id(3)] DateOnly On,
    [property: Id(4)] IReadOnlyList<string> Attendees,
    [property: Id(5)] IReadOnlyList<string> Issues,
    [property: Id(6)] DateOnly RectifyBy,
    [property: Id(7)] SummonsFollowUp? FollowUp)
{
    public bool Equals(Summons? other) =>
        other is not null && SummonsId == other.SummonsId && Month == other.Month && Mode == other.Mode && On == other.On
        && Attendees.SequenceEqual(other.Attendees) && Issues.SequenceEqual(other.Issues) && RectifyBy == other.RectifyBy && FollowUp == other.FollowUp;

    public override int GetHashCode() => HashCode.Combine(SummonsId, Month, Mode, On, RectifyBy);
}

[GenerateSerializer, Immutable, Alias("Changdu.DispatchingUnitView")]
public sealed record DispatchingUnitView(
    [property: Id(0)] string DispatchingUnitId,
    [property: Id(1)] string Name,
    [property: Id(2)] DispatchingLevel Level,
    [property: Id(3)] IReadOnlyList<string> CadreIds,
    [property: Id(4)] IReadOnlyList<Summons> Summons);

public enum DispatchingOutcome
{
    Recorded = 1,
    AlreadyStored = 2,
    UnknownDispatchingUnit = 10,
    IdTaken = 11,
    UnknownSummons = 12,
}

/// <summary>When a dispatching unit becomes a summons candidate for a month (docs/domain.md, practice 4); any one criterion is enough.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.SummonsCriteria")]
public sealed record SummonsCriteria(
    [property: Id(0)] int MinAbsences,
    [property: Id(1)] double MinOpenProblemsPerTeam,
    [property: Id(2)] double MinReportingRate,
    [property: Id(3)] int MinNegativeFeedback);

/// <summary>The summons criteria a month's conduct meets, named as the API names them.</summary>
public static class SummonsReasons
{
    public const string Absences = "absences";
    public const string OpenProblems = "open-problems";
    public const string LowReporting = "low-reporting";
    public const string VillagerFeedback = "villager-feedback";
}

/// <summary>
/// A dispatching unit's month across the teams its cadres serve now: their absences established in
/// the month, the teams' open problems, reports expected and received, the villagers' negative
/// feedback, the reporting rate (<see cref="Rate.Of"/>, null when nothing was due) and the summons
/// criteria met.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.Conduct")]
public sealed record Conduct(
    [property: Id(0)] string DispatchingUnitId,
    [property: Id(1)] string Name,
    [property: Id(2)] DispatchingLevel Level,
    [property: Id(3)] Period Month,
    [property: Id(4)] int Cadres,
    [property: Id(5)] int Teams,
    [property: Id(6)] int Absences,
    [property: Id(7)] long OpenProblems,
    [property: Id(8)] long ReportsExpected,
    [property: Id(9)] long ReportsReceived,
    [property: Id(10)] decimal? ReportingRate,
    [property: Id(11)] long NegativeFeedback,
    [property: Id(12)] IReadOnlyList<string> Reasons);

[GenerateSerializer, Immutable, Alias("Changdu.SummonsResult")]
public sealed record SummonsResult(
    [property: Id(0)] DispatchingOutcome Outcome,
    [property: Id(1)] Summons? Summons,
    [property: Id(2)] string? Detail);

/// <summary>One dispatching unit: who it is, the cadres it sent, and its summons records.</summary>
[Alias("Changdu.IDispatchingUnit")]
public interface IDispatchingUnit : IGrainWithStringKey
{
    [Alias("Register")] Task<DispatchingOutcome> RegisterAsync(DispatchingUnitDefinition definition);

    [Alias("Get")] Task<DispatchingUnitView?> GetAsync();

    /// <summary>Counts a cadre among those the unit sent, without telling its team (<see cref="NoteTeamAsync"/> does both); the unit must be registered.</summary>
    [Alias("Enlist")] Task EnlistAsync(string cadreId);

    [Alias("RecordSummons")] Task<SummonsResult> RecordSummonsAsync(Summons summons);

    [Alias("FollowUp")] Task<SummonsResult> FollowUpAsync(string summonsId, SummonsFollowUp followUp);

    /// <summary>
    /// The team a cadre the unit sent serves now, told by the cadre when registered, transferred or
    /// ended (<paramref name="team"/> null); enlists the cadre when new. Idempotent.
    /// </summary>
    [Alias("NoteTeam")] Task NoteTeamAsync(string cadreId, UnitId? team);

    /// <summary>An absence of a cadre the unit sent, as recorded, detected or closed; keyed by its id, so telling it again changes nothing.</summary>
    [Alias("NoteAbsence")] Task NoteAbsenceAsync(Absence absence);

    /// <summary>The month's conduct of the unit's cadres and the summons criteria it meets; null when the unit is not registered.</summary>
    [Alias("GetConduct")] Task<Conduct?> GetConductAsync(Period month, SummonsCriteria criteria);
}

/// <summary>The list of every registered dispatching unit, for the city's monthly review of summons candidates.</summary>
[Alias("Changdu.IDispatchingRegistry")]
public interface IDispatchingRegistry : IGrainWithStringKey
{
    public const string Key = "all";

    [Alias("Add")] Task AddAsync(string dispatchingUnitId);

    [Alias("List")] Task<IReadOnlyList<string>> ListAsync();
}
