// Follows a unit's rollup stream (server-sent events), read with fetch so the token stays in a header;
// reconnects by itself and resumes from the last version seen (the event id). Shared by the dashboard and the wall.

/**
 * onState("connecting" | "live" | "offline"); onRollup(rollup) on every event; onRefused(status), when given,
 * ends the loop on an answer retrying cannot change (400, 401, 403, 404); otherwise every failure is retried.
 */
export async function followRollup({ unitId, period, token, signal, onState, onRollup, onRefused }) {
  let lastEventId = null;
  let delay = 500;
  while (!signal?.aborted) {
    try {
      onState("connecting");
      const headers = { Authorization: `Bearer ${token()}` };
      if (lastEventId) headers["Last-Event-ID"] = lastEventId;
      const response = await fetch(`/api/units/${unitId}/rollup/stream${period ? `?period=${encodeURIComponent(period)}` : ""}`, { headers, signal });
      if (onRefused && [400, 401, 403, 404].includes(response.status)) {
        onState("offline");
        onRefused(response.status);
        return;
      }
      if (!response.ok) throw new Error(`${response.status}`);
      onState("live");
      delay = 500;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(block.split("\n").filter((line) => !line.startsWith(":")).map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]));
          if (fields.event === "rollup" && fields.data) {
            lastEventId = fields.id ?? lastEventId;
            onRollup(JSON.parse(fields.data));
          }
        }
      }
    } catch {
      if (signal?.aborted) return;
    }
    onState("offline");
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 10000);
  }
}
