namespace Changdu;

/// <summary>Training classes (docs/domain.md, practice 6) and experience exchange or on-site meetings (practice 10).</summary>
public enum TrainingKind
{
    Class = 1,
    Exchange = 2,
    OnSite = 3,
}

public static class TrainingKinds
{
    static readonly Dictionary<string, TrainingKind> ByName = new(StringComparer.Ordinal)
    {
        ["class"] = TrainingKind.Class,
        ["exchange"] = TrainingKind.Exchange,
        ["on-site"] = TrainingKind.OnSite,
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryParse(string? name, out TrainingKind kind) => ByName.TryGetValue(name ?? "", out kind);

    public static string ToName(this TrainingKind kind) => ByName.First(entry => entry.Value == kind).Key;
}

/// <summary>A class or meeting held by a unit; participants by count, and by cadre id once cadres are registered.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.Training")]
public sealed record Training(
    [property: Id(0)] string TrainingId,
    [property: Id(1)] TrainingKind Kind,
    [property: Id(2)] string Title,
    [property: Id(3)] DateOnly StartsOn,
    [property: Id(4)] DateOnly EndsOn,
    [property: Id(5)] int Participants,
    [property: Id(6)] IReadOnlyList<string> CadreIds)
{
    public const int MaxParticipants = 100_000;

    public Totals AsTotals() => Kind == TrainingKind.Class
        ? Totals.Zero with { TrainingClasses = 1, PeopleTrained = Participants }
        : Totals.Zero with { ExchangeMeetings = 1, ExchangeAttendance = Participants };

    public bool Equals(Training? other) =>
        other is not null && TrainingId == other.TrainingId && Kind == other.Kind && Title == other.Title && StartsOn == other.StartsOn
        && EndsOn == other.EndsOn && Participants == other.Participants && CadreIds.SequenceEqual(other.CadreIds);

    public override int GetHashCode() => HashCode.Combine(TrainingId, Kind, StartsOn, Participants);
}

public enum TrainingOutcome
{
    Recorded = 1,
    AlreadyStored = 2,
    UnknownUnit = 10,
    TrainingIdTaken = 11,
}

[GenerateSerializer, Immutable, Alias("Changdu.TrainingResult")]
public sealed record TrainingResult(
    [property: Id(0)] TrainingOutcome Outcome,
    [property: Id(1)] Training? Training,
    [property: Id(2)] string? Detail);

[Alias("Changdu.ITrainingRegister")]
public interface ITrainingRegister : IGrainWithStringKey
{
    [Alias("RecordTraining")] Task<TrainingResult> RecordTrainingAsync(Training training);

    /// <summary>The unit's own classes and meetings starting within <paramref name="range"/> (all when null); null when the unit does not exist.</summary>
    [Alias("ListTrainings")] Task<IReadOnlyList<Training>?> ListTrainingsAsync(PeriodRange? range);
}
