namespace Changdu;

/// <summary>
/// Units' definitions as stored, read without activating the units: what the gateway needs to place
/// a unit in the tree. A report to a cold team then wakes the team, not its township and every office
/// above it before the report is even looked at.
/// </summary>
[Alias("Changdu.IUnitDirectory")]
public interface IUnitDirectory : IGrainWithIntegerKey
{
    /// <summary>The unit's stored definition, or null when no such unit is stored.</summary>
    [Alias("GetDefinition")] Task<UnitDefinition?> GetDefinitionAsync(UnitId unit);
}
