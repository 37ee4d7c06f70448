using Changdu.Gateway.Api;

namespace Changdu.Gateway.Export;

/// <summary>The dispatching units that meet a summons criterion in a month, as the city's dashboard lists them.</summary>
public static class SummonsCandidatesTable
{
    public static readonly IReadOnlyList<string> Headers =
        ["派驻单位代码", "派驻单位", "级别", "干部", "工作队", "擅自离岗", "未解决问题", "应报", "已报", "报告率", "群众差评", "原因"];

    /// <param name="root">The root whose office summons, for the file's name; null when the map has none yet.</param>
    public static ExportTable Of(IReadOnlyList<ConductDto> candidates, UnitRef? root, string month) => new(
        new ExportName(root?.Name, root?.UnitId.Value, month, "拟约谈派驻单位", "summons-candidates"),
        Headers,
        [.. candidates.Select(unit => (object?[])[unit.DispatchingUnitId, unit.Name, ChineseLabels.Level(unit.Level), unit.Cadres, unit.Teams, unit.Absences,
            unit.OpenProblems, unit.ReportsExpected, unit.ReportsReceived, unit.ReportingRate is { } rate ? Math.Round((decimal)rate, 4) : null,
            unit.NegativeFeedback, string.Join("、", unit.Reasons.Select(ChineseLabels.Reason))])]);
}
