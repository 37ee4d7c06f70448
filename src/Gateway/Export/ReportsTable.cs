using Changdu.Gateway.Api;

namespace Changdu.Gateway.Export;

/// <summary>The reports filed in a subtree for a period, one row per report.</summary>
public static class ReportsTable
{
    public static readonly IReadOnlyList<string> Headers =
        ["单位代码", "单位", "层级", "报告类型", "期间", "报告编号", "会议", "梳理问题", "解决问题", "收到时间", "按时", "修订次数"];

    public static ExportTable Of(SubtreeReportsDto reports, string unitName) => new(
        new ExportName(unitName, reports.UnitId, reports.Period, "报告", "reports"),
        Headers,
        [.. reports.Reports.Select(report => (object?[])[report.UnitId, report.UnitName, ChineseLabels.Tier(report.Tier), ChineseLabels.Cadence(report.Cadence),
            report.Period, report.ReportId, report.MeetingsHeld, report.ProblemsIdentified, report.ProblemsResolved, report.ReceivedAt, report.OnTime, report.Revision])]);
}
