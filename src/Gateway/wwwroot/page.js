// What every page shares: building elements, the signed-in token and the programme's day.

/** An element with attributes ("on…" a listener, "dataset" data attributes) and children; null children are left out. */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

// A display link (…#token=…) signs a wall screen in without a form: the token moves to this tab's
// sessionStorage at once and leaves the address, so it travels only in the Authorization header.
if (location.hash.startsWith("#token=")) {
  sessionStorage.setItem("changdu.token", decodeURIComponent(location.hash.slice(7)));
  history.replaceState(null, "", location.pathname + location.search);
}

/** The token this tab signed in with, or the one remembered on this device. */
export const token = () => sessionStorage.getItem("changdu.token") ?? localStorage.getItem("changdu.token");

// The programme's day can differ from the browser's (the demo runs from the reference year; the
// offices keep China's calendar): read once from GET /api/today as a number of days ahead of the
// browser's, so a page left open over midnight still turns the day.
const dayMs = 86_400_000;
const browserDay = () => Date.parse(new Date().toLocaleDateString("en-CA"));
const daysAhead = await fetch("/api/today")
  .then((response) => (response.ok ? response.json() : null))
  .then((today) => (today ? Math.round((Date.parse(today.date) - browserDay()) / dayMs) : 0))
  .catch(() => 0);

/** The programme's date, yyyy-MM-dd. */
export const today = () => new Date(browserDay() + daysAhead * dayMs).toISOString().slice(0, 10);
