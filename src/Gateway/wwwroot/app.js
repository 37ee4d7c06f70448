// The dashboard: drill-down from the city to a village team, live over the rollup stream.
// It uses only the public API; the token travels in the Authorization header, never in a URL.
import { followRollup } from "/rollup-stream.js";
import { t, format, lang, setLang, addTexts, number, percent, dateTime, date } from "/i18n.js";
import { exportButtons } from "/export.js";
import { drawForms } from "/forms.js";
import { element, token, today } from "/page.js";

addTexts({ zh: { wallLink: "大屏" }, en: { wallLink: "Wall screen" } });

const main = document.getElementById("main");
const connection = document.querySelector("[data-testid=connection]");
const figures = ["reports", "meetingsHeld", "problemsIdentified", "problemsResolved"];
const reference = "2015-12..2016-10";
const periods = [reference, "", "2016", "2015", "2016-H1", "2016-H2", "2016-Q1", "2016-Q2", "2016-Q3", "2016-Q4", "2015-12",
  "2016-01", "2016-02", "2016-03", "2016-04", "2016-05", "2016-06", "2016-07", "2016-08", "2016-09", "2016-10"];
let page = null; // what the current unit page shows, and the stream that keeps it live

// The token's unit and role, only to decide which forms to offer: the server judges every change anyway.
function signedIn() {
  try {
    const payload = token().split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (character) => character.charCodeAt(0))));
    return { unit: claims.unit, role: claims.role };
  } catch {
    return null;
  }
}

async function api(path, options = {}) {
  const headers = { ...(options.headers ?? {}) };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const response = await fetch(path, { ...options, headers });
  if (!response.ok) {
    const error = new Error(`${response.status}`);
    error.status = response.status;
    error.problem = await response.json().catch(() => null);
    throw error;
  }
  return response.json();
}

const tierName = (tier) => t(tier);

function applyChrome() {
  document.title = t("title");
  document.querySelector(".brand").textContent = t("title");
  document.getElementById("language").textContent = t("language");
  const signin = document.getElementById("signin-link");
  signin.textContent = token() ? t("signOut") : t("signIn");
  signin.onclick = token() ? (event) => { event.preventDefault(); sessionStorage.removeItem("changdu.token"); localStorage.removeItem("changdu.token"); navigate("/signin"); } : null;
  setConnection(connection.dataset.state);
}

function setConnection(state) {
  connection.dataset.state = state;
  connection.textContent = state === "idle" ? "" : t(state);
}

document.getElementById("language").addEventListener("click", () => {
  setLang(lang === "zh" ? "en" : "zh");
  route();
});

export function navigate(path) {
  history.pushState(null, "", path);
  route();
}

window.addEventListener("popstate", route);
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-route]");
  if (link && !event.ctrlKey && !event.metaKey) {
    event.preventDefault();
    navigate(link.getAttribute("href"));
  }
});

async function route() {
  page?.stop();
  page = null;
  setLang(lang);
  applyChrome();
  const params = new URLSearchParams(location.search);
  if (location.pathname === "/signin") return renderSignIn(params.get("next"));
  const match = location.pathname.match(/^\/units\/([0-9]{12})$/);
  if (match) return renderUnit(match[1], params.get("period") ?? reference);
  const historyOf = location.pathname.match(/^\/units\/([0-9]{12})\/history$/);
  if (historyOf) return renderHistory(historyOf[1]);
  try {
    const roots = await api("/api/units");
    history.replaceState(null, "", `/units/${roots[0].unitId}`);
    route();
  } catch {
    showError(t("unreachable"), route);
  }
}

function showError(message, retry) {
  main.replaceChildren(element("div", { class: "error", role: "alert", "data-testid": "error" }, message,
    retry ? element("div", {}, element("button", { type: "button", class: "link", onclick: retry }, t("retry"))) : null));
  if (retry) setTimeout(() => { if (main.querySelector("[data-testid=error]")) retry(); }, 3000);
}

