namespace Changdu;

/// <summary>Which version of the hierarchy file has been applied, and where the tree starts.</summary>
[Alias("Changdu.IHierarchyGrain")]
public interface IHierarchyGrain : IGrainWithStringKey
{
    public const string Key = "hierarchy";

    [Alias("GetApplied")] Task<AppliedHierarchy?> GetAppliedAsync();

    [Alias("RecordApplied")] Task RecordAppliedAsync(AppliedHierarchy applied);
}

[GenerateSerializer, Immutable, Alias("Changdu.AppliedHierarchy")]
public sealed record AppliedHierarchy(
    [property: Id(0)] int Version,
    [property: Id(1)] IReadOnlyList<UnitId> Roots,
    [property: Id(2)] DateTimeOffset AppliedAt);
