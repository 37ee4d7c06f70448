// Forms for every write a clerk makes at a unit (issue 16, items 1 and 2). Each form is declared in
// the table below (endpoint, method, fields named as the API names them, ranges, who may use it);
// one renderer draws them, one sender files them through the outbox. Only the forms the signed-in
// role may use at this unit are offered: the rights of src/Gateway/Security/Caller.cs, mirrored so
// as not to offer what the server would refuse anyway.
import { t, format, addTexts, lang } from "/i18n.js";
import { send, flush, newId, outboxView, describe } from "/outbox.js";
import { element, token, today } from "/page.js";

addTexts({
  zh: {
    formsTitle: "填报", formSubmit: "提交", formSaving: "提交中…", formAccepted: "已提交：{id}", formQueued: "未联网：已存入待发送，联网后自动发送。",
    formRequired: "必填", formRange: "须为 {min} 至 {max} 的整数", formTooLong: "最多 {max} 个字", formPattern: "格式不对：{example}", formFailed: "提交未成功：{detail}",
    "form-report": "工作汇报", "form-report-correction": "更正汇报", "form-check-in": "今日签到", "form-problem-raise": "登记问题",
    "form-problem-resolve": "解决问题", "form-problem-reopen": "重新打开问题", "form-leave-request": "请假", "form-leave-decision": "审批请假",
    "form-leave-report-back": "销假", "form-cadre-register": "登记干部", "form-cadre-photo": "上传证件照", "form-card-issue": "发放工作证",
    "form-training": "培训班与交流会", "form-inspection-round": "开展交叉检查", "form-finding": "登记检查发现", "form-absence": "通报擅自离岗",
    "form-feedback": "群众反映", "form-points": "积分录入", "submit-check-in": "签到", printCard: "打印工作证",
    cadence: "报告周期", "cadence-weekly": "每周", "cadence-monthly": "每月", "cadence-quarterly": "每季度", "cadence-half-yearly": "每半年",
    "f-period": "期间", "f-meetingsHeld": "召开会议数", "f-problemsIdentified": "梳理问题数", "f-problemsResolved": "解决问题数", "f-notes": "备注",
    "f-reportId": "汇报编号", "f-cadreId": "干部", "f-category": "类别", "f-description": "问题描述", "f-raisedOn": "发现日期", "f-problemId": "问题",
    "f-resolvedOn": "解决日期", "f-note": "说明", "f-reason": "理由", "f-kind": "类型", "f-from": "起始日期", "f-until": "截止日期", "f-leaveId": "请假编号",
    "f-approve": "审批意见", "f-returnedOn": "返岗日期", "f-name": "姓名", "f-gender": "性别", "f-politicalStatus": "政治面貌",
    "f-nationalIdNumber": "身份证号", "f-phone": "手机号", "f-dispatchingUnit": "派驻单位", "f-role": "职务", "f-photo": "照片（JPEG 或 PNG）",
    "f-issuedOn": "发证日期", "f-title": "名称", "f-startsOn": "开始日期", "f-endsOn": "结束日期", "f-participants": "参加人数",
    "f-cadreIds": "参加干部（可选，逗号分隔）", "f-seed": "抽签种子（可选）", "f-roundId": "检查轮次编号", "f-targetId": "被检查单位", "f-foundOn": "发现日期",
    "f-sentiment": "评价", "f-source": "来源", "f-receivedOn": "收到日期", "f-bulletin": "工作通报", "f-points": "分值（-100 至 100）", "f-on": "日期",
    "f-optional": "（可选）",
    "opt-livelihood": "民生", "opt-infrastructure": "基础设施", "opt-party-building": "党的建设", "opt-stability": "维护稳定", "opt-education": "教育",
    "opt-health": "医疗卫生", "opt-other": "其他", "opt-rotation-rest": "轮休", "opt-personal": "事假", "opt-sick": "病假", "opt-maternity": "产假",
    "opt-true": "批准", "opt-false": "不批准", "opt-female": "女", "opt-male": "男", "opt-leader": "队长", "opt-member": "队员", "opt-office-staff": "办公室工作人员",
    "opt-class": "培训班", "opt-exchange": "经验交流会", "opt-on-site": "现场会", "opt-positive": "好评", "opt-negative": "差评", "opt-visit": "走访",
    "opt-survey": "问卷调查", "opt-hotline": "热线电话", "opt-inspection": "检查结果", "opt-seven-tasks": "七项任务", "opt-office-building": "办公室建设",
    "opt-major-events": "重大事项", "opt-media": "宣传报道", "opt-exchange-support": "交流会支持",
  },
  en: {
    formsTitle: "File", formSubmit: "Submit", formSaving: "Sending…", formAccepted: "Filed: {id}", formQueued: "Offline: kept in the outbox, sent when the connection is back.",
    formRequired: "Required", formRange: "A whole number from {min} to {max}", formTooLong: "At most {max} characters", formPattern: "Not in the right form: {example}", formFailed: "Not filed: {detail}",
    "form-report": "Work report", "form-report-correction": "Correct a report", "form-check-in": "Check in today", "form-problem-raise": "Raise a problem",
    "form-problem-resolve": "Resolve a problem", "form-problem-reopen": "Reopen a problem", "form-leave-request": "Request leave", "form-leave-decision": "Decide on leave",
    "form-leave-report-back": "Report back from leave", "form-cadre-register": "Register a cadre", "form-cadre-photo": "Upload a card photo", "form-card-issue": "Issue an on-duty card",
    "form-training": "Training class or exchange meeting", "form-inspection-round": "Open a cross-inspection round", "form-finding": "Record an inspection finding", "form-absence": "Report unauthorised absence",
    "form-feedback": "Villagers' feedback", "form-points": "Points entry", "submit-check-in": "Check in", printCard: "Print the card",
    cadence: "Cadence", "cadence-weekly": "weekly", "cadence-monthly": "monthly", "cadence-quarterly": "quarterly", "cadence-half-yearly": "half-yearly",
    "f-period": "Period", "f-meetingsHeld": "Meetings held", "f-problemsIdentified": "Problems identified", "f-problemsResolved": "Problems resolved", "f-notes": "Notes",
    "f-reportId": "Report id", "f-cadreId": "Cadre", "f-category": "Category", "f-description": "Description", "f-raisedOn": "Raised on", "f-problemId": "Problem",
    "f-resolvedOn": "Resolved on", "f-note": "Note", "f-reason": "Reason", "f-kind": "Kind", "f-from": "From", "f-until": "Until", "f-leaveId": "Leave id",
    "f-approve": "Decision", "f-returnedOn": "Back at post on", "f-name": "Name", "f-gender": "Gender", "f-politicalStatus": "Political status",
    "f-nationalIdNumber": "National ID number", "f-phone": "Mobile phone", "f-dispatchingUnit": "Dispatching unit", "f-role": "Position", "f-photo": "Photo (JPEG or PNG)",
    "f-issuedOn": "Issued on", "f-title": "Title", "f-startsOn": "Starts on", "f-endsOn": "Ends on", "f-participants": "Participants",
    "f-cadreIds": "Cadres taking part (optional, comma-separated)", "f-seed": "Draw seed (optional)", "f-roundId": "Round id", "f-targetId": "Unit inspected", "f-foundOn": "Found on",
    "f-sentiment": "Sentiment", "f-source": "Source", "f-receivedOn": "Received on", "f-bulletin": "Work bulletin", "f-points": "Points (-100 to 100)", "f-on": "On",
    "f-optional": " (optional)",
    "opt-livelihood": "livelihood", "opt-infrastructure": "infrastructure", "opt-party-building": "party building", "opt-stability": "stability", "opt-education": "education",
    "opt-health": "health", "opt-other": "other", "opt-rotation-rest": "rotation rest", "opt-personal": "personal", "opt-sick": "sick", "opt-maternity": "maternity",
    "opt-true": "approve", "opt-false": "reject", "opt-female": "female", "opt-male": "male", "opt-leader": "team leader", "opt-member": "member", "opt-office-staff": "office staff",
    "opt-class": "class", "opt-exchange": "exchange meeting", "opt-on-site": "on-site meeting", "opt-positive": "positive", "opt-negative": "negative", "opt-visit": "visit",
    "opt-survey": "survey", "opt-hotline": "hotline", "opt-inspection": "inspection results", "opt-seven-tasks": "seven tasks", "opt-office-building": "office building",
    "opt-major-events": "major events", "opt-media": "media work", "opt-exchange-support": "exchange meeting support",
  },
});

