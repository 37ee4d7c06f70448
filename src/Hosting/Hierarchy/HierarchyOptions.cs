namespace Changdu.Hosting.Hierarchy;

/// <summary>Bound from the "Hierarchy" configuration section.</summary>
public sealed class HierarchyOptions
{
    public const string Section = "Hierarchy";

    /// <summary>A hierarchy file to seed from; the Changdu hierarchy built into the silo when empty.</summary>
    public string? SeedFile { get; set; }
}
