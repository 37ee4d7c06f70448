using Changdu.Gateway.Api;

namespace Changdu.Gateway.Export;

/// <summary>The units owing reports for a period, one row per unit with the periods it missed.</summary>
public static class MissingTable
{
    public static readonly IReadOnlyList<string> Headers = ["单位代码", "单位", "层级", "缺报期数", "缺报期间"];

    public static ExportTable Of(MissingDto missing, string unitName) => new(
        new ExportName(unitName, missing.UnitId, missing.Period, "未报单位", "missing"),
        Headers,
        [.. missing.Units.Select(unit => (object?[])[unit.UnitId, unit.Name, ChineseLabels.Tier(unit.Tier), unit.Periods.Count, string.Join("、", unit.Periods)])]);
}
