using Changdu.Gateway.Api;

namespace Changdu.Gateway.Export;

/// <summary>The public leave roster of a month: what the notice boards show, names masked.</summary>
public static class LeaveRosterTable
{
    public static readonly IReadOnlyList<string> Headers = ["工作队代码", "工作队", "姓名", "假别", "起", "止", "销假日期", "状态"];

    public static ExportTable Of(LeaveRosterDto roster) => new(
        new ExportName(roster.UnitName, roster.UnitId, roster.Month, "请销假公示", "leave-roster"),
        Headers,
        [.. roster.Entries.Select(entry => (object?[])[entry.TeamId, entry.TeamName, entry.Name, ChineseLabels.LeaveKind(entry.Kind),
            entry.From, entry.Until, entry.ReturnedOn, ChineseLabels.LeaveStatus(entry.Status)])]);
}
