using Changdu.Gateway.Api;

namespace Changdu.Gateway.Export;

/// <summary>The red flags a unit received in closed months, newest first, as the dashboard lists their months.</summary>
public static class FlagsTable
{
    public static readonly IReadOnlyList<string> Headers = ["月份", "授予单位代码", "名次", "参评单位数", "综合得分"];

    public static ExportTable Of(IReadOnlyList<FlagAwardDto> flags, string unitId, string unitName) => new(
        new ExportName(unitName, unitId, null, "流动红旗", "flags"),
        Headers,
        [.. flags.Select(flag => (object?[])[flag.Month, flag.AwardedBy, flag.Rank, flag.Assessed, flag.Score])]);
}
