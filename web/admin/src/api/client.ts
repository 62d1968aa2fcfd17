// The screen's only way to the API: an openapi-fetch client typed by
// ./schema.d.ts, which openapi-typescript generates from api/openapi.yaml
// (`make ui`). Every call sends the key typed at sign-in as a bearer token,
// and a 401 from any call ends the session.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

/** An order as GET /orders and GET /orders/{id} return it. */
export type Order = components["schemas"]["Order"];
/** One integration attempt: a record of the history. */
export type Attempt = components["schemas"]["Attempt"];
/** An RFC 9457 problem, the body of every error. */
export type Problem = components["schemas"]["Problem"];
/** An attempt's status: pending, success or error. */
export type AttemptStatus = Attempt["status"];
/** An order's integration state: none, pending, success or error. */
export type IntegrationStatus = Order["integration"]["status"];
/** An order's own status (pending, paid, ...). */
export type OrderStatus = Order["status"];
/** The filters of GET /orders. */
export type OrderQuery = NonNullable<paths["/orders"]["get"]["parameters"]["query"]>;
/** The filters of GET /integration-history and GET /orders/{id}/integration-history. */
export type HistoryQuery = NonNullable<paths["/integration-history"]["get"]["parameters"]["query"]>;

/** A client of the API for one key. */
export type Api = ReturnType<typeof createClient<paths>>;

/**
 * ApiError is a failed call: the problem the API answered (or one made up
 * for a network failure, status 0), with the Retry-After and X-Request-ID
 * headers when they came.
 */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    readonly retryAfterSeconds?: number,
    readonly requestId?: string,
  ) {
    super(`${problem.status} ${problem.title}`);
  }
}

/**
 * newApi returns a client that sends token as `Authorization: Bearer` to
 * this page's origin, and calls onUnauthorized when any answer is 401.
 */
export function newApi(token: string, onUnauthorized: () => void): Api {
  const client = createClient<paths>({ baseUrl: window.location.origin, headers: { Authorization: `Bearer ${token}` } });
  client.use({
    onResponse({ response }) {
      if (response.status === 401) onUnauthorized();
      return undefined;
    },
  });
  return client;
}

/** The result of an openapi-fetch call. */
type Result<T> = { data?: T; error?: unknown; response: Response };

/** unwrap returns a call's data, or throws ApiError with its problem. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError({ type: "about:blank", title: "network", status: 0, detail: String(err) });
  }
  const { response } = result;
  if (result.error === undefined && result.data !== undefined) return result.data;
  const retry = response.headers.get("Retry-After");
  throw new ApiError(
    asProblem(result.error, response),
    retry === null || Number.isNaN(Number(retry)) ? undefined : Number(retry),
    response.headers.get("X-Request-ID") ?? undefined,
  );
}

/** asProblem is body when it is a problem; otherwise (a proxy's page) one made from the status. */
function asProblem(body: unknown, response: Response): Problem {
  if (typeof body === "object" && body !== null && "status" in body && "title" in body) return body as Problem;
  return { type: "about:blank", title: response.statusText, status: response.status, detail: "" };
}

/** A page of a list: its rows and the cursor of the next page, or null on the last. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** listOrders is one page of GET /orders. */
export function listOrders(api: Api, query: OrderQuery, signal?: AbortSignal): Promise<Page<Order>> {
  return unwrap(api.GET("/orders", { params: { query }, signal }));
}

/**
 * listFields are the sparse fields (fields=) of the Pedidos list: what its
 * rows show, without the items. currency is there for the totals: money
 * is formatted in the order's own currency.
 */
export const listFields = ["number", "status", "customer", "currency", "total_cents", "placed_at", "integration"] as const;

/** A row of the Pedidos list: an order with listFields (and id) alone, as GET /orders answers with them. */
export type ListOrder = Pick<Order, "id" | (typeof listFields)[number]>;

/** listOrderRows is one page of GET /orders for the Pedidos list, with listFields. */
export function listOrderRows(api: Api, query: OrderQuery, signal?: AbortSignal): Promise<Page<ListOrder>> {
  return listOrders(api, { ...query, fields: listFields.join(",") }, signal);
}

/** getOrder is GET /orders/{id}: one order with its integration summary. */
export function getOrder(api: Api, id: string, signal?: AbortSignal): Promise<Order> {
  return unwrap(api.GET("/orders/{id}", { params: { path: { id } }, signal }));
}

/** orderHistory is one page of GET /orders/{id}/integration-history, newest first. */
export function orderHistory(api: Api, id: string, query: HistoryQuery, signal?: AbortSignal): Promise<Page<Attempt>> {
  return unwrap(api.GET("/orders/{id}/integration-history", { params: { path: { id }, query }, signal }));
}

/** storeHistory is one page of GET /integration-history: attempts across the store's orders. */
export function storeHistory(api: Api, query: HistoryQuery, signal?: AbortSignal): Promise<Page<Attempt>> {
  return unwrap(api.GET("/integration-history", { params: { query }, signal }));
}

