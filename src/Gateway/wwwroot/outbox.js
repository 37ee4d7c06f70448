// The forms' outbox: a filing the server has not answered yet waits in localStorage with its id, so
// it survives a reload and goes out when the connection is back. The id (the API's idempotency key)
// makes a resend safe: the server answers 200 for the same id and body and counts the filing once.
import { t, format, addTexts, number, dateTime } from "/i18n.js";
import { token } from "/page.js";

addTexts({
  zh: {
    outboxWaiting: "待发送 {count}", outboxRefused: "被退回", outboxDismiss: "放弃这一条", outboxSendNow: "立即发送",
    outboxSignInAgain: "登录已失效：请重新登录后发送。", outboxFull: "本机存储已满，无法保存待发送的表单：请联网后提交。",
    outboxNotKept: "未联网：此表单含个人信息，不在本机保存，请联网后再提交。",
  },
  en: {
    outboxWaiting: "Waiting to send: {count}", outboxRefused: "refused", outboxDismiss: "Discard this one", outboxSendNow: "Send now",
    outboxSignInAgain: "The sign-in has expired: sign in again to send.", outboxFull: "This browser's storage is full, so the form cannot wait here: send it when online.",
    outboxNotKept: "Offline: this form holds personal data, which is not kept in the browser; send it when online.",
  },
});

const storageKey = "changdu.outbox";
const listeners = new Set();
let flushing = null;
let retryDelay = 1000;
let retryTimer = null;


export function waiting() {
  try {
    return JSON.parse(localStorage.getItem(storageKey)) ?? [];
  } catch {
    return [];
  }
}

function save(filings) {
  localStorage.setItem(storageKey, JSON.stringify(filings));
  for (const listener of listeners) listener();
}

const update = (key, change) => save(waiting().map((filing) => filing.key === key ? { ...filing, ...change } : filing));
const remove = (key) => save(waiting().filter((filing) => filing.key !== key));

