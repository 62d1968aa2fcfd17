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

/** The history screen's labels (docs/FRONTEND.md): exhaustive, so a new status fails to compile. */
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

/**
 * The list screen's sparse fields (fields=, docs/FRONTEND.md): what a row
 * shows, without the items. The contract's Order has every member; an
 * answer with fields holds these (and id) alone, which ListOrder says.
 */
export const listFields = ["number", "status", "customer", "total_cents", "placed_at", "integration"] as const;
export type ListOrder = Pick<Order, "id" | (typeof listFields)[number]>;

/** The list screen's page of failing orders, with its sparse fields: a twentieth of the whole orders' bytes. */
export async function failedOrdersLean(client: Api, cursor?: string): Promise<{ orders: ListOrder[]; next: string | null }> {
  const { data, error, response } = await client.GET("/orders", {
    params: { query: { integration_status: "error", limit: 50, fields: listFields.join(","), cursor } },
  });
  if (error) fail(error, response);
  return { orders: data.data, next: data.next_cursor };
}

/** The history screen's header with sparse fields: the number and the integration summary of one order. */
export async function orderHeader(client: Api, orderId: string): Promise<Pick<Order, "id" | "number" | "integration">> {
  const { data, error, response } = await client.GET("/orders/{id}", {
    params: { path: { id: orderId }, query: { fields: "number,integration" } },
  });
  if (error) fail(error, response);
  return data;
}

/** One row of the list: number, customer and the badge, with the failing systems' messages. */
export function listRow(order: ListOrder): { number: string; customer: string; badge: string; failures: string[] } {
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

/**
 * The "Novo pedido" form: only the required fields. status (pending),
 * currency (BRL) and placed_at (now) are left to the server's defaults, so
 * the generated request type must not make them mandatory.
 */
export async function createOrder(
  client: Api,
  form: { number: string; customerName: string; totalCents: number },
  idempotencyKey: string,
): Promise<{ order: Order; location: string | null }> {
  const { data, error, response } = await client.POST("/orders", {
    params: { header: { "Idempotency-Key": idempotencyKey } },
    body: { number: form.number, customer: { name: form.customerName }, total_cents: form.totalCents },
  });
  if (error) fail(error, response);
  return { order: data, location: response.headers.get("Location") };
}

/** "Cancelar pedido": a PATCH of the status alone. */
export async function cancelOrder(client: Api, orderId: string): Promise<Order> {
  const { data, error, response } = await client.PATCH("/orders/{id}", {
    params: { path: { id: orderId } },
    body: { status: "canceled" },
  });
  if (error) fail(error, response);
  return data;
}

/** "Editar cliente": changes the e-mail and clears the document (null), leaving the name. */
export async function editCustomer(client: Api, orderId: string, email: string): Promise<Order> {
  const { data, error, response } = await client.PATCH("/orders/{id}", {
    params: { path: { id: orderId } },
    body: { customer: { email, document: null } },
  });
  if (error) fail(error, response);
  return data;
}

/** A bulk back-fill: one batch of attempts with only their required fields; each result is a stored attempt or its problem. */
export async function recordBatch(
  client: Api,
  attempts: { orderId: string; status: Attempt["status"]; message: string }[],
  idempotencyKey: string,
): Promise<(Attempt | Problem)[]> {
  const { data, error, response } = await client.POST("/integration-history/batch", {
    params: { header: { "Idempotency-Key": idempotencyKey } },
    body: { attempts: attempts.map((a) => ({ order_id: a.orderId, system: "bling", status: a.status, message: a.message })) },
  });
  if (error) fail(error, response);
  return data.results.map((r) => (r.status === 201 && r.attempt !== undefined ? r.attempt : (r.problem as Problem)));
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
