namespace Changdu.Gateway.Export;

/// <summary>
/// The Chinese the dashboard shows for the API's wire names (src/Gateway/wwwroot/i18n.js), so a
/// spreadsheet reads as the page does; a name it does not know (a tier of another hierarchy file) stays as it is.
/// </summary>
public static class ChineseLabels
{
    public static string Tier(string tier) => tier switch
    {
        "city" => "市",
        "county" => "县区",
        "township" => "乡镇",
        "village-team" => "驻村工作队",
        _ => tier,
    };

    public static string Cadence(string cadence) => cadence switch
    {
        "weekly" => "周报",
        "monthly" => "月报",
        "quarterly" => "季报",
        "half-yearly" => "半年报",
        _ => cadence,
    };

    public static string Status(string status) => status switch
    {
        "provisional" => "暂定",
        "closed" => "已定",
        _ => status,
    };

    public static string LeaveKind(string kind) => kind switch
    {
        "rotation-rest" => "轮休",
        "personal" => "事假",
        _ => "其他",
    };

    public static string LeaveStatus(LeaveStatus status) => status switch
    {
        Changdu.LeaveStatus.Requested => "待批",
        Changdu.LeaveStatus.Approved => "已批准",
        Changdu.LeaveStatus.Rejected => "未批准",
        Changdu.LeaveStatus.ReportedBack => "已销假",
        _ => status.ToString(),
    };

    public static string Level(DispatchingLevel level) => level switch
    {
        DispatchingLevel.AutonomousRegion => "自治区级",
        DispatchingLevel.City => "市级",
        _ => "县级",
    };

    public static string Change(MapChangeKind kind) => kind switch
    {
        MapChangeKind.Opened => "设立",
        MapChangeKind.Renamed => "更名",
        MapChangeKind.Moved => "迁移",
        MapChangeKind.Closed => "撤销",
        MapChangeKind.Reopened => "恢复",
        MapChangeKind.ChildAdded => "下级单位设立",
        MapChangeKind.ChildrenLeft => "下级单位迁出",
        MapChangeKind.ChildrenJoined => "下级单位迁入",
        MapChangeKind.ChildRenamed => "下级单位更名",
        MapChangeKind.ChildClosed => "下级单位撤销",
        MapChangeKind.ChildReopened => "下级单位恢复",
        MapChangeKind.Redefined => "重新定义",
        _ => kind.ToString(),
    };

    public static string AbsenceSource(AbsenceSource source) => source == Changdu.AbsenceSource.Reported ? "上报" : "系统发现";

    public static string Prize(int? prize) => prize switch
    {
        1 => "一等奖",
        2 => "二等奖",
        3 => "三等奖",
        _ => "",
    };

    public static string Reason(string reason) => reason switch
    {
        SummonsReasons.Absences => "擅自离岗多",
        SummonsReasons.OpenProblems => "问题未解决多",
        SummonsReasons.LowReporting => "报告不全",
        SummonsReasons.VillagerFeedback => "群众反映差",
        _ => reason,
    };

    /// <summary>A rollup for all time has no period: the file says so.</summary>
    public static string Period(string? period) => period ?? "全部时间";
}
