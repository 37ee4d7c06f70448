using Orleans.Concurrency;

namespace Changdu;

/// <summary>A unit of the hierarchy (city, county, township, village team…): its place in the tree and its own reports.</summary>
[Alias("Changdu.IUnitGrain")]
public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>Creates or updates the unit. Seeding calls it for the whole tree at start-up, when a
    /// busy store may take longer than the callers' default timeout; the call is idempotent.</summary>
    [Alias("Define"), ResponseTimeout("00:00:30")] Task DefineAsync(UnitDefinition definition);

    /// <summary>Writes one step of a change of the map: the definition and the entry of the unit's history, in one
    /// transaction. Idempotent, so an interrupted change is completed by sending its steps again.</summary>
    [Alias("ApplyMapStep"), ResponseTimeout("00:00:30")] Task ApplyMapStepAsync(MapStep change);

    /// <summary>Every change of the map that touched the unit, oldest first; null when no such unit exists.</summary>
    [Alias("GetHistory")] Task<IReadOnlyList<MapChangeEntry>?> GetHistoryAsync();

    /// <summary>The unit's definition, or null when no such unit exists. Interleaves: the unit's concern grains ask it while the unit may be waiting on them.</summary>
    [Alias("GetDefinition"), AlwaysInterleave] Task<UnitDefinition?> GetDefinitionAsync();

    [Alias("SubmitReport")] Task<ReportResult> SubmitReportAsync(ReportDraft draft);

    [Alias("CorrectReport")] Task<ReportResult> CorrectReportAsync(string reportId, ReportCorrection correction);

    /// <summary>One report, or null. Interleaves, as <see cref="GetDefinitionAsync"/> does: the problem register reads a report it raises a problem from.</summary>
    [Alias("GetReport"), AlwaysInterleave] Task<Report?> GetReportAsync(string reportId);

    /// <summary>The red flags the unit's parent gave it in closed months, newest first; null when the unit does not exist.</summary>
    [Alias("GetFlagHistory")] Task<IReadOnlyList<FlagAward>?> GetFlagHistoryAsync();
}
