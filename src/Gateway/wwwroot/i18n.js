// Interface texts: Simplified Chinese by default, English on request; numbers and dates in the reader's locale.
const texts = {
  zh: {
    title: "昌都市驻村工作", signIn: "登录", signOut: "退出", language: "English",
    period: "期间", allTime: "全部时间", expected: "应报", reference: "2015年12月至2016年10月", reports: "报告", meetingsHeld: "会议", problemsIdentified: "梳理问题",
    problemsResolved: "解决问题", open: "未解决", resolutionRate: "解决率", children: "下级单位", unit: "单位",
    chart: "走势", loading: "加载中…", empty: "本期暂无报告", unreachable: "无法连接服务器，正在重试…", retry: "重试",
    notFound: "没有这个单位", forbidden: "此登录无权查看该单位", live: "实时", connecting: "连接中", offline: "已断开",
    asOf: "更新于", tokenLabel: "访问令牌", devSignIn: "开发登录（仅本机）", unitId: "单位代码", role: "角色",
    signInButton: "登录", devButton: "生成令牌并登录", devOff: "开发登录未开启：请使用令牌。", badToken: "令牌无效或已过期。",
    city: "市", county: "县区", township: "乡镇", "village-team": "驻村工作队", byMonth: "按月", byWeek: "按周",
    assessment: "月度考评", provisional: "暂定", closed: "已定", rank: "名次", score: "综合得分", coverage: "交叉检查覆盖", missing: "未报单位",
    flagHistory: "获流动红旗", yearEnd: "年终积分考评", points: "积分", prize: "奖项", prize1: "一等奖", prize2: "二等奖", prize3: "三等奖", onTimeRate: "按时报告率", oldestOpenDays: "最久未解决（天）", peopleTrained: "培训人数", inspections: "交叉检查", flags: "流动红旗",
    cardsIssued: "持证上岗", leaveRecords: "请销假公示", absences: "擅自离岗", duty: "在岗情况", planned: "应在岗（人日）", checkedIn: "签到", onLeave: "请假",
    absent: "缺岗", onDutyRate: "在岗率", leaveRoster: "请销假公示表", absenceBulletin: "擅自离岗通报", summonsCandidates: "拟约谈派驻单位",
    dispatchingUnit: "派驻单位", reportingRate: "报告率", reasons: "原因", "open-problems": "问题未解决多", "low-reporting": "报告不全", "villager-feedback": "群众反映差",
    unitsBelow: "下级单位及变更", tier: "层级", unitOpen: "在设", unitClosedOn: "{date} 起撤销", history: "变更历史", historyOf: "{name} 的变更历史",
    noHistory: "尚无变更记录", backToUnit: "返回 {name}", recordedAt: "记录时间", effectiveOn: "生效日期", by: "操作人", change: "变更", what: "内容",
    addUnit: "新增下级单位", name: "名称", openedOn: "设立日期", add: "新增", rename: "更名", newName: "新名称", move: "迁移",
    newParent: "新上级单位代码", moveOn: "迁移生效日期", close: "撤销", closedOn: "撤销日期", mergeInto: "并入（同级单位，可选）", noMerge: "不并入",
    reopen: "恢复", reopenedOn: "恢复日期", saving: "提交中…", saved: "已保存：{name}", changeFailed: "提交未成功，请重试。",
    "change-opened": "设立 {name}，隶属 {parent}", "change-renamed": "由 {formerName} 更名为 {name}", "change-moved": "由 {formerParent} 迁至 {parent}",
    "change-closed": "撤销", "change-closed-merged": "撤销，并入 {mergedInto}", "change-closed-merged-children": "撤销，并入 {mergedInto}，{count} 个下级单位随之迁入", "change-reopened": "恢复", "change-child-added": "下级单位 {children} 设立",
    "change-children-left": "下级单位 {children} 迁至 {parent}", "change-children-joined": "下级单位 {children} 由 {formerParent} 迁入",
    "change-child-renamed": "下级单位 {formerName} 更名为 {name}", "change-child-closed": "下级单位 {children} 撤销",
    "change-child-closed-merged": "下级单位 {children} 撤销，并入 {mergedInto}", "change-child-reopened": "下级单位 {children} 恢复",
  },
  en: {
    title: "Changdu village work", signIn: "Sign in", signOut: "Sign out", language: "中文",
    period: "Period", allTime: "All time", expected: "expected", reference: "Dec 2015 – Oct 2016", reports: "Reports", meetingsHeld: "Meetings", problemsIdentified: "Problems found",
    problemsResolved: "Problems solved", open: "Open", resolutionRate: "Resolution rate", children: "Units below", unit: "Unit",
    chart: "Over time", loading: "Loading…", empty: "No reports in this period", unreachable: "Cannot reach the server; retrying…", retry: "Retry",
    notFound: "No such unit", forbidden: "This sign-in may not view that unit", live: "Live", connecting: "Connecting", offline: "Disconnected",
    asOf: "as of", tokenLabel: "Access token", devSignIn: "Development sign-in (this machine only)", unitId: "Unit id", role: "Role",
    signInButton: "Sign in", devButton: "Mint a token and sign in", devOff: "Development sign-in is off: use a token.", badToken: "The token is invalid or expired.",
    city: "City", county: "County", township: "Township", "village-team": "Village team", byMonth: "by month", byWeek: "by week",
    assessment: "Monthly assessment", provisional: "provisional", closed: "closed", rank: "Rank", score: "Score", coverage: "Inspection coverage", missing: "Units with reports missing",
    flagHistory: "Red flags received", yearEnd: "Year-end points", points: "Points", prize: "Prize", prize1: "First prize", prize2: "Second prize", prize3: "Third prize", onTimeRate: "On-time rate", oldestOpenDays: "Oldest open (days)", peopleTrained: "People trained", inspections: "Inspections", flags: "Red flags",
    cardsIssued: "Cards issued", leaveRecords: "Leave published", absences: "Absences", duty: "Duty", planned: "Planned (cadre-days)", checkedIn: "Checked in", onLeave: "On leave",
    absent: "Absent", onDutyRate: "On-duty rate", leaveRoster: "Leave roster", absenceBulletin: "Absence bulletin", summonsCandidates: "Summons candidates",
    dispatchingUnit: "Dispatching unit", reportingRate: "Reporting rate", reasons: "Reasons", "open-problems": "many open problems", "low-reporting": "low reporting", "villager-feedback": "villagers' complaints",
    unitsBelow: "Units below and their changes", tier: "Tier", unitOpen: "open", unitClosedOn: "closed from {date}", history: "History", historyOf: "History of {name}",
    noHistory: "No changes recorded yet", backToUnit: "Back to {name}", recordedAt: "Recorded", effectiveOn: "Effective", by: "By", change: "Change", what: "What",
    addUnit: "Add a unit below", name: "Name", openedOn: "Opened on", add: "Add", rename: "Rename", newName: "New name", move: "Move",
    newParent: "New parent's unit id", moveOn: "Moved from", close: "Close", closedOn: "Closed from", mergeInto: "Merge into (same tier, optional)", noMerge: "No merge",
    reopen: "Reopen", reopenedOn: "Reopened on", saving: "Sending…", saved: "Saved: {name}", changeFailed: "The change did not go through; try again.",
    "change-opened": "opened as {name} under {parent}", "change-renamed": "renamed from {formerName} to {name}", "change-moved": "moved from {formerParent} to {parent}",
    "change-closed": "closed", "change-closed-merged": "closed, merged into {mergedInto}", "change-closed-merged-children": "closed, merged into {mergedInto} with its {count} units below", "change-reopened": "reopened", "change-child-added": "{children} opened below",
    "change-children-left": "{children} moved away to {parent}", "change-children-joined": "{children} moved here from {formerParent}",
    "change-child-renamed": "{formerName} below renamed to {name}", "change-child-closed": "{children} below closed",
    "change-child-closed-merged": "{children} below closed, merged into {mergedInto}", "change-child-reopened": "{children} below reopened",
  },
};

export let lang = localStorage.getItem("changdu.lang") === "en" ? "en" : "zh";

export function setLang(value) {
  lang = value;
  localStorage.setItem("changdu.lang", value);
  document.documentElement.lang = value === "en" ? "en" : "zh-CN";
}

export const t = (key) => texts[lang][key] ?? key;

/** Adds a page's own texts (the forms, the wall screen) to both languages, so each page keeps its texts beside its code. */
export function addTexts(more) {
  Object.assign(texts.zh, more.zh);
  Object.assign(texts.en, more.en);
}

/** A text with named blanks, e.g. format("saved", { name }) for "已保存：{name}". */
export const format = (key, values) => t(key).replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "–");

export const number = (value) => new Intl.NumberFormat(navigator.language).format(value);

export const percent = (value) => new Intl.NumberFormat(navigator.language, { style: "percent", maximumFractionDigits: 1 }).format(value);

export const dateTime = (value) => new Date(value).toLocaleString(navigator.language);

/** A calendar day (yyyy-MM-dd from the API) in the reader's locale, without shifting it across time zones. */
export const date = (value) => new Date(`${value}T00:00:00`).toLocaleDateString(navigator.language);