/** A re-integration request (SPEC 9): work for one system's connector. */
export type IntegrationRequest = components["schemas"]["IntegrationRequest"];
/** A request's state: queued, leased, done or failed. */
export type RequestState = IntegrationRequest["state"];
/** The order filter of a bulk re-integration. */
export type BulkFilter = components["schemas"]["BulkFilter"];
/** A bulk dry run's answer: matched orders, and how many of them have an open request. */
export type DryRun = components["schemas"]["DryRunResponse"];
/** A bulk re-integration job and its progress. */
export type Job = components["schemas"]["Job"];
/** A job's state: running, succeeded, canceled or failed. */
export type JobState = Job["state"];

/** isOpen is true for a request still waiting for its connector's answer. */
export function isOpen(r: Pick<IntegrationRequest, "state">): boolean {
  return r.state === "queued" || r.state === "leased";
}

/**
 * idempotencyKey is a new Idempotency-Key, one per press of a button, so a
 * retried POST makes nothing twice. crypto.getRandomValues, not
 * randomUUID: that one exists only on https or localhost.
 */
export function idempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * requestResend is POST /orders/{id}/integration-requests for system:
 * created is false when the order already had an open request for it
 * (200 with that one, and no new pending record).
 */
export async function requestResend(api: Api, id: string, system: string): Promise<{ request: IntegrationRequest; created: boolean }> {
  let status = 0;
  const params = { path: { id }, header: { "Idempotency-Key": idempotencyKey() } };
  const call = api.POST("/orders/{id}/integration-requests", { params, body: { system } }).then((r) => {
    status = r.response.status;
    return r;
  });
  const request = await unwrap(call);
  return { request, created: status === 201 };
}

const requestPages = 5;

/**
 * openRequests are the order's open requests (queued or leased), by system,
 * from GET /orders/{id}/integration-requests. The list is newest first and
 * an open request is at most REQUEST_TTL old, so a few pages of 200 hold
 * every open one of any real order.
 */
export async function openRequests(api: Api, id: string, signal?: AbortSignal): Promise<Map<string, IntegrationRequest>> {
  const open = new Map<string, IntegrationRequest>();
  let cursor: string | undefined;
  for (let i = 0; i < requestPages; i++) {
    const page: Page<IntegrationRequest> = await unwrap(
      api.GET("/orders/{id}/integration-requests", { params: { path: { id }, query: { limit: 200, cursor } }, signal }),
    );
    for (const r of page.data) {
      if (isOpen(r) && !open.has(r.system)) open.set(r.system, r);
    }
    if (page.next_cursor === null) break;
    cursor = page.next_cursor;
  }
  return open;
}

/** bulkDryRun is POST /integration-requests/bulk with dry_run: the count, changing nothing. */
export function bulkDryRun(api: Api, system: string, filter: BulkFilter): Promise<DryRun> {
  return unwrap(api.POST("/integration-requests/bulk", { body: { system, filter, dry_run: true } })) as Promise<DryRun>;
}

/** startBulk is POST /integration-requests/bulk: the job, running in the background. */
export function startBulk(api: Api, system: string, filter: BulkFilter, reason: string | null): Promise<Job> {
  const params = { header: { "Idempotency-Key": idempotencyKey() } };
  return unwrap(api.POST("/integration-requests/bulk", { params, body: { system, filter, reason } })) as Promise<Job>;
}

/** getJob is GET /jobs/{jid}: a job and its progress. */
export function getJob(api: Api, jid: string, signal?: AbortSignal): Promise<Job> {
  return unwrap(api.GET("/jobs/{jid}", { params: { path: { jid } }, signal }));
}

/** cancelJob is POST /jobs/{jid}/cancel: the job makes no more requests. */
export function cancelJob(api: Api, jid: string): Promise<Job> {
  return unwrap(api.POST("/jobs/{jid}/cancel", { params: { path: { jid } } }));
}

// The live stream (SPEC 10.1) is in ./stream.ts; the statistics and the CSV export follow.

/** The answer of GET /integration-stats: per system, for a window. */
export type IntegrationStats = components["schemas"]["IntegrationStats"];
/** One system's statistics. */
export type SystemStats = components["schemas"]["SystemStats"];
/** The filters of GET /integration-stats. */
export type StatsQuery = NonNullable<paths["/integration-stats"]["get"]["parameters"]["query"]>;
/** The filters of GET /integration-history/export. */
export type ExportQuery = NonNullable<paths["/integration-history/export"]["get"]["parameters"]["query"]>;

/** integrationStats is GET /integration-stats for query. */
export function integrationStats(api: Api, query: StatsQuery, signal?: AbortSignal): Promise<IntegrationStats> {
  return unwrap(api.GET("/integration-stats", { params: { query }, signal }));
}

/**
 * exportHistory is GET /integration-history/export as CSV, read whole into
 * a Blob: the key goes in the Authorization header, never in a URL.
 */
export function exportHistory(api: Api, query: ExportQuery): Promise<Blob> {
  return unwrap(api.GET("/integration-history/export", { params: { query: { ...query, format: "csv" } }, parseAs: "blob" })) as Promise<Blob>;
}