function renderSignIn(next) {
  setConnection("idle");
  const message = element("p", { role: "alert", "data-testid": "signin-message" });
  const tokenInput = element("textarea", { id: "token", "aria-label": t("tokenLabel") });
  const unitInput = element("input", { id: "dev-unit", value: "540300000000", inputmode: "numeric", "aria-label": t("unitId") });
  const roleSelect = element("select", { id: "dev-role", "aria-label": t("role") },
    ...["office", "viewer", "team", "operator"].map((role) => element("option", { value: role }, role)));
  const done = (value) => {
    sessionStorage.setItem("changdu.token", value);
    navigate(next && next.startsWith("/units/") ? next : "/");
  };
  main.replaceChildren(element("section", { class: "signin" },
    element("h1", {}, t("signIn")),
    element("label", { for: "token" }, t("tokenLabel")), tokenInput,
    element("button", { type: "button", "data-testid": "signin-token", onclick: () => tokenInput.value.trim() && done(tokenInput.value.trim()) }, t("signInButton")),
    element("h2", {}, t("devSignIn")),
    element("label", { for: "dev-unit" }, t("unitId")), unitInput,
    element("label", { for: "dev-role" }, t("role")), roleSelect,
    element("button", {
      type: "button", "data-testid": "signin-dev", onclick: async () => {
        try {
          const minted = await api("/api/dev/token", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ unitId: unitInput.value.trim(), role: roleSelect.value }) });
          done(minted.token);
        } catch {
          message.textContent = t("devOff");
        }
      },
    }, t("devButton")),
    message));
}

async function renderUnit(unitId, period) {
  main.replaceChildren(element("div", { class: "loading", "data-testid": "loading" }, t("loading")));
  let unit, path, rollup;
  try {
    unit = await api(`/api/units/${unitId}`);
    path = [unit];
    while (path[0].parentId) path.unshift(await api(`/api/units/${path[0].parentId}`));
    rollup = await api(`/api/units/${unitId}/rollup${period ? `?period=${period}` : ""}`);
  } catch (error) {
    if (error.status === 401) return navigate(`/signin?next=${encodeURIComponent(location.pathname)}`);
    if (error.status === 404) return showError(t("notFound"));
    if (error.status === 403) return showError(t("forbidden"));
    return showError(t("unreachable"), () => renderUnit(unitId, period));
  }

  const periodSelect = element("select", { id: "period", "data-testid": "period", "aria-label": t("period") },
    ...[...new Set([...periods, period])].map((value) => element("option", { value, ...(value === period ? { selected: "" } : {}) }, value === "" ? t("allTime") : value === reference ? t("reference") : value)));
  periodSelect.addEventListener("change", () => navigate(`/units/${unitId}?period=${periodSelect.value}`));

  const tiles = element("section", { class: "tiles", "aria-label": t("reports") });
  const tableBody = element("tbody");
  const table = element("table", { "data-testid": "children" });
  const chart = element("div", { id: "chart", "data-testid": "chart", role: "img", "aria-label": t("chart") });
  const asOf = element("small", { "data-testid": "as-of" });
  const practices = element("section", { class: "panel practices", "data-testid": "practices", hidden: "" });
  const people = element("section", { class: "panel people", "data-testid": "people" });
  const query = period ? `?period=${period}` : "";
  const forms = element("section", { class: "panel forms", "data-testid": "forms", hidden: "" });
  const childrenPanel = element("section", { class: "panel" }, element("h2", {}, t("children")), exportButtons(`/api/units/${unitId}/rollup${query}`, token, "rollup"), table);
  const map = element("section", { class: "panel map", "data-testid": "map", "aria-labelledby": "map-title" });
  childrenPanel.hidden = !unit.children.length;
  map.hidden = true;
  main.replaceChildren(...[
    element("nav", { class: "crumbs", "aria-label": "breadcrumbs", "data-testid": "breadcrumbs" }, element("ol", {},
      ...path.map((step, index) => element("li", {}, index === path.length - 1
        ? element("span", { "aria-current": "page" }, step.name)
        : element("a", { href: `/units/${step.unitId}${location.search}`, "data-route": "" }, step.name))))),
    element("h1", { "data-testid": "unit-name" }, unit.name, element("small", {}, tierName(unit.tier)), asOf),
    forms,
    element("div", { class: "controls" }, element("label", { for: "period" }, t("period")), periodSelect,
      element("a", { href: `/wall/${unitId}${location.search}`, "data-testid": "wall-link" }, t("wallLink")),
      period ? element("span", {}, t("reportList"), " ", exportButtons(`/api/units/${unitId}/reports${query}`, token, "reports")) : null),
    tiles,
    childrenPanel,
    map,
    element("section", { class: "panel" }, element("h2", {}, t("chart")), chart),
    practices,
    people,
  ].filter(Boolean));

  page = { unitId, period, unit, path, rollup, sort: { key: "reports", descending: true }, tiles, table, tableBody, childrenPanel, map, chart, asOf, controller: new AbortController(), chartInstance: null };
  page.stop = () => { page.controller.abort(); page.chartInstance?.dispose(); };
  drawFigures(null);
  drawChart();
  drawMap(page);
  drawPractices(practices, unit, period);
  drawPeople(people, unit, path, period);
  drawForms(forms, { unit, path, caller: signedIn(), isCurrent: () => page?.unitId === unitId });
  follow(page);
}

