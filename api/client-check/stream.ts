// The history screen's live stream (GET /integration-history/stream,
// Server-Sent Events), read with fetch: the browser's EventSource can't send
// Authorization. It reconnects after a dropped connection, a server that
// shut down or a stream that fell behind, with Last-Event-ID set to the last
// event received, so the screen misses and repeats nothing. Typed by the
// contract: the filters are the route's query parameters, each event's data
// an Attempt. docs/FRONTEND.md shows the same with @microsoft/fetch-event-source.
import type { components, paths } from "./schema";

export type Attempt = components["schemas"]["Attempt"];
export type StreamFilters = NonNullable<paths["/integration-history/stream"]["get"]["parameters"]["query"]>;

/** Follows the stream until signal aborts, calling onAttempt for each new attempt. */
export async function followHistory(
  baseUrl: string,
  token: string,
  filters: Omit<StreamFilters, "last_event_id">,
  onAttempt: (a: Attempt) => void,
  signal: AbortSignal,
): Promise<void> {
  let lastEventId: string | undefined;
  let retryMs = 1000;
  while (!signal.aborted) {
    try {
      const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined) as [string, string][]);
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: "text/event-stream" };
      if (lastEventId !== undefined) headers["Last-Event-ID"] = lastEventId;
      const response = await fetch(`${baseUrl}/integration-history/stream?${query}`, { headers, signal });
      if (response.status === 429 || response.status === 503) {
        retryMs = 1000 * Number(response.headers.get("Retry-After") ?? "1");
      } else if (!response.ok || response.body === null) {
        throw new Error(`stream: ${response.status}`); // 400, 401, 403: retrying won't help
      } else {
        for await (const event of sseEvents(response.body)) {
          if (event.retry !== undefined) retryMs = event.retry;
          if (event.event === "attempt" && event.data !== undefined) {
            onAttempt(JSON.parse(event.data) as Attempt);
            lastEventId = event.id; // only once handled: a resume starts after it
          }
        }
      }
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof Error && e.message.startsWith("stream: ")) throw e;
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}

/** One Server-Sent Event (comments such as ": keep-alive" are skipped). */
interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  retry?: number;
}

/** Parses a text/event-stream body into events. */
async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let event: SseEvent = {};
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, "");
      buffer = buffer.slice(nl + 1);
      if (line === "") {
        if (event.data !== undefined || event.retry !== undefined) yield event;
        event = {};
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "id") event.id = text;
      else if (field === "event") event.event = text;
      else if (field === "data") event.data = event.data === undefined ? text : `${event.data}\n${text}`;
      else if (field === "retry" && /^\d+$/.test(text)) event.retry = Number(text);
    }
  }
}

/** The "Falhas" screen's export button: the filtered failures as a CSV download. */
export async function exportFailures(baseUrl: string, token: string, system: string): Promise<Blob> {
  const response = await fetch(`${baseUrl}/integration-history/export?status=error&system=${encodeURIComponent(system)}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`export: ${response.status}`);
  return response.blob(); // text/csv; charset=utf-8
}