// The writes that end or freeze something (a service, a card, a month, a year) and the city's dispatching units.
addTexts({
  zh: {
    formConfirm: "请先勾选确认：提交后不能撤回", cardRevoked: "工作证 {cardNumber} 已注销。", formLines: "每行一项，1 至 {max} 项，每项最多 {length} 个字",
    "form-cadre-transfer": "干部调动", "form-cadre-end": "干部期满离岗", "form-card-revoke": "注销工作证", "form-assessment-close": "关闭月度考核",
    "form-year-end-close": "关闭年度积分", "form-dispatching-unit": "登记派驻单位", "form-summons": "约谈派驻单位", "form-summons-follow-up": "约谈整改回访",
    "f-toUnitId": "调往单位（12 位编号）", "f-cardNumber": "工作证", "f-revokedOn": "注销日期", "f-month": "月份", "f-year": "年度",
    "f-level": "级别", "f-dispatchingUnitId": "派驻单位", "f-mode": "约谈方式", "f-attendees": "参加人员（每行一人）", "f-issues": "存在问题（每行一条）",
    "f-rectifyBy": "整改期限", "f-summonsId": "约谈", "f-checkedOn": "回访日期", "f-rectified": "整改情况",
    "confirm-cadre-end": "确认该干部离岗：其本次派驻就此结束。", "confirm-card-revoke": "确认注销：该证扫码即显示无效。",
    "confirm-assessment-close": "确认关闭：该月排名和红旗随即冻结。", "confirm-year-end-close": "确认关闭：该年排名和奖次随即冻结。",
    "opt-autonomous-region": "自治区级", "opt-city": "市级", "opt-county": "县级", "opt-face-to-face": "面对面约谈", "opt-letter": "发函书面约谈",
    "opt-rectified": "已整改", "opt-not-rectified": "未整改",
  },
  en: {
    formConfirm: "Tick to confirm first: this cannot be undone", cardRevoked: "Card {cardNumber} is revoked.", formLines: "One per line, 1 to {max} lines of at most {length} characters",
    "form-cadre-transfer": "Transfer a cadre", "form-cadre-end": "End a cadre's service", "form-card-revoke": "Revoke an on-duty card", "form-assessment-close": "Close a month's assessment",
    "form-year-end-close": "Close a year's points", "form-dispatching-unit": "Register a dispatching unit", "form-summons": "Summon a dispatching unit", "form-summons-follow-up": "Follow up a summons",
    "f-toUnitId": "Moves to unit (12-digit id)", "f-cardNumber": "Card", "f-revokedOn": "Revoked on", "f-month": "Month", "f-year": "Year",
    "f-level": "Level", "f-dispatchingUnitId": "Dispatching unit", "f-mode": "Mode", "f-attendees": "Attendees (one per line)", "f-issues": "Issues (one per line)",
    "f-rectifyBy": "Rectify by", "f-summonsId": "Summons", "f-checkedOn": "Checked on", "f-rectified": "Rectification",
    "confirm-cadre-end": "I confirm the cadre leaves: this service ends.", "confirm-card-revoke": "I confirm the revocation: the card then verifies as not valid.",
    "confirm-assessment-close": "I confirm closing: the month's ranking and red flags freeze.", "confirm-year-end-close": "I confirm closing: the year's ranking and prizes freeze.",
    "opt-autonomous-region": "autonomous region", "opt-city": "city", "opt-county": "county", "opt-face-to-face": "face to face", "opt-letter": "by letter",
    "opt-rectified": "rectified", "opt-not-rectified": "not rectified",
  },
});