// The units below with their state and history; for an office whose subtree holds this unit, forms
// to add, rename, move, close (or merge) and reopen them. The offices' rights are those of
// src/Gateway/Security/Caller.cs: Access.Extend here, Access.Reshape below, a move's or merge's far
// end in the office's subtree too.
async function drawMap(current) {
  const { unit, path, map } = current;
  const caller = signedIn();
  const office = caller?.role === "office";
  const mayChange = office && path.some((step) => step.unitId === caller.unit);
  const parent = path.length > 1 ? path[path.length - 2] : null;
  // Moves offered: under this unit's siblings, when the office also holds them (it sits above this unit).
  const newParents = office && parent && path.slice(0, -1).some((step) => step.unitId === caller.unit)
    ? parent.children.filter((sibling) => sibling.unitId !== unit.unitId && !sibling.closedOn)
    : [];
  const childTier = mayChange ? await childTierOf(unit) : null;
  if (page !== current) return;
  const status = element("p", { class: "map-status", role: "status", "data-testid": "map-status" }, current.mapStatus ?? "");
  const items = unit.children.map((child) => {
    const closed = Boolean(child.closedOn);
    const item = element("li", { class: closed ? "closed" : "open", "data-child": child.unitId, ...(closed ? { "data-closed-on": child.closedOn } : {}) },
      element("span", { class: "child-name" }, element("a", { href: `/units/${child.unitId}${location.search}`, "data-route": "" }, child.name)),
      element("span", { class: "child-tier" }, tierName(child.tier)),
      element("span", { class: "child-state", "data-testid": "child-state" }, closed ? format("unitClosedOn", { date: date(child.closedOn) }) : t("unitOpen")),
      element("a", { href: `/units/${child.unitId}/history`, "data-route": "", "data-testid": "child-history" }, t("history")));
    if (mayChange) {
      const details = element("details", {}, element("summary", {}, t("change")));
      details.addEventListener("toggle", () => {
        if (details.open && details.childElementCount === 1) details.append(...childForms(current, child, newParents));
      });
      item.append(details);
    }
    return item;
  });
  // replaceChildren, unlike element(), would print a null as the text "null".
  map.replaceChildren(
    element("h2", { id: "map-title" }, t("unitsBelow"), " ", element("a", { href: `/units/${unit.unitId}/history`, "data-route": "", "data-testid": "unit-history" }, t("history"))),
    status,
    element("ul", { class: "map-children", "data-testid": "map-children" }, ...items),
    ...(childTier ? [addForm(current, childTier)] : []));
  map.hidden = !items.length && !childTier;
}

// The tier of the units below: the one after the unit's in the hierarchy file; none under the last tier.
let tiers = null;
async function childTierOf(unit) {
  tiers ??= await api("/api/tiers").catch(() => null);
  const index = tiers?.findIndex((tier) => tier.name === unit.tier) ?? -1;
  return index >= 0 && index + 1 < tiers.length ? tiers[index + 1].name : null;
}


function addForm(current, tier) {
  return changeForm("add", current.unitId, t("addUnit"), [
    { name: "unitId", label: t("unitId"), attributes: { required: "", inputmode: "numeric", pattern: "[0-9]{12}", maxlength: "12", autocomplete: "off" } },
    { name: "name", label: t("name"), attributes: { required: "", maxlength: "100" } },
    { name: "tier", label: t("tier"), options: [{ value: tier, label: tierName(tier) }] },
    { name: "openedOn", label: t("openedOn"), attributes: { required: "", type: "date", value: today() } },
  ], t("add"), async (values) => {
    const added = await api(`/api/units/${current.unitId}/children`, json("POST", values));
    return added.name;
  }, current);
}