/** A fresh idempotency key, valid per the API's id rule (1–64 of letters, digits, - _ . :). */
export function newId(prefix) {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(6)), (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${prefix}-${Date.now().toString(36)}-${random}`;
}

/**
 * Sends one filing ({ key, title, method, url, body, contentType }). Answers { outcome: "accepted", answer },
 * { outcome: "refused", status, problem } (nothing stored: the form shows why) or { outcome: "queued" }
 * when the connection or the server failed: then it waits in the outbox. A filing with personal data
 * (`personal`: ID number, phone) never waits in the browser, where the next user of the phone would find it.
 */
export async function send(filing) {
  const result = navigator.onLine ? await attempt(filing) : { outcome: "retry" };
  if (result.outcome !== "retry") return result;
  return filing.personal ? notSent("outboxNotKept") : queue(filing, result.message);
}

const notSent = (reason) => ({ outcome: "refused", status: 0, problem: { detail: t(reason) } });

function queue(filing, message = "") {
  try {
    save([...waiting().filter((other) => other.key !== filing.key), { ...filing, state: "waiting", message, queuedAt: new Date().toISOString() }]);
  } catch {
    return notSent("outboxFull");
  }
  clearTimeout(retryTimer);
  retryTimer = setTimeout(flush, navigator.onLine ? retryDelay : 2000);
  return { outcome: "queued" };
}

async function attempt(filing) {
  const headers = { "Content-Type": filing.contentType ?? "application/json" };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  let response;
  try {
    response = await fetch(filing.url, { method: filing.method, headers, body: filing.contentType ? dataUrlBytes(filing.body) : JSON.stringify(filing.body) });
  } catch {
    return { outcome: "retry" };
  }
  if (response.ok) return { outcome: "accepted", answer: await response.json().catch(() => null) };
  // A lapsed sign-in, a rate limit or a server fault is not an answer about the filing: try again later.
  if (response.status === 401) return { outcome: "retry", message: t("outboxSignInAgain") };
  if (response.status === 408 || response.status === 429 || response.status >= 500) return { outcome: "retry" };
  return { outcome: "refused", status: response.status, problem: await response.json().catch(() => null) };
}

/** A photo travels as a data URL, so that it can wait in localStorage like any other filing. */
function dataUrlBytes(dataUrl) {
  const binary = atob(dataUrl.slice(dataUrl.indexOf(",") + 1));
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

/**
 * Sends what waits, oldest first; stops at the first connection failure (the rest would fail too)
 * and tries again later: every two seconds while the browser says it is offline (a look, no
 * request), otherwise waiting twice as long each time up to a minute. The `online` event alone is
 * not enough: it may come before the connection really is back, or never when only the server was away.
 */
export function flush() {
  clearTimeout(retryTimer);
  // Cleared once settled (a microtask later), so a flush with nothing to send does not leave it set.
  flushing ??= sendWaiting().finally(() => { flushing = null; });
  return flushing;
}

async function sendWaiting() {
  for (const filing of waiting().filter((entry) => entry.state === "waiting")) {
    if (!token()) return;
    if (!navigator.onLine) {
      retryTimer = setTimeout(flush, 2000);
      return;
    }
    const result = await attempt(filing);
    if (result.outcome === "retry") {
      if ((result.message ?? "") !== filing.message) update(filing.key, { message: result.message ?? "" });
      retryTimer = setTimeout(flush, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 60_000);
      return;
    }
    retryDelay = 1000;
    if (result.outcome === "accepted") remove(filing.key);
    else update(filing.key, { state: "refused", message: describe(result) });
  }
}

/** A refusal in the server's words: the problem's detail, then each field's message. */
export function describe(result) {
  const problem = result.problem;
  if (!problem) return `${result.status}`;
  const fields = Object.entries(problem.errors ?? {}).map(([field, messages]) => `${field}: ${[].concat(messages).join(" ")}`);
  return [problem.detail ?? problem.title, ...fields].filter(Boolean).join(" ");
}

/** The outbox as a list: the count waiting, each filing, and a refused one's message with a way to discard it. */
export function outboxView() {
  const view = document.createElement("section");
  view.className = "outbox";
  view.dataset.testid = "outbox";
  view.setAttribute("aria-live", "polite");
  const draw = () => {
    if (!view.isConnected && view.dataset.drawn) {
      listeners.delete(draw);
      return;
    }
    view.dataset.drawn = "yes";
    const filings = waiting();
    view.hidden = filings.length === 0;
    const heading = document.createElement("h3");
    heading.dataset.testid = "outbox-count";
    heading.textContent = format("outboxWaiting", { count: number(filings.filter((filing) => filing.state === "waiting").length) });
    const sendNow = document.createElement("button");
    sendNow.type = "button";
    sendNow.className = "link";
    sendNow.textContent = t("outboxSendNow");
    sendNow.addEventListener("click", flush);
    const list = document.createElement("ul");
    list.append(...filings.map((filing) => {
      const item = document.createElement("li");
      item.dataset.state = filing.state;
      item.dataset.testid = filing.state === "refused" ? "outbox-refused" : "outbox-waiting";
      item.append(`${filing.title} · ${dateTime(filing.queuedAt)}`);
      if (filing.state === "refused") item.append(` · ${t("outboxRefused")}`);
      if (filing.message) {
        const message = document.createElement("p");
        message.className = "problem";
        message.textContent = filing.message;
        item.append(message);
      }
      if (filing.state === "refused") {
        const dismiss = document.createElement("button");
        dismiss.type = "button";
        dismiss.className = "link";
        dismiss.textContent = t("outboxDismiss");
        dismiss.addEventListener("click", () => remove(filing.key));
        item.append(dismiss);
      }
      return item;
    }));
    view.replaceChildren(heading, list, sendNow);
  };
  listeners.add(draw);
  draw();
  return view;
}

window.addEventListener("online", flush);
// Another tab's outbox changes show here too.
window.addEventListener("storage", (event) => {
  if (event.key === storageKey) for (const listener of listeners) listener();
});
flush();
