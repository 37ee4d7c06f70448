using Orleans.Concurrency;

namespace Changdu;

/// <summary>One unit inspecting another in a round; the office itself inspects when it has a single child.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.InspectionPair")]
public sealed record InspectionPair([property: Id(0)] UnitId Inspector, [property: Id(1)] UnitId Target);

[GenerateSerializer, Immutable, Alias("Changdu.Finding")]
public sealed record Finding(
    [property: Id(0)] string FindingId,
    [property: Id(1)] UnitId Target,
    [property: Id(2)] string Category,
    [property: Id(3)] string Description,
    [property: Id(4)] DateOnly FoundOn)
{
    /// <summary>The id of the problem the finding raises at its target: unique across offices and rounds.</summary>
    public string ProblemId(string roundId) => $"finding:{roundId}:{FindingId}";
}

/// <summary>
/// A cross-inspection round an office opened over its children (docs/domain.md, practice 5). The pairs are
/// drawn from <see cref="Seed"/>: the same seed and children always give the same pairs, so anyone
/// can check the draw.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.InspectionRound")]
public sealed record InspectionRound(
    [property: Id(0)] UnitId Office,
    [property: Id(1)] string RoundId,
    [property: Id(2)] DateOnly StartsOn,
    [property: Id(3)] int Seed,
    [property: Id(4)] IReadOnlyList<InspectionPair> Pairs,
    [property: Id(5)] IReadOnlyList<Finding> Findings,
    [property: Id(6)] DateTimeOffset OpenedAt)
{
    /// <summary>
    /// Shuffles the children with <paramref name="seed"/> and has each inspect the next one in the
    /// shuffled circle, so every child inspects one and is inspected once, and none inspects itself.
    /// </summary>
    public static IReadOnlyList<InspectionPair> Draw(UnitId office, IReadOnlyList<UnitId> children, int seed)
    {
        if (children.Count == 1)
        {
            return [new InspectionPair(office, children[0])];
        }
        var circle = children.Order().ToArray();
        new Random(seed).Shuffle(circle);
        return circle.Select((inspector, index) => new InspectionPair(inspector, circle[(index + 1) % circle.Length])).ToList();
    }
}

public enum InspectionOutcome
{
    Opened = 1,
    AlreadyStored = 2,
    FindingRecorded = 3,
    UnknownUnit = 10,
    NoChildren = 11,
    RoundIdTaken = 12,
    UnknownRound = 13,
    NotATarget = 14,
    FindingIdTaken = 15,
    DateOutOfOrder = 16,
}

[GenerateSerializer, Immutable, Alias("Changdu.InspectionResult")]
public sealed record InspectionResult(
    [property: Id(0)] InspectionOutcome Outcome,
    [property: Id(1)] InspectionRound? Round,
    [property: Id(2)] string? Detail);

/// <summary>How many units of a tier the subtree has and how many were inspected in a year.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.TierCoverage")]
public sealed record TierCoverage([property: Id(0)] string Tier, [property: Id(1)] long Units, [property: Id(2)] long Inspected);

[GenerateSerializer, Immutable, Alias("Changdu.UnitRef")]
public sealed record UnitRef([property: Id(0)] UnitId UnitId, [property: Id(1)] string Name, [property: Id(2)] string Tier);

[Alias("Changdu.IInspectingOffice")]
public interface IInspectingOffice : IGrainWithStringKey
{
    /// <summary>Opens a round over the office's children; a missing seed is drawn and recorded.</summary>
    [Alias("OpenRound")] Task<InspectionResult> OpenRoundAsync(string roundId, DateOnly startsOn, int? seed);

    /// <summary>Records a finding against a target of the round, which raises a problem at the target.</summary>
    [Alias("RecordFinding"), ResponseTimeout("00:00:10")] Task<InspectionResult> RecordFindingAsync(string roundId, Finding finding);

    [Alias("GetRound")] Task<InspectionRound?> GetRoundAsync(string roundId);

    /// <summary>The rounds this office opened in <paramref name="year"/>; null when the unit does not exist.</summary>
    [Alias("ListRounds")] Task<IReadOnlyList<InspectionRound>?> ListRoundsAsync(int year);

    /// <summary>Units of each tier below this one and how many were inspected in <paramref name="year"/>; null when the unit does not exist.</summary>
    [Alias("GetCoverage")] Task<IReadOnlyList<TierCoverage>?> GetCoverageAsync(int year);

    /// <summary>Units below this one not inspected in <paramref name="year"/>, at most <paramref name="limit"/>, gathered by a stateless worker.</summary>
    [Alias("ListUninspected"), AlwaysInterleave, ResponseTimeout("00:00:30")] Task<IReadOnlyList<UnitRef>> ListUninspectedAsync(int year, int limit);

    /// <summary>The children this office's rounds of <paramref name="year"/> inspected.</summary>
    [Alias("ListInspectedChildren")] Task<IReadOnlyList<UnitId>> ListInspectedChildrenAsync(int year);
}
