using Changdu.Gateway.Api;

namespace Changdu.Gateway.Export;

/// <summary>The children's rollup as the dashboard's table shows it, one row per child, then the unit's own total.</summary>
public static class RollupTable
{
    public static readonly IReadOnlyList<string> Headers =
        ["单位代码", "单位", "层级", "报告", "应报", "按时报告", "会议", "梳理问题", "解决问题", "未解决"];

    /// <summary>The total row's name: the unit's, marked so a sum over the rows does not count it twice.</summary>
    public static string TotalName(string unitName) => $"合计：{unitName}";

    public static ExportTable Of(RollupDto rollup) => new(
        new ExportName(rollup.Name, rollup.UnitId, ChineseLabels.Period(rollup.Period), "汇总", "rollup"),
        Headers,
        [
            .. rollup.Children.Select(child => Row(child.UnitId, child.Name, child.Tier, child.Totals, child.ExpectedReports)),
            Row(rollup.UnitId, TotalName(rollup.Name), rollup.Tier, rollup.Totals, rollup.ExpectedReports),
        ]);

    static object?[] Row(string unitId, string name, string tier, TotalsDto totals, long? expected) =>
        [unitId, name, ChineseLabels.Tier(tier), totals.Reports, expected, totals.OnTimeReports, totals.MeetingsHeld,
            totals.ProblemsIdentified, totals.ProblemsResolved, totals.ProblemsOpen];
}
