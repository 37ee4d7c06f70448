using Changdu.Gateway.Api;

namespace Changdu.Gateway.Export;

/// <summary>The year's points ranking of the office's children with their prizes.</summary>
public static class YearEndTable
{
    public static readonly IReadOnlyList<string> Headers = ["名次", "单位代码", "单位", "积分", "奖项", "状态"];

    public static ExportTable Of(YearEndDto yearEnd, string unitName) => new(
        new ExportName(unitName, yearEnd.UnitId, yearEnd.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), "年终积分", "year-end"),
        Headers,
        [.. yearEnd.Ranking.Select(unit => (object?[])[unit.Rank, unit.UnitId, unit.Name, unit.Points, ChineseLabels.Prize(unit.Prize),
            ChineseLabels.Status(yearEnd.Status)])]);
}