// The API's limits (src/Gateway/Api): counts 0–10,000 (ReportFigures.MaxCount), texts 2,000
// characters (Fields.MaxTextLength), names 64 (CadreRequest), participants 100,000 (Training), points ±100 (PointEntry).
const maxCount = 10_000;
const maxText = 2_000;
const maxName = 64;

/** The period a report of the cadence is due for today: 2016-W23, 2016-05, 2016-Q2, 2016-H1. */
function currentPeriod(cadence) {
  const [year, month, dayOfMonth] = today().split("-").map(Number);
  if (cadence === "monthly") return `${year}-${String(month).padStart(2, "0")}`;
  if (cadence === "quarterly") return `${year}-Q${Math.ceil(month / 3)}`;
  if (cadence === "half-yearly") return `${year}-H${month <= 6 ? 1 : 2}`;
  // ISO 8601 week: the week with the year's first Thursday is week 1.
  const day = new Date(Date.UTC(year, month - 1, dayOfMonth));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const week = Math.ceil(((day - Date.UTC(day.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

const periodPatterns = { weekly: [/^\d{4}-W\d{2}$/, "2016-W23"], monthly: [/^\d{4}-\d{2}$/, "2016-05"], quarterly: [/^\d{4}-Q[1-4]$/, "2016-Q2"], "half-yearly": [/^\d{4}-H[12]$/, "2016-H1"] };

const choices = (...values) => values.map((value) => ({ value, label: t(`opt-${value}`) }));
const problemCategories = () => choices("livelihood", "infrastructure", "party-building", "stability", "education", "health", "other");
const cadreChoices = (context) => context.cadres.map((cadre) => ({ value: cadre.cadreId, label: cadre.name }));
const hasCadres = (context) => context.cadres.length > 0;
const hasChildren = (context) => context.unit.children.length > 0;
const cardChoices = (context, cadreId) => context.cards.filter((card) => card.cadreId === cadreId && card.status === "valid")
  .map((card) => ({ value: card.cardNumber, label: `${card.cardNumber} · ${card.issuedOn}` }));
// Where a cadre may move: the units this page knows that the caller also writes (the transfer's
// target needs it too): a team only its own, with another role; an office this unit, its siblings and the units below.
const transferTargets = (context) => {
  const parent = context.path.length > 1 ? context.path[context.path.length - 2] : null;
  const units = context.caller.role === "team" ? [context.unit]
    : [context.unit, ...(parent && context.path.slice(0, -1).some((step) => step.unitId === context.caller.unit) ? parent.children : []), ...context.unit.children];
  return [...new Map(units.filter((unit) => !unit.closedOn).map((unit) => [unit.unitId, { value: unit.unitId, label: unit.name }])).values()];
};
/** The month before the programme's day: the latest a month's assessment or a summons can look back on. */
function previousMonth() {
  const [year, month] = today().split("-").map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}
const previousYear = () => `${Number(today().slice(0, 4)) - 1}`;
const openSummons = (context, dispatchingUnitId) => context.dispatchingUnits.filter((unit) => unit.dispatchingUnitId === dispatchingUnitId)
  .flatMap((unit) => unit.summons.filter((summons) => !summons.followUp))
  .map((summons) => ({ value: summons.summonsId, label: `${summons.on} · ${summons.issues[0]?.slice(0, 30) ?? ""}` }));

// Who may use a form at this unit (Caller.May): a team writes its own team; an office writes its
// unit and below, supervises them, and approves and awards points only below its own unit.
const may = {
  write: (context) => context.caller.role === "team" ? context.caller.unit === context.unit.unitId : context.office,
  supervise: (context) => context.office,
  above: (context) => context.office && context.caller.unit !== context.unit.unitId,
  // The city's own office, on the city's page (CityAccessFilter: a token of the root unit).
  city: (context) => context.office && context.caller.unit === context.unit.unitId && !context.unit.parentId,
};

const figures = [
  { name: "meetingsHeld", kind: "count", max: maxCount },
  { name: "problemsIdentified", kind: "count", max: maxCount },
  { name: "problemsResolved", kind: "count", max: maxCount },
  { name: "notes", kind: "textarea", max: maxText, optional: true },
];

/**
 * The forms, in order of daily use. A form: `key` (data-form), who `may` use it, `when` it applies
 * at this unit, `method` and `path` (a field with `inPath` goes into the path, not the body), `id`:
 * the API's idempotency field, made once per fill; `fields` named as the API names them;
 * `changesChoices` when filing it changes what other forms offer (the roster, the open problems);
 * `personal` when it carries personal data, never kept in the outbox;
 * `openOnArrival` for the daily ones (a cadre's check-in, the team's report), so they cost no tap to open;
 * `confirm` for what cannot be undone (ending a service, revoking a card, closing a month or a year): a tick first.
 * A field's `value` is its default (or makes it), `choices` suggests values for a text field, and a
 * select that `follows` another offers the options of the other's choice (a cadre's cards).
 */
const forms = [
  {
    key: "check-in", openOnArrival: true, may: may.write, when: hasCadres, method: "POST", path: (unit) => `/api/units/${unit}/check-ins`, submit: "submit-check-in",
    fields: [{ name: "cadreId", kind: "select", options: cadreChoices, remember: true }],
  },
  {
    key: "report", openOnArrival: true, may: may.write, when: (context) => context.cadences.length > 0, method: "POST", path: (unit) => `/api/units/${unit}/reports`, id: "reportId",
    fields: [
      { name: "cadence", kind: "select", options: (context) => context.cadences.map((value) => ({ value, label: t(`cadence-${value}`) })), label: "cadence" },
      { name: "period", kind: "period" },
      ...figures,
    ],
  },
  {
    key: "report-correction", may: may.write, when: (context) => context.cadences.length > 0, method: "PUT",
    path: (unit, values) => `/api/units/${unit}/reports/${encodeURIComponent(values.reportId)}`,
    fields: [{ name: "reportId", kind: "text", inPath: true, suggest: "report" }, ...figures],
  },
  {
    key: "problem-raise", changesChoices: true, may: may.write, method: "POST", path: (unit) => `/api/units/${unit}/problems`, id: "problemId",
    fields: [
      { name: "category", kind: "select", options: problemCategories },
      { name: "description", kind: "textarea", max: maxText },
      { name: "raisedOn", kind: "date" },
      { name: "reportId", kind: "text", optional: true, suggest: "report" },
    ],
  },
  {
    key: "problem-resolve", changesChoices: true, may: may.write, when: (context) => context.problems.some((problem) => problem.status === "open"), method: "POST",
    path: (unit, values) => `/api/units/${unit}/problems/${encodeURIComponent(values.problemId)}/resolve`,
    fields: [
      { name: "problemId", kind: "select", inPath: true, options: (context) => problemChoices(context, "open") },
      { name: "resolvedOn", kind: "date" },
      { name: "note", kind: "textarea", max: maxText },
    ],
  },
  {
    key: "problem-reopen", changesChoices: true, may: may.write, when: (context) => context.problems.some((problem) => problem.status === "resolved"), method: "POST",
    path: (unit, values) => `/api/units/${unit}/problems/${encodeURIComponent(values.problemId)}/reopen`,
    fields: [
      { name: "problemId", kind: "select", inPath: true, options: (context) => problemChoices(context, "resolved") },
      { name: "reason", kind: "textarea", max: maxText },
    ],
  },
  {
    key: "leave-request", may: may.write, when: hasCadres, method: "POST", path: (unit) => `/api/units/${unit}/leave`, id: "leaveId",
    fields: [
      { name: "cadreId", kind: "select", options: cadreChoices },
      { name: "kind", kind: "select", options: () => choices("rotation-rest", "personal", "sick", "maternity") },
      { name: "from", kind: "date" },
      { name: "until", kind: "date" },
      { name: "reason", kind: "textarea", max: maxText, optional: true },
    ],
  },
  {
    key: "leave-report-back", may: may.write, when: hasCadres, method: "POST",
    path: (unit, values) => `/api/units/${unit}/leave/${encodeURIComponent(values.leaveId)}/report-back`,
    fields: [{ name: "leaveId", kind: "text", inPath: true, suggest: "leave-request" }, { name: "returnedOn", kind: "date" }],
  },
  {
    key: "leave-decision", may: may.above, method: "POST", path: (unit, values) => `/api/units/${unit}/leave/${encodeURIComponent(values.leaveId)}/decision`,
    fields: [{ name: "leaveId", kind: "text", inPath: true, suggest: "leave-request" }, { name: "approve", kind: "select", boolean: true, options: () => choices("true", "false") }],
  },
  {
    key: "cadre-register", changesChoices: true, personal: true, may: may.write, method: "POST", path: (unit) => `/api/units/${unit}/cadres`, id: "cadreId",
    fields: [
      { name: "name", kind: "text", max: maxName },
      { name: "gender", kind: "select", options: () => choices("female", "male") },
      { name: "politicalStatus", kind: "text", max: maxName, value: "中共党员" },
      { name: "nationalIdNumber", kind: "text", pattern: /^\d{17}[\dXx]$/, example: "540102198001011234", attributes: { maxlength: "18", autocomplete: "off" } },
      { name: "phone", kind: "text", pattern: /^1\d{10}$/, example: "13912345678", attributes: { type: "tel", inputmode: "tel", maxlength: "11" } },
      { name: "dispatchingUnit", kind: "text", max: maxName },
      { name: "role", kind: "select", options: (context) => choices(...(hasChildren(context) ? ["office-staff", "leader", "member"] : ["member", "leader", "office-staff"])) },
      { name: "from", kind: "date" },
    ],
  },
  {
    key: "cadre-photo", may: may.write, when: hasCadres, method: "PUT", path: (unit, values) => `/api/units/${unit}/cadres/${encodeURIComponent(values.cadreId)}/photo`,
    fields: [{ name: "cadreId", kind: "select", inPath: true, options: cadreChoices }, { name: "photo", kind: "file", body: true, attributes: { accept: "image/jpeg,image/png" } }],
  },
  {
    key: "card-issue", may: may.write, when: hasCadres, method: "POST", path: (unit, values) => `/api/units/${unit}/cadres/${encodeURIComponent(values.cadreId)}/cards`,
    fields: [{ name: "cadreId", kind: "select", inPath: true, options: cadreChoices }, { name: "issuedOn", kind: "date" }],
    changesChoices: true,
    accepted: (context, values, card) => printButton(`/api/units/${context.unit.unitId}/cadres/${encodeURIComponent(values.cadreId)}/cards/${card.cardNumber}/print`),
  },
  {
    key: "card-revoke", changesChoices: true, confirm: true, may: may.write, when: (context) => context.cards.some((card) => card.status === "valid"), method: "POST",
    path: (unit, values) => `/api/units/${unit}/cadres/${encodeURIComponent(values.cadreId)}/cards/${encodeURIComponent(values.cardNumber)}/revoke`,
    accepted: (context, values, card) => format("cardRevoked", { cardNumber: card.cardNumber }),
    fields: [
      { name: "cadreId", kind: "select", inPath: true, options: (context) => cadreChoices(context).filter((cadre) => cardChoices(context, cadre.value).length > 0) },
      { name: "cardNumber", kind: "select", inPath: true, follows: "cadreId", options: cardChoices },
      { name: "revokedOn", kind: "date" },
    ],
  },
  {
    key: "cadre-transfer", changesChoices: true, may: may.write, when: hasCadres, method: "POST",
    path: (unit, values) => `/api/units/${unit}/cadres/${encodeURIComponent(values.cadreId)}/transfer`,
    fields: [
      { name: "cadreId", kind: "select", inPath: true, options: cadreChoices },
      { name: "toUnitId", kind: "text", pattern: /^\d{12}$/, example: "540321100201", choices: transferTargets, attributes: { inputmode: "numeric", maxlength: "12" } },
      { name: "role", kind: "select", options: (context) => choices(...(hasChildren(context) ? ["office-staff", "leader", "member"] : ["member", "leader", "office-staff"])) },
      { name: "from", kind: "date" },
    ],
  },
  {
    key: "cadre-end", changesChoices: true, confirm: true, may: may.write, when: hasCadres, method: "POST",
    path: (unit, values) => `/api/units/${unit}/cadres/${encodeURIComponent(values.cadreId)}/end`,
    fields: [{ name: "cadreId", kind: "select", inPath: true, options: cadreChoices }, { name: "until", kind: "date" }],
  },
  {
    key: "training", may: may.write, method: "POST", path: (unit) => `/api/units/${unit}/trainings`, id: "trainingId",
    fields: [
      { name: "kind", kind: "select", options: () => choices("class", "exchange", "on-site") },
      { name: "title", kind: "text", max: maxText },
      { name: "startsOn", kind: "date" },
      { name: "endsOn", kind: "date" },
      { name: "participants", kind: "count", max: 100_000 },
      { name: "cadreIds", kind: "list", optional: true },
    ],
  },
  {
    key: "inspection-round", may: may.write, when: hasChildren, method: "POST", path: (unit) => `/api/units/${unit}/inspections`, id: "roundId",
    fields: [{ name: "startsOn", kind: "date" }, { name: "seed", kind: "count", max: 2_147_483_647, optional: true }],
  },
  {
    key: "finding", may: may.write, when: hasChildren, method: "POST",
    path: (unit, values) => `/api/units/${unit}/inspections/${encodeURIComponent(values.roundId)}/findings`, id: "findingId",
    fields: [
      { name: "roundId", kind: "text", inPath: true, suggest: "inspection-round" },
      { name: "targetId", kind: "select", options: (context) => context.unit.children.filter((child) => !child.closedOn).map((child) => ({ value: child.unitId, label: child.name })) },
      { name: "category", kind: "select", options: problemCategories },
      { name: "description", kind: "textarea", max: maxText },
      { name: "foundOn", kind: "date" },
    ],
  },
  {
    key: "absence", may: may.supervise, when: hasCadres, method: "POST", path: (unit) => `/api/units/${unit}/absences`, id: "absenceId",
    fields: [{ name: "cadreId", kind: "select", options: cadreChoices }, { name: "from", kind: "date" }, { name: "note", kind: "textarea", max: maxText, optional: true }],
  },
  {
    key: "feedback", may: may.supervise, method: "POST", path: (unit) => `/api/units/${unit}/feedback`, id: "feedbackId",
    fields: [
      { name: "sentiment", kind: "select", options: () => choices("positive", "negative") },
      { name: "source", kind: "select", options: () => choices("visit", "survey", "hotline") },
      { name: "note", kind: "textarea", max: maxText },
      { name: "receivedOn", kind: "date" },
    ],
  },
  {
    key: "points", may: may.above, method: "POST", path: (unit) => `/api/units/${unit}/points`, id: "entryId",
    fields: [
      { name: "bulletin", kind: "text", max: maxText },
      { name: "category", kind: "select", options: () => choices("inspection", "seven-tasks", "office-building", "major-events", "media", "exchange-support") },
      { name: "points", kind: "count", min: -100, max: 100 },
      { name: "reason", kind: "textarea", max: maxText },
      { name: "on", kind: "date" },
    ],
  },
  {
    key: "assessment-close", confirm: true, may: may.write, when: hasChildren, method: "POST",
    path: (unit, values) => `/api/units/${unit}/assessments/${encodeURIComponent(values.month)}/close`,
    fields: [{ name: "month", kind: "month", inPath: true, value: previousMonth }],
  },
  {
    key: "year-end-close", confirm: true, may: may.write, when: hasChildren, method: "POST",
    path: (unit, values) => `/api/units/${unit}/year-end/${encodeURIComponent(values.year)}/close`,
    fields: [{ name: "year", kind: "count", inPath: true, min: 2000, max: 2100, grouping: false, value: previousYear }],
  },
  {
    key: "dispatching-unit", changesChoices: true, may: may.city, method: "POST", path: () => "/api/dispatching-units", id: "dispatchingUnitId",
    fields: [{ name: "name", kind: "text", max: 120 }, { name: "level", kind: "select", options: () => choices("autonomous-region", "city", "county") }],
  },
  {
    key: "summons", changesChoices: true, may: may.city, when: (context) => context.dispatchingUnits.length > 0, method: "POST",
    path: (unit, values) => `/api/dispatching-units/${encodeURIComponent(values.dispatchingUnitId)}/summons`, id: "summonsId",
    fields: [
      { name: "dispatchingUnitId", kind: "select", inPath: true, options: dispatchingUnitChoices },
      { name: "month", kind: "month", value: previousMonth },
      { name: "mode", kind: "select", options: () => choices("face-to-face", "letter") },
      { name: "on", kind: "date" },
      { name: "attendees", kind: "lines", max: 50, length: 200 },
      { name: "issues", kind: "lines", max: 50, length: 200 },
      { name: "rectifyBy", kind: "date" },
    ],
  },
  {
    key: "summons-follow-up", changesChoices: true, may: may.city, when: (context) => context.dispatchingUnits.some((unit) => unit.summons.some((summons) => !summons.followUp)),
    method: "POST", path: (unit, values) => `/api/dispatching-units/${encodeURIComponent(values.dispatchingUnitId)}/summons/${encodeURIComponent(values.summonsId)}/follow-up`,
    fields: [
      { name: "dispatchingUnitId", kind: "select", inPath: true, options: (context) => dispatchingUnitChoices(context).filter((unit) => openSummons(context, unit.value).length > 0) },
      { name: "summonsId", kind: "select", inPath: true, follows: "dispatchingUnitId", options: openSummons },
      { name: "checkedOn", kind: "date" },
      { name: "rectified", kind: "select", boolean: true, options: () => [{ value: "true", label: t("opt-rectified") }, { value: "false", label: t("opt-not-rectified") }] },
      { name: "note", kind: "textarea", max: maxText, optional: true },
    ],
  },
];

function dispatchingUnitChoices(context) {
  return context.dispatchingUnits.map((unit) => ({ value: unit.dispatchingUnitId, label: `${unit.name} · ${t(`opt-${unit.level}`)}` }));
}

function problemChoices(context, status) {
  return context.problems.filter((problem) => problem.status === status)
    .map((problem) => ({ value: problem.problemId, label: `${problem.raisedOn} · ${problem.description.slice(0, 40)}` }));
}


async function read(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token()}` } });
  if (!response.ok) throw new Error(`${response.status}`);
  return response.json();
}

// What this browser filed, per unit and form, to offer back where a later form names it (a report
// to correct, a leave to report back from, a round's findings): the API lists none of these.
const filedKey = "changdu.filed";
function filed(unitId, formKey) {
  try {
    return JSON.parse(localStorage.getItem(filedKey))?.[unitId]?.[formKey] ?? [];
  } catch {
    return [];
  }
}
function rememberFiled(unitId, formKey, id) {
  let all;
  try {
    all = JSON.parse(localStorage.getItem(filedKey)) ?? {};
  } catch {
    all = {};
  }
  all[unitId] = { ...all[unitId], [formKey]: [id, ...filed(unitId, formKey).filter((other) => other !== id)].slice(0, 20) };
  localStorage.setItem(filedKey, JSON.stringify(all));
}

// The cadre this phone checks in, so that checking in is one tap the next time.
const checkInCadreKey = "changdu.checkInCadre";

/**
 * Draws the forms the signed-in caller may use at this unit into `panel`, with the outbox on top;
 * the panel stays hidden for a viewer or an operator.
 */
export async function drawForms(panel, { unit, path, caller, isCurrent }) {
  panel.hidden = true;
  if (!caller || !["team", "office"].includes(caller.role)) return;
  const office = caller.role === "office" && path.some((step) => step.unitId === caller.unit);
  const context = { unit, path, caller, office, cadences: [], cadres: [], problems: [], cards: [], dispatchingUnits: [] };
  const offered = forms.filter((form) => form.may(context));
  if (!offered.length) return;
  // Each page load sends what waits, now that the page has its sign-in.
  flush();
  const [tiers] = await Promise.all([read("/api/tiers").catch(() => []), readChoices(context, offered)]);
  if (!isCurrent()) return;
  context.cadences = tiers.find((tier) => tier.name === unit.tier)?.cadences ?? [];
  // After a filing that changes what other forms offer (a cadre, a problem, a card, a summons): the
  // lists read again, the forms drawn again, and the filed form's status carried over.
  const redraw = async (formKey, statusNodes) => {
    await readChoices(context, offered);
    if (!isCurrent()) return;
    draw();
    // A form may be gone now (the last open problem resolved): then its status shows under the title.
    const status = panel.querySelector(`form[data-form=${formKey}] [data-testid=form-status]`) ?? panel.querySelector("[data-testid=forms-status]");
    status.append(...statusNodes);
  };
  const draw = () => {
    const open = new Set([...panel.querySelectorAll("details[open]")].map((details) => details.dataset.formGroup));
    const shown = offered.filter((form) => !form.when || form.when(context));
    panel.replaceChildren(element("h2", {}, t("formsTitle")), element("p", { class: "form-status", role: "status", "data-testid": "forms-status" }), outboxView(),
      ...shown.map((form) => {
        const details = element("details", { class: "form-group", "data-form-group": form.key, ...(open.has(form.key) || (open.size === 0 && form.openOnArrival) ? { open: "" } : {}) },
          element("summary", {}, t(`form-${form.key}`)));
        details.append(renderForm(form, context, redraw));
        return details;
      }));
    panel.hidden = false;
  };
  draw();
}

/**
 * Reads what the offered forms choose from into `context`, keeping the last list when a read fails:
 * the roster and the problems; the roster's cards where one may be revoked; the dispatching units on the city's page.
 */
async function readChoices(context, offered) {
  const unitPath = `/api/units/${context.unit.unitId}`;
  const [cadres, problems, dispatchingUnits] = await Promise.all([
    read(`${unitPath}/cadres`).catch(() => context.cadres),
    read(`${unitPath}/problems`).catch(() => context.problems),
    offered.some((form) => form.may === may.city) ? read("/api/dispatching-units").catch(() => context.dispatchingUnits) : [],
  ]);
  const cards = offered.some((form) => form.key === "card-revoke")
    ? (await Promise.all(cadres.map((cadre) => read(`${unitPath}/cadres/${encodeURIComponent(cadre.cadreId)}/cards`)
      .then((held) => held.map((card) => ({ ...card, cadreId: cadre.cadreId })))
      .catch(() => context.cards.filter((card) => card.cadreId === cadre.cadreId))))).flat()
    : [];
  Object.assign(context, { cadres, problems, cards, dispatchingUnits });
}

function defaultOf(form, field, context) {
  if (typeof field.value === "function") return field.value(context);
  if (field.value) return field.value;
  if (field.kind === "date") return today();
  if (field.kind === "period") return currentPeriod(context.cadences[0]);
  if (field.remember) return localStorage.getItem(checkInCadreKey) ?? "";
  return "";
}

/** One form: labelled inputs named as the API names its fields, each with its own message line, the refusal's detail on top. */
function renderForm(form, context, redraw) {
  const unitId = context.unit.unitId;
  const prefix = `form-${form.key}`;
  const detail = element("p", { class: "problem form-detail", role: "alert", "data-testid": "form-detail" });
  const status = element("p", { class: "form-status", role: "status", "data-testid": "form-status" });
  const button = element("button", { type: "submit" }, t(form.submit ?? "formSubmit"));
  const idInput = form.id ? element("input", { type: "hidden", name: form.id, value: newId(form.key) }) : null;
  const messages = new Map();
  const inputs = form.fields.map((field) => {
    const id = `${prefix}-${field.name}`;
    const message = element("p", { class: "problem field-error", id: `${id}-error`, "data-error-for": field.name });
    messages.set(field.name, message);
    const common = { id, name: field.name, "aria-describedby": `${id}-error` };
    let input;
    if (field.kind === "select") {
      input = element("select", common, ...optionNodes(field.options(context), defaultOf(form, field, context)));
    } else if (field.kind === "textarea" || field.kind === "lines") {
      input = element("textarea", { ...common, rows: "3" });
    } else if (field.kind === "count") {
      input = element("input", { ...common, type: "number", inputmode: field.min < 0 ? "text" : "numeric", step: "1", min: `${field.min ?? 0}`, max: `${field.max}`, value: defaultOf(form, field, context) });
    } else if (field.kind === "file") {
      input = element("input", { ...common, type: "file", ...field.attributes });
    } else {
      const type = field.kind === "date" ? "date" : "text";
      const list = field.suggest || field.choices ? `${id}-choices` : null;
      input = element("input", { ...common, type, value: defaultOf(form, field, context), ...(list ? { list, autocomplete: "off" } : {}), ...field.attributes });
    }
    const suggestions = field.suggest
      ? element("datalist", { id: `${id}-choices`, "data-suggest": field.suggest }, ...filed(unitId, field.suggest).map((value) => element("option", { value })))
      : field.choices
        ? element("datalist", { id: `${id}-choices` }, ...field.choices(context).map((choice) => element("option", { value: choice.value, label: choice.label })))
        : null;
    const label = `${t(field.label ?? `f-${field.name}`)}${field.optional ? t("f-optional") : ""}`;
    return [element("label", { for: id }, label), input, suggestions, message];
  });
  // What cannot be undone asks for a tick first, so a stray tap on the button files nothing.
  const confirmation = form.confirm ? confirmBox(form, messages) : [];
  const node = element("form", { class: "clerk-form", "data-form": form.key, novalidate: "", "aria-label": t(`form-${form.key}`) },
    detail, idInput, ...inputs.flat(), ...confirmation, button, status);
  if (form.fields.some((field) => field.kind === "period")) {
    // A new cadence, a new period: the one due now.
    node.elements.cadence?.addEventListener("change", () => { node.elements.period.value = currentPeriod(node.elements.cadence.value); });
  }
  // A choice that depends on another (a cadre's cards, a dispatching unit's summons) follows it.
  const refills = form.fields.filter((field) => field.follows).map((field) => {
    const refill = () => node.elements[field.name].replaceChildren(...optionNodes(field.options(context, node.elements[field.follows].value)));
    node.elements[field.follows].addEventListener("change", refill);
    refill();
    return refill;
  });

  const clear = () => {
    detail.textContent = "";
    status.replaceChildren();
    for (const [name, message] of messages) {
      message.textContent = "";
      node.elements[name]?.removeAttribute("aria-invalid");
    }
  };
  const show = (errors, top) => {
    const unplaced = [];
    for (const [name, text] of Object.entries(errors)) {
      const message = messages.get(name);
      if (message) {
        message.textContent = [].concat(text).join(" ");
        node.elements[name]?.setAttribute("aria-invalid", "true");
      } else {
        unplaced.push(`${name}: ${[].concat(text).join(" ")}`);
      }
    }
    detail.textContent = [top, ...unplaced].filter(Boolean).join(" ");
    node.querySelector("[aria-invalid=true]")?.focus();
  };

  node.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    clear();
    const values = Object.fromEntries(new FormData(node));
    const errors = check(form, values, node);
    if (Object.keys(errors).length) return show(errors);
    // Disabled at once, before anything is awaited: a double tap's second tap finds it so.
    button.disabled = true;
    button.textContent = t("formSaving");
    try {
      const filing = await filingOf(form, values, context, node);
      const result = await send(filing);
      if (result.outcome === "refused") {
        show(result.problem?.errors ?? {}, result.problem ? result.problem.detail ?? result.problem.title : format("formFailed", { detail: describe(result) }));
        return;
      }
      const filedId = form.id ? values[form.id] : values[form.fields.find((field) => field.inPath)?.name] ?? "";
      if (form.id) {
        rememberFiled(unitId, form.key, filedId);
        for (const list of document.querySelectorAll(`datalist[data-suggest=${form.key}]`)) list.prepend(element("option", { value: filedId }));
      }
      // A new fill: fresh defaults and a fresh id; the filing sent (or waiting in the outbox) keeps the old one.
      node.reset();
      for (const refill of refills) refill();
      if (idInput) idInput.value = newId(form.key);
      for (const field of form.fields.filter((each) => each.remember)) {
        localStorage.setItem(checkInCadreKey, values[field.name]);
        node.elements[field.name].value = values[field.name];
      }
      if (result.outcome === "queued") {
        status.textContent = t("formQueued");
        return;
      }
      status.append(format("formAccepted", { id: filedId || t(`form-${form.key}`) }));
      if (form.accepted && result.answer) status.append(" ", form.accepted(context, values, result.answer));
      if (form.changesChoices) await redraw(form.key, [...status.childNodes]);
    } finally {
      button.disabled = false;
      button.textContent = t(form.submit ?? "formSubmit");
    }
  });
  return node;
}

function optionNodes(options, selected) {
  return options.map((option) => element("option", { value: option.value, ...(option.value === selected ? { selected: "" } : {}) }, option.label));
}

/** The tick an irreversible form asks for, with its own message line; never sent. */
function confirmBox(form, messages) {
  const id = `form-${form.key}-confirm`;
  const message = element("p", { class: "problem field-error", id: `${id}-error`, "data-error-for": "confirm" });
  messages.set("confirm", message);
  return [
    element("label", { for: id, class: "form-confirm" },
      element("input", { id, type: "checkbox", name: "confirm", value: "yes", "aria-describedby": `${id}-error` }), ` ${t(`confirm-${form.key}`)}`),
    message,
  ];
}

const linesOf = (value) => value.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);

/** The declared limits, checked before sending so that an offline filing does not wait only to be refused. */
function check(form, values, node) {
  const errors = {};
  if (form.confirm && values.confirm !== "yes") errors.confirm = t("formConfirm");
  for (const field of form.fields) {
    const value = field.kind === "file" ? node.elements[field.name].files[0] : values[field.name]?.trim?.() ?? values[field.name];
    if (value === "" || value === undefined || value === null) {
      if (!field.optional) errors[field.name] = t("formRequired");
      continue;
    }
    if (field.kind === "count") {
      const min = field.min ?? 0;
      if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > field.max) {
        const shown = (limit) => (field.grouping === false ? `${limit}` : limit.toLocaleString(lang === "en" ? "en" : "zh-CN"));
        errors[field.name] = format("formRange", { min: shown(min), max: shown(field.max) });
      }
    } else if (field.kind === "month") {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) errors[field.name] = format("formPattern", { example: "2016-05" });
    } else if (field.kind === "lines") {
      const lines = linesOf(value);
      if (lines.length < 1 || lines.length > field.max || lines.some((line) => line.length > field.length)) {
        errors[field.name] = format("formLines", { max: field.max, length: field.length });
      }
    } else if (field.kind === "period") {
      const [pattern, example] = periodPatterns[values.cadence] ?? periodPatterns.weekly;
      if (!pattern.test(value)) errors[field.name] = format("formPattern", { example });
    } else if (field.pattern && !field.pattern.test(value)) {
      errors[field.name] = format("formPattern", { example: field.example });
    } else if (field.max && typeof value === "string" && value.length > field.max) {
      errors[field.name] = format("formTooLong", { max: field.max });
    }
  }
  return errors;
}

/** The request a form's values make: the path's fields in the URL, the others in the JSON body as the API types them. */
async function filingOf(form, values, context, node) {
  const url = form.path(context.unit.unitId, values);
  const title = `${t(`form-${form.key}`)} · ${context.unit.name}`;
  const key = `${form.method} ${url} ${form.id ? values[form.id] : newId("once")}`;
  const bodyField = form.fields.find((field) => field.body);
  if (bodyField) {
    const file = node.elements[bodyField.name].files[0];
    const dataUrl = await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
    return { key, title, method: form.method, url, body: dataUrl, contentType: file.type || "application/octet-stream" };
  }
  const body = {};
  if (form.id) body[form.id] = values[form.id];
  for (const field of form.fields) {
    const value = values[field.name]?.trim?.() ?? "";
    if (field.inPath || value === "") continue;
    body[field.name] = field.kind === "count" ? Number(value)
      : field.boolean ? value === "true"
      : field.kind === "list" ? value.split(/[\s,，、]+/).filter(Boolean)
      : field.kind === "lines" ? linesOf(value)
      : value;
  }
  return { key, title, method: form.method, url, body, personal: Boolean(form.personal) };
}

/** A printed card needs the token, so the page fetches it and opens it as a document of its own. */
function printButton(path) {
  const button = element("button", { type: "button", class: "link", "data-testid": "print-card" }, t("printCard"));
  button.addEventListener("click", async () => {
    const response = await fetch(path, { headers: { Authorization: `Bearer ${token()}` } });
    if (!response.ok) return;
    const page = URL.createObjectURL(new Blob([await response.text()], { type: "text/html" }));
    window.open(page, "_blank");
  });
  return button;
}
