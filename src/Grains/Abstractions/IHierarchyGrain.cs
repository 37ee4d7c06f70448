using Orleans.Concurrency;

namespace Changdu;

/// <summary>
/// The map: which version of the hierarchy file has been applied, where the tree starts, its tiers,
/// and every change of its shape. Changes go through this one grain, one at a time, so no two can
/// make a cycle or race for a unit; they are rare (a handful a day nationwide), so one grain is
/// never their bottleneck. A change may wait (up to 10 s) for its leaving units to be off their
/// common ancestor's figures, longer than a cluster's short call timeout: its calls have their own.
/// </summary>
[Alias("Changdu.IHierarchyGrain")]
public interface IHierarchyGrain : IGrainWithStringKey
{
    public const string Key = "hierarchy";

    [Alias("GetApplied"), AlwaysInterleave] Task<AppliedHierarchy?> GetAppliedAsync();

    [Alias("RecordApplied")] Task RecordAppliedAsync(AppliedHierarchy applied);

    /// <summary>
    /// Whether <paramref name="claimant"/> (a silo) may apply a hierarchy file now: true when nobody
    /// holds the claim, its holder let <paramref name="lease"/> pass without renewing it, or the
    /// claimant holds it already (a call renews it). Every silo seeds at start; one writes, the others wait.
    /// </summary>
    [Alias("ClaimSeeding")] Task<bool> ClaimSeedingAsync(string claimant, TimeSpan lease);

    /// <summary>The tiers in the hierarchy file's order; empty before a file is applied.</summary>
    [Alias("GetTiers"), AlwaysInterleave] Task<IReadOnlyList<TierDefinition>> GetTiersAsync();

    [Alias("RecordTiers")] Task RecordTiersAsync(IReadOnlyList<TierDefinition> tiers);

    /// <summary>Changes whenever the map's shape changes: a reader that caches places in the tree compares it to know when to read them again.</summary>
    [Alias("GetMapVersion"), AlwaysInterleave] Task<string> GetMapVersionAsync();

    [Alias("AddUnit"), ResponseTimeout("00:00:30")] Task<MapChangeResult> AddUnitAsync(UnitId parentId, NewUnit unit);

    [Alias("RenameUnit"), ResponseTimeout("00:00:30")] Task<MapChangeResult> RenameUnitAsync(UnitId unitId, string name);

    [Alias("MoveUnit"), ResponseTimeout("00:00:30")] Task<MapChangeResult> MoveUnitAsync(UnitId unitId, UnitId parentId, DateOnly effectiveOn);

    /// <summary>Closes a unit; with <paramref name="mergedInto"/>, its children move to that unit (a merge).</summary>
    [Alias("CloseUnit"), ResponseTimeout("00:00:30")] Task<MapChangeResult> CloseUnitAsync(UnitId unitId, DateOnly closedOn, UnitId? mergedInto);

    [Alias("ReopenUnit"), ResponseTimeout("00:00:30")] Task<MapChangeResult> ReopenUnitAsync(UnitId unitId, DateOnly reopenedOn);

    /// <summary>Gives a unit another tier, other cadences or another opening day: what a newer hierarchy file may say.</summary>
    [Alias("RedefineUnit"), ResponseTimeout("00:00:30")] Task<MapChangeResult> RedefineUnitAsync(UnitId unitId, string tier, IReadOnlyList<Cadence> cadences, DateOnly? openedOn);
}

[GenerateSerializer, Immutable, Alias("Changdu.AppliedHierarchy")]
public sealed record AppliedHierarchy(
    [property: Id(0)] int Version,
    [property: Id(1)] IReadOnlyList<UnitId> Roots,
    [property: Id(2)] DateTimeOffset AppliedAt);