function childForms(current, child, newParents) {
  const path = `/api/units/${child.unitId}`;
  const done = (changed) => changed.name;
  const forms = [changeForm("rename", child.unitId, t("rename"), [
    { name: "name", label: t("newName"), attributes: { required: "", maxlength: "100", value: child.name } },
  ], t("rename"), async (values) => done(await api(path, json("PATCH", values))), current)];
  if (child.closedOn) {
    forms.push(changeForm("reopen", child.unitId, t("reopen"), [
      { name: "reopenedOn", label: t("reopenedOn"), attributes: { required: "", type: "date", value: today() } },
    ], t("reopen"), async (values) => done(await api(`${path}/reopen`, json("POST", values))), current));
    return forms;
  }
  const mergeTargets = current.unit.children.filter((other) => other.unitId !== child.unitId && other.tier === child.tier && !other.closedOn);
  forms.push(
    changeForm("move", child.unitId, t("move"), [
      { name: "parentId", label: t("newParent"), attributes: { required: "", inputmode: "numeric", pattern: "[0-9]{12}", maxlength: "12", autocomplete: "off" },
        suggestions: newParents },
      { name: "effectiveOn", label: t("moveOn"), attributes: { required: "", type: "date", value: today() } },
    ], t("move"), async (values) => done(await api(`${path}/move`, json("POST", values))), current),
    changeForm("close", child.unitId, t("close"), [
      { name: "closedOn", label: t("closedOn"), attributes: { required: "", type: "date", value: today() } },
      { name: "mergedInto", label: t("mergeInto"), options: [{ value: "", label: t("noMerge") }, ...mergeTargets.map((target) => ({ value: target.unitId, label: `${target.name} (${target.unitId})` }))] },
    ], t("close"), async (values) => done(await api(`${path}/close`, json("POST", { closedOn: values.closedOn, mergedInto: values.mergedInto || undefined }))), current));
  return forms;
}

const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

// One change's form: labelled fields, sent once (the button waits for the answer), the server's
// refusal shown in the form, and on success the panel and the rollup read again.
function changeForm(kind, unitId, title, fields, submitLabel, send, current) {
  const prefix = `${kind}-${unitId}`;
  const problem = element("p", { class: "problem", role: "alert", "data-testid": "form-problem" });
  const button = element("button", { type: "submit" }, submitLabel);
  const inputs = fields.map((field) => {
    const id = `${prefix}-${field.name}`;
    const input = field.options
      ? element("select", { id, name: field.name }, ...field.options.map((option) => element("option", { value: option.value }, option.label)))
      : element("input", { id, name: field.name, ...(field.suggestions?.length ? { list: `${id}-choices` } : {}), ...field.attributes });
    const choices = field.suggestions?.length
      ? element("datalist", { id: `${id}-choices` }, ...field.suggestions.map((choice) => element("option", { value: choice.unitId }, choice.name)))
      : null;
    return [element("label", { for: id }, field.label), input, choices];
  });
  const form = element("form", { class: "change", "data-form": kind, "aria-label": title }, element("h3", {}, title), ...inputs.flat(), button, problem);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    button.textContent = t("saving");
    problem.textContent = "";
    try {
      const name = await send(Object.fromEntries(new FormData(form)));
      current.mapStatus = format("saved", { name });
      await refreshUnit(current);
    } catch (error) {
      problem.textContent = describeRefusal(error);
      button.disabled = false;
      button.textContent = submitLabel;
    }
  });
  return form;
}

// A refusal in the server's words (RFC 9457 detail, and each field's error for a 400).
function describeRefusal(error) {
  const problem = error.problem;
  if (!problem) return error.status ? t("changeFailed") : t("unreachable");
  const fields = Object.entries(problem.errors ?? {}).map(([field, messages]) => `${field}: ${[].concat(messages).join(" ")}`);
  return [problem.detail ?? problem.title, ...fields].filter(Boolean).join(" ");
}

