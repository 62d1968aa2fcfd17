// The admin SPA's calls to orders-api, typed by the types that
// openapi-typescript generates from api/openapi.yaml (./schema.d.ts, made by
// `npm run client-check`). `make api-check` compiles this file with tsc: if
// the contract loses a route, a parameter, a field the screens read or a
// status value, this stops compiling. It is an example for the SPA team
// (docs/FRONTEND.md), not code that runs in CI.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

export type Order = components["schemas"]["Order"];
export type Attempt = components["schemas"]["Attempt"];
export type Problem = components["schemas"]["Problem"];
export type IntegrationStatus = Order["integration"]["status"];

/** The history screen's labels (SPEC 5): exhaustive, so a new status fails to compile. */
export const statusLabel: Record<Attempt["status"], string> = {
  pending: "Pendente",
  success: "Concluído",
  error: "Erro",
};

/** The list's integration badge of each order. */
export const badge: Record<IntegrationStatus, { label: string; tone: "red" | "amber" | "green" | "grey" }> = {
  error: { label: "Erro", tone: "red" },
  pending: { label: "Pendente", tone: "amber" },
  success: { label: "Concluído", tone: "green" },
  none: { label: "Não integrado", tone: "grey" },
};

/** A failed call: the RFC 9457 problem and, for 429 and 503, when to retry. */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`);
  }
}

function fail(problem: Problem, response: Response): never {
  const retryAfter = response.headers.get("Retry-After");
  throw new ApiError(problem, retryAfter === null ? undefined : Number(retryAfter));
}

export type Api = ReturnType<typeof api>;

/** A client of the API with the SPA's token (a JWT or an API key). */
export function api(baseUrl: string, token: string) {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
}

/** One page of the "failed integration" filter: orders whose integration is in error. */
export async function failedOrders(client: Api, cursor?: string): Promise<{ orders: Order[]; next: string | null }> {
  const { data, error, response } = await client.GET("/orders", {
    params: { query: { integration_status: "error", sort: "-placed_at", limit: 50, cursor } },
  });
  if (error) fail(error, response);
  return { orders: data.data, next: data.next_cursor };
}

/** One row of the list: number, customer and the badge, with the failing systems' messages. */
export function listRow(order: Order): { number: string; customer: string; badge: string; failures: string[] } {
  return {
    number: order.number,
    customer: order.customer.name,
    badge: badge[order.integration.status].label,
    failures: order.integration.systems
      .filter((s) => s.status === "error")
      .map((s) => `${s.system}: ${s.message}${s.error_code === null ? "" : ` (${s.error_code})`}`),
  };
}

/** One row of the history screen: status, system, message, date and time. */
export interface HistoryRow {
  status: string;
  system: string;
  message: string;
  occurredAt: Date;
  externalId: string | null;
}

function historyRow(a: Attempt): HistoryRow {
  return {
    status: statusLabel[a.status],
    system: a.system,
    message: a.message,
    occurredAt: new Date(a.occurred_at),
    externalId: a.external_id,
  };
}

/** One order's integration history, newest first, page by page, following next_cursor until it is null. */
export async function* history(client: Api, orderId: string): AsyncGenerator<HistoryRow[]> {
  let cursor: string | undefined;
  do {
    const { data, error, response } = await client.GET("/orders/{id}/integration-history", {
      params: { path: { id: orderId }, query: { limit: 50, cursor } },
    });
    if (error) fail(error, response);
    yield data.data.map(historyRow);
    cursor = data.next_cursor ?? undefined;
  } while (cursor !== undefined);
}

/** The history screen: the order's header, then every page of its history. */
export async function openHistory(client: Api, orderId: string): Promise<{ order: Order; rows: HistoryRow[] }> {
  const { data: order, error, response } = await client.GET("/orders/{id}", { params: { path: { id: orderId } } });
  if (error) fail(error, response);
  const rows: HistoryRow[] = [];
  for await (const page of history(client, orderId)) {
    rows.push(...page);
  }
  return { order, rows };
}

/** The "Falhas" screen's statistics above the table: the last 24 hours of one system. */
export async function systemStats(client: Api, system: string) {
  const { data, error, response } = await client.GET("/integration-stats", { params: { query: { system } } });
  if (error) fail(error, response);
  const s = data.systems[0];
  return s === undefined
    ? undefined
    : { failed: s.attempts.error, waitingSince: s.oldest_pending_at, p95Seconds: s.first_success_seconds?.p95 ?? null };
}
