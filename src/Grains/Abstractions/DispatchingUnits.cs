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

    /// <summary>Counts a cadre among those the unit sent; the gateway has checked the unit is registered.</summary>
    [Alias("Enlist")] Task EnlistAsync(string cadreId);

    [Alias("RecordSummons")] Task<SummonsResult> RecordSummonsAsync(Summons summons);

    [Alias("FollowUp")] Task<SummonsResult> FollowUpAsync(string summonsId, SummonsFollowUp followUp);
}

/// <summary>The list of every registered dispatching unit, for the city's monthly review of summons candidates.</summary>
[Alias("Changdu.IDispatchingRegistry")]
public interface IDispatchingRegistry : IGrainWithStringKey
{
    public const string Key = "all";

    [Alias("Add")] Task AddAsync(string dispatchingUnitId);

    [Alias("List")] Task<IReadOnlyList<string>> ListAsync();
}
