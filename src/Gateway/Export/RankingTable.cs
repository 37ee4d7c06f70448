using Changdu.Gateway.Api;

namespace Changdu.Gateway.Export;

/// <summary>A month's ranking of the office's children, with the indicators behind each score and the red flags.</summary>
public static class RankingTable
{
    public static readonly IReadOnlyList<string> Headers =
        ["名次", "单位代码", "单位", "综合得分", "报告完整", "按时报告", "问题解决", "交叉检查", "培训", "流动红旗", "状态"];

    public static ExportTable Of(AssessmentDto assessment, string unitName) => new(
        new ExportName(unitName, assessment.UnitId, assessment.Month, "月度考评", "ranking"),
        Headers,
        [.. assessment.Ranking.Select(unit => (object?[])[unit.Rank, unit.UnitId, unit.Name, unit.Score,
            unit.Indicators.Completeness, unit.Indicators.Timeliness, unit.Indicators.Resolution, unit.Indicators.Inspection, unit.Indicators.Training,
            unit.Flag ? "★" : "", ChineseLabels.Status(assessment.Status)])]);
}