// After a change: the unit's children and the rollup as they now stand.
async function refreshUnit(current) {
  const [unit, rollup] = await Promise.all([
    api(`/api/units/${current.unitId}`),
    api(`/api/units/${current.unitId}/rollup${current.period ? `?period=${current.period}` : ""}`),
  ]);
  if (page !== current) return;
  const previous = current.rollup;
  current.unit = unit;
  current.path = [...current.path.slice(0, -1), unit];
  current.rollup = rollup;
  current.childrenPanel.hidden = !unit.children.length;
  drawFigures(previous);
  await drawMap(current);
}

// A unit's history of map changes, oldest first: when recorded, from which day, who, and what in words.
async function renderHistory(unitId) {
  setConnection("idle");
  main.replaceChildren(element("div", { class: "loading", "data-testid": "loading" }, t("loading")));
  let unit, history;
  try {
    [unit, history] = await Promise.all([api(`/api/units/${unitId}`), api(`/api/units/${unitId}/history`)]);
  } catch (error) {
    if (error.status === 401) return navigate(`/signin?next=${encodeURIComponent(location.pathname)}`);
    if (error.status === 404) return showError(t("notFound"));
    if (error.status === 403) return showError(t("forbidden"));
    return showError(t("unreachable"), () => renderHistory(unitId));
  }
  // Names for the units an entry points to; a merged unit's children are counted, not named (a township may take dozens along).
  const names = new Map([[unit.unitId, unit.name], ...unit.children.map((child) => [child.unitId, child.name])]);
  const referenced = new Set(history.flatMap((entry) => [entry.parentId, entry.formerParentId, entry.mergedInto, entry.byUnit, ...(entry.kind === "closed" ? [] : entry.children)])
    .filter((id) => id && !names.has(id)));
  await Promise.all([...referenced].map(async (id) => {
    const other = await api(`/api/units/${id}`).catch(() => null);
    if (other) names.set(id, other.name);
  }));
  const nameOf = (id) => id ? `${names.get(id) ?? id}` : "–";
  const merged = (entry) => !entry.mergedInto || !["closed", "child-closed"].includes(entry.kind) ? "" : entry.kind === "closed" && entry.children.length ? "-merged-children" : "-merged";
  const describe = (entry) => format(`change-${entry.kind}${merged(entry)}`, {
    name: entry.name, formerName: entry.formerName, parent: nameOf(entry.parentId), formerParent: nameOf(entry.formerParentId),
    mergedInto: nameOf(entry.mergedInto), children: entry.children.map(nameOf).join("、"), count: number(entry.children.length),
  });
  main.replaceChildren(
    element("p", {}, element("a", { href: `/units/${unitId}`, "data-route": "", "data-testid": "back-to-unit" }, format("backToUnit", { name: unit.name }))),
    element("h1", { "data-testid": "unit-name" }, format("historyOf", { name: unit.name }), element("small", {}, tierName(unit.tier))),
    element("section", { class: "panel history" }, history.length ? exportButtons(`/api/units/${unitId}/history`, token, "history") : null, history.length
      ? element("table", { "data-testid": "history" },
        element("thead", {}, element("tr", {}, ...["recordedAt", "effectiveOn", "by", "what"].map((key) => element("th", { scope: "col" }, t(key))))),
        element("tbody", {}, ...history.map((entry) => element("tr", { "data-kind": entry.kind },
          element("td", {}, dateTime(entry.recordedAt)),
          element("td", {}, entry.effectiveOn ? date(entry.effectiveOn) : "–"),
          element("td", {}, entry.byUnit ? `${entry.by} · ${nameOf(entry.byUnit)}` : entry.by),
          element("td", {}, describe(entry))))))
      : element("p", { class: "empty" }, t("noHistory"))));
}

// Units owing reports the page asks for: it shows the first 20 and the count, "100+" past that, so
// the walk below a province or the country stops early.
const missingListed = 100;

