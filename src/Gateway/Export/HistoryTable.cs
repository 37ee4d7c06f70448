using Changdu.Gateway.Api;

namespace Changdu.Gateway.Export;

/// <summary>A unit's history of map changes, one row per change, oldest first, with the units it concerns by code.</summary>
public static class HistoryTable
{
    public static readonly IReadOnlyList<string> Headers =
        ["记录时间", "生效日期", "操作人", "操作单位", "变更", "名称", "原名称", "上级单位", "原上级单位", "并入", "下级单位"];

    public static ExportTable Of(IReadOnlyList<MapChangeDto> history, string unitId, string unitName) => new(
        new ExportName(unitName, unitId, null, "变更历史", "history"),
        Headers,
        [.. history.Select(change => (object?[])[change.RecordedAt, change.EffectiveOn, change.By, change.ByUnit, ChineseLabels.Change(change.Kind),
            change.Name, change.FormerName, change.ParentId, change.FormerParentId, change.MergedInto, string.Join("、", change.Children)])]);
}
