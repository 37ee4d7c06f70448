using System.Globalization;
using Changdu.Gateway.Api;

namespace Changdu.Gateway.Export;

/// <summary>A year's cross-inspection coverage, one row per tier below the unit, as the dashboard lists it.</summary>
public static class CoverageTable
{
    public static readonly IReadOnlyList<string> Headers = ["层级", "单位数", "已检查", "覆盖率", "全覆盖"];

    public static ExportTable Of(CoverageDto coverage, string unitName) => new(
        new ExportName(unitName, coverage.UnitId, coverage.Year.ToString(CultureInfo.InvariantCulture), "交叉检查覆盖", "coverage"),
        Headers,
        [.. coverage.Tiers.Select(tier => (object?[])[ChineseLabels.Tier(tier.Tier), tier.Units, tier.Inspected, tier.Coverage, tier.Full])]);
}
