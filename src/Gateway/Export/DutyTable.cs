using Changdu.Gateway.Api;

namespace Changdu.Gateway.Export;

/// <summary>The duty of a month (or a day), one row per day and a total row, as the dashboard's figures and bars show it.</summary>
public static class DutyTable
{
    public const string TotalLabel = "合计";

    public static readonly IReadOnlyList<string> Headers = ["日期", "应在岗（人日）", "签到", "请假", "缺岗", "待签到", "在岗率"];

    public static ExportTable Of(DutyDto duty, string unitName, string period) => new(
        new ExportName(unitName, duty.UnitId, period, "在岗情况", "duty"),
        Headers,
        [
            .. duty.Days.Select(day => (object?[])[day.Date, day.Planned, day.CheckedIn, day.OnLeave, day.Absent, day.AwaitingCheckIn, Rate(day.OnDutyRate)]),
            [TotalLabel, duty.Planned, duty.CheckedIn, duty.OnLeave, duty.Absent, duty.AwaitingCheckIn, Rate(duty.OnDutyRate)],
        ]);

    /// <summary>The API's share from 0 to 1, kept to four places as a decimal: a double's binary tail is no figure of the page.</summary>
    static decimal? Rate(double? rate) => rate is { } share ? Math.Round((decimal)share, 4) : null;
}