// The practices' lists for the period: the month's assessment (a month chosen), reports missing,
// inspection coverage of the period's year, and the unit's red flags. Read once per page.
async function drawPractices(panel, unit, period) {
  const month = /^\d{4}-\d{2}$/.test(period) ? period : null;
  const last = period.split("..").pop();
  const year = /^\d{4}/.test(last) ? last.slice(0, 4) : null;
  const optional = (path) => api(path).catch(() => null);
  const [assessment, yearEnd, missing, coverage, flags] = await Promise.all([
    month && unit.children.length ? optional(`/api/units/${unit.unitId}/assessments/${month}`) : null,
    /^\d{4}$/.test(period) && unit.children.length ? optional(`/api/units/${unit.unitId}/year-end/${period}`) : null,
    period ? optional(`/api/units/${unit.unitId}/missing?period=${period}&limit=${missingListed}`) : null,
    year && unit.children.length ? optional(`/api/units/${unit.unitId}/inspections/coverage?year=${year}&limit=0`) : null,
    optional(`/api/units/${unit.unitId}/flags`),
  ]);
  const sections = [];
  if (assessment) {
    sections.push(element("h2", {}, `${t("assessment")} ${assessment.month} · ${t(assessment.status)}`),
      exportButtons(`/api/units/${unit.unitId}/assessments/${month}`, token, "assessment"),
      element("table", { "data-testid": "assessment" },
        element("thead", {}, element("tr", {}, ...["rank", "unit", "score", "flags"].map((key) => element("th", { scope: "col" }, t(key))))),
        element("tbody", {}, ...assessment.ranking.map((entry) => element("tr", {},
          element("td", {}, number(entry.rank)),
          element("td", {}, element("a", { href: `/units/${entry.unitId}${location.search}`, "data-route": "" }, entry.name)),
          element("td", {}, entry.score.toLocaleString(lang === "en" ? "en" : "zh-CN", { minimumFractionDigits: 1 })),
          element("td", { class: "flag" }, entry.flag ? "★" : ""))))));
  }
  if (yearEnd) {
    sections.push(element("h2", {}, `${t("yearEnd")} ${yearEnd.year} · ${t(yearEnd.status)}`),
      exportButtons(`/api/units/${unit.unitId}/year-end/${period}`, token, "year-end"),
      element("table", { "data-testid": "year-end" },
        element("thead", {}, element("tr", {}, ...["rank", "unit", "points", "prize"].map((key) => element("th", { scope: "col" }, t(key))))),
        element("tbody", {}, ...yearEnd.ranking.map((entry) => element("tr", {},
          element("td", {}, number(entry.rank)),
          element("td", {}, element("a", { href: `/units/${entry.unitId}${location.search}`, "data-route": "" }, entry.name)),
          element("td", {}, number(entry.points)),
          element("td", {}, entry.prize ? t(`prize${entry.prize}`) : ""))))));
  }
  if (coverage) {
    sections.push(element("h2", {}, `${t("coverage")} ${coverage.year}`),
      exportButtons(`/api/units/${unit.unitId}/inspections/coverage?year=${year}`, token, "coverage"),
      element("ul", { "data-testid": "coverage" }, ...coverage.tiers.map((tier) =>
        element("li", {}, `${tierName(tier.tier)}: ${number(tier.inspected)} / ${number(tier.units)} (${percent(tier.coverage)})${tier.full ? " ✓" : ""}`))));
  }
  if (missing) {
    sections.push(element("h2", {}, `${t("missing")}: ${number(missing.units.length)}${missing.truncated ? "+" : ""}`),
      exportButtons(`/api/units/${unit.unitId}/missing?period=${period}`, token, "missing"),
      element("ul", { "data-testid": "missing" }, ...missing.units.slice(0, 20).map((entry) =>
        element("li", {}, element("a", { href: `/units/${entry.unitId}${location.search}`, "data-route": "" }, entry.name), ` ${entry.periods.join(", ")}`))));
  }
  if (flags?.length) {
    sections.push(element("h2", {}, `${t("flagHistory")}: ${number(flags.length)}`),
      exportButtons(`/api/units/${unit.unitId}/flags`, token, "flags"),
      element("p", { "data-testid": "flag-history" }, flags.map((flag) => flag.month).join(", ")));
  }
  if (page?.unitId === unit.unitId) panel.replaceChildren(...sections);
  panel.hidden = sections.length === 0;
}

