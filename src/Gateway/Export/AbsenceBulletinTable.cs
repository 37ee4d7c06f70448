using Changdu.Gateway.Api;

namespace Changdu.Gateway.Export;

/// <summary>The city-wide absence bulletin of a month, one row per absence, names masked; the counts by county and by dispatching unit are sums of these rows.</summary>
public static class AbsenceBulletinTable
{
    public static readonly IReadOnlyList<string> Headers = ["工作队代码", "工作队", "姓名", "派驻单位", "起", "止", "来源"];

    /// <param name="root">The root the bulletin covers, for the file's name; null when the map has none yet.</param>
    public static ExportTable Of(AbsenceBulletinDto bulletin, UnitRef? root) => new(
        new ExportName(root?.Name, root?.UnitId.Value, bulletin.Month, "擅自离岗通报", "absence-bulletin"),
        Headers,
        [.. bulletin.Entries.Select(entry => (object?[])[entry.TeamId, entry.TeamName, entry.Name, entry.DispatchingUnit,
            entry.From, entry.Until, ChineseLabels.AbsenceSource(entry.Source)])]);
}
