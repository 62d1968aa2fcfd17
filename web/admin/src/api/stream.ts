// A small Server-Sent Events client over fetch: EventSource cannot send
// Authorization, and the stream's auth is the bearer key. It reads the
// answer's body as text, splits it into events (blank-line separated),
// and reconnects after a break with Last-Event-ID set to the last id it got,
// so the server resends what was recorded meanwhile, nothing twice.
import type { Api, Attempt } from "./client";

/** The filters of GET /integration-history/stream. */
export interface StreamQuery {
  order_id?: string;
  system?: string;
  status?: string;
}

/** One parsed event of a stream. */
interface SSEvent {
  id: string | null;
  event: string;
  data: string;
}

const retryMs = 2000;

/**
 * streamAttempts opens /integration-history/stream with query (through
 * api, so with its bearer key and its 401 hook) and calls onAttempt for
 * each attempt event, until signal aborts; a break or an answer other
 * than 400, 401 or 403 reconnects after a pause, with Last-Event-ID.
 * onOpen says when the stream is open, and when it broke.
 */
export async function streamAttempts(api: Api, query: StreamQuery, onAttempt: (a: Attempt) => void, onOpen: (open: boolean) => void, signal: AbortSignal): Promise<void> {
  let lastId: string | null = null;
  while (!signal.aborted) {
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    if (lastId !== null) headers["Last-Event-ID"] = lastId;
    try {
      const { response: res } = await api.GET("/integration-history/stream", {
        params: { query: query as never },
        headers,
        signal,
        cache: "no-store",
        parseAs: "stream",
      });
      if (res.status === 400 || res.status === 401 || res.status === 403) return; // the client's 401 hook ends the session
      if (res.ok && res.body !== null) {
        onOpen(true);
        await readEvents(res.body, signal, (ev) => {
          if (ev.id !== null) lastId = ev.id;
          if (ev.event === "attempt" && ev.data !== "") onAttempt(JSON.parse(ev.data) as Attempt);
        });
      } else {
        const retry = Number(res.headers.get("Retry-After"));
        if (retry > 0) await pause(retry * 1000, signal);
      }
    } catch (err) {
      if (signal.aborted) return;
      void err; // a network break: reconnect below
    }
    onOpen(false);
    await pause(retryMs, signal);
  }
}

/** readEvents reads body to its end, calling onEvent with each complete event. */
async function readEvents(body: ReadableStream<Uint8Array>, signal: AbortSignal, onEvent: (ev: SSEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  let ev: SSEvent = { id: null, event: "message", data: "" };
  let hasData = false;
  while (!signal.aborted) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buf.search(/\r\n|\r|\n/)) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + (buf.startsWith("\r\n", nl) ? 2 : 1));
      if (line === "") {
        if (hasData || ev.id !== null) onEvent(ev);
        ev = { id: null, event: "message", data: "" };
        hasData = false;
        continue;
      }
      if (line.startsWith(":")) continue; // a comment: keep-alive
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "id") ev.id = value;
      else if (field === "event") ev.event = value;
      else if (field === "data") {
        ev.data = hasData ? `${ev.data}\n${value}` : value;
        hasData = true;
      }
    }
  }
}

/** pause waits ms, or less when signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