// Daily duty for the month (the period's month, or this month): planned, checked in, on leave,
// absent and the on-duty rate, each day as a bar; the public leave roster and absence bulletin to
// print; at the city, the dispatching units that are summons candidates. Read once per page.
// "This month" is the programme's (page.js), which the demo runs from the reference year.
async function drawPeople(panel, unit, path, period) {
  const month = /^\d{4}-\d{2}$/.test(period) ? period : today().slice(0, 7);
  const optional = (path) => api(path).catch(() => null);
  const isCity = path.length === 1;
  const [duty, candidates] = await Promise.all([
    optional(`/api/units/${unit.unitId}/duty?month=${month}`),
    isCity ? optional(`/api/dispatching-units/summons-candidates?month=${month}`) : null,
  ]);
  const sections = [];
  if (duty) {
    const rate = duty.onDutyRate == null ? "–" : percent(duty.onDutyRate);
    sections.push(element("h2", {}, `${t("duty")} ${month}`),
      exportButtons(`/api/units/${unit.unitId}/duty?month=${month}`, token, "duty"),
      element("p", { "data-testid": "duty" },
        ...["planned", "checkedIn", "onLeave", "absent"].map((key) => element("span", { class: "duty-figure", "data-testid": `duty-${key}` }, `${t(key)} ${number(duty[key])}`)),
        element("span", { class: "duty-figure", "data-testid": "duty-rate" }, `${t("onDutyRate")} ${rate}`)),
      element("div", { class: "duty-days", role: "img", "aria-label": t("onDutyRate") }, ...duty.days.map((day) =>
        element("span", { class: "duty-day", title: `${day.date}: ${day.onDutyRate == null ? "–" : percent(day.onDutyRate)}`, style: `--rate: ${day.onDutyRate ?? 0}` }))));
  }
  const roster = `/api/units/${unit.unitId}/leave-roster/${month}/print`;
  const links = [element("a", { href: roster, target: "_blank", "data-testid": "leave-roster" }, `${t("leaveRoster")} ${month}`),
    exportButtons(`/api/units/${unit.unitId}/leave-roster/${month}`, token, "leave-roster")];
  if (isCity) {
    links.push(element("a", { href: `/api/bulletins/absences/${month}/print`, target: "_blank", "data-testid": "absence-bulletin" }, `${t("absenceBulletin")} ${month}`),
      exportButtons(`/api/bulletins/absences/${month}`, token, "absence-bulletin"));
  }
  sections.push(element("p", { class: "links" }, ...links));
  if (candidates?.length) {
    sections.push(element("h2", {}, `${t("summonsCandidates")}: ${number(candidates.length)}`),
      exportButtons(`/api/dispatching-units/summons-candidates?month=${month}`, token, "summons-candidates"),
      element("table", { "data-testid": "summons-candidates" },
        element("thead", {}, element("tr", {}, ...["dispatchingUnit", "absences", "open", "reportingRate", "reasons"].map((key) => element("th", { scope: "col" }, t(key))))),
        element("tbody", {}, ...candidates.map((entry) => element("tr", {},
          element("td", {}, entry.name),
          element("td", {}, number(entry.absences)),
          element("td", {}, number(entry.openProblems)),
          element("td", {}, entry.reportingRate == null ? "–" : percent(entry.reportingRate)),
          element("td", {}, entry.reasons.map(t).join(", ")))))));
  }
  if (page?.unitId === unit.unitId) panel.replaceChildren(...sections);
}

function openOf(totals) { return Math.max(0, totals.problemsIdentified - totals.problemsResolved); }

// The practices' figures beside the reports': on-time reporting, problem age, training, inspections and red flags.
const practiceTiles = ["onTimeRate", "oldestOpenDays", "peopleTrained", "inspections", "flags", "cardsIssued", "leaveRecords", "absences"];
const rates = new Set(["resolutionRate", "onTimeRate"]);

function valuesOf(rollup) {
  const totals = rollup.totals;
  // Rates as the API computes them (Changdu.Rate.Of): null when nothing was due, shown "–".
  return { ...totals, open: openOf(totals), onTimeRate: rollup.onTimeRate, oldestOpenDays: rollup.openProblems.oldestDays };
}

