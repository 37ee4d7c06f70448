namespace Changdu;

/// <summary>A unit of the hierarchy (city, county, township, village team…): its place in the tree and its own reports.</summary>
[Alias("Changdu.IUnitGrain")]
public interface IUnitGrain : IGrainWithStringKey
{
    [Alias("Define")] Task DefineAsync(UnitDefinition definition);

    /// <summary>The unit's definition, or null when no such unit exists.</summary>
    [Alias("GetDefinition")] Task<UnitDefinition?> GetDefinitionAsync();

    [Alias("SubmitReport")] Task<ReportResult> SubmitReportAsync(ReportDraft draft);

    [Alias("CorrectReport")] Task<ReportResult> CorrectReportAsync(string reportId, ReportCorrection correction);

    [Alias("GetReport")] Task<Report?> GetReportAsync(string reportId);
}