function drawFigures(previous) {
  const { rollup, tiles } = page;
  const totals = rollup.totals;
  const values = valuesOf(rollup);
  const before = previous ? valuesOf(previous) : null;
  const shown = (key) => values[key] == null ? "–" : rates.has(key) ? percent(values[key]) : number(values[key]);
  tiles.replaceChildren(...[...figures, "open", "resolutionRate", ...practiceTiles].map((key) => {
    const tile = element("div", { class: "tile", "data-testid": `tile-${key}` },
      element("div", { class: "label" }, t(key)),
      element("div", { class: "value" }, shown(key)),
      key === "reports" && rollup.expectedReports != null
        ? element("div", { class: "expected", "data-testid": "expected-reports" }, `${t("expected")} ${number(rollup.expectedReports)}`)
        : null);
    if (before && before[key] !== values[key]) cue(tile);
    return tile;
  }));
  page.asOf.textContent = ` ${t("asOf")} ${dateTime(rollup.asOf)}`;
  drawTable(previous);
  if (!totals.reports && !rollup.children.some((child) => child.totals.reports)) {
    tiles.append(element("p", { class: "empty", "data-testid": "empty" }, t("empty")));
  }
}

function cue(node) {
  node.classList.add("changed");
  setTimeout(() => node.classList.remove("changed"), 1500);
}

function drawTable(previous) {
  const { rollup, table, tableBody, sort } = page;
  if (!rollup.children.length) return;
  const columns = ["name", "reports", "expected", ...figures.slice(1), "open"];
  const header = element("tr", {}, ...columns.map((key) => {
    const active = sort.key === key;
    return element("th", { scope: "col", "aria-sort": active ? (sort.descending ? "descending" : "ascending") : "none" },
      element("button", { type: "button", "data-testid": `sort-${key}`, onclick: () => { page.sort = { key, descending: active ? !sort.descending : key !== "name" }; drawTable(null); } },
        key === "name" ? t("unit") : t(key), active ? (sort.descending ? " ▼" : " ▲") : ""));
  }));
  const valueOf = (child, key) => key === "name" ? child.name : key === "open" ? openOf(child.totals) : key === "expected" ? child.expectedReports ?? 0 : child.totals[key];
  const rows = [...rollup.children].sort((a, b) => {
    const order = typeof valueOf(a, sort.key) === "string" ? valueOf(a, sort.key).localeCompare(valueOf(b, sort.key), lang) : valueOf(a, sort.key) - valueOf(b, sort.key);
    return sort.descending ? -order : order;
  });
  const before = new Map((previous?.children ?? []).map((child) => [child.unitId, JSON.stringify(child.totals)]));
  tableBody.replaceChildren(...rows.map((child) => {
    const row = element("tr", { "data-unit": child.unitId },
      element("td", {}, element("a", { href: `/units/${child.unitId}${location.search}`, "data-route": "" }, child.name)),
      ...columns.slice(1).map((key) => element("td", {}, key === "expected" && child.expectedReports == null ? "–" : number(valueOf(child, key)))));
    if (previous && before.get(child.unitId) !== JSON.stringify(child.totals)) cue(row);
    return row;
  }));
  table.replaceChildren(element("thead", {}, header), tableBody);
}

async function drawChart() {
  const current = page;
  const range = current.period === "" ? reference : /W/.test(current.period) ? current.period.slice(0, 4) : current.period;
  const by = /^\d{4}-\d{2}$/.test(range) ? "week" : "month";
  let series;
  try {
    series = await api(`/api/units/${current.unitId}/rollup/series?period=${range}&by=${by}`);
  } catch {
    return;
  }
  if (page !== current || !window.echarts) return;
  current.chartInstance ??= window.echarts.init(current.chart);
  current.chartInstance.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0, data: figures.slice(1).map(t) },
    grid: { left: 40, right: 16, top: 40, bottom: 30 },
    xAxis: { type: "category", data: series.map((point) => point.period) },
    yAxis: { type: "value", minInterval: 1 },
    series: figures.slice(1).map((key) => ({ name: t(key), type: key === "meetingsHeld" ? "bar" : "line", data: series.map((point) => point.totals[key]) })),
  });
}

let chartRefresh = null;

// Keeps the page live; the stream ends when the page's controller aborts it (another unit or period shown).
function follow(current) {
  return followRollup({
    unitId: current.unitId,
    period: current.period,
    token,
    signal: current.controller.signal,
    onState: setConnection,
    onRollup: (rollup) => {
      const previous = current.rollup;
      current.rollup = rollup;
      if (page === current) {
        drawFigures(previous);
        clearTimeout(chartRefresh);
        chartRefresh = setTimeout(drawChart, 1000);
      }
    },
  });
}

route();
