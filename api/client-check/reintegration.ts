// The admin SPA's re-integration calls (SPEC 9, docs/FRONTEND.md):
// "Reenviar" on one system of the history screen, and "Reenviar todos"
// after fixing a cause, dry run first. Compiled by `make api-check`.
import type { components } from "./schema";
import { type Api, ApiError } from "./spa";

export type IntegrationRequest = components["schemas"]["IntegrationRequest"];
export type Job = components["schemas"]["Job"];
export type BulkFilter = components["schemas"]["BulkFilter"];

/** The request states' labels: exhaustive, so a new state fails to compile. */
export const requestStateLabel: Record<IntegrationRequest["state"], string> = {
  queued: "Na fila",
  leased: "Enviando",
  done: "Respondido",
  failed: "Abandonado",
};

function failed(problem: components["schemas"]["Problem"], response: Response): never {
  const retryAfter = response.headers.get("Retry-After");
  throw new ApiError(problem, retryAfter === null ? undefined : Number(retryAfter));
}

/**
 * Reenviar: asks that the order be sent to system again. `created` is false
 * when a request was already open (200): the button shows that one instead.
 * The Idempotency-Key makes a double click or a retry safe.
 */
export async function resend(
  client: Api,
  orderId: string,
  system: string,
  reason: string | undefined,
  idempotencyKey: string,
): Promise<{ request: IntegrationRequest; created: boolean }> {
  const { data, error, response } = await client.POST("/orders/{id}/integration-requests", {
    params: { path: { id: orderId }, header: { "Idempotency-Key": idempotencyKey } },
    body: { system, reason: reason ?? null },
  });
  if (error) failed(error, response);
  return { request: data, created: response.status === 201 };
}

/** The order's requests, newest first (the history screen's "Reenvios" panel). */
export async function orderRequests(client: Api, orderId: string): Promise<IntegrationRequest[]> {
  const { data, error, response } = await client.GET("/orders/{id}/integration-requests", {
    params: { path: { id: orderId }, query: { limit: 50 } },
  });
  if (error) failed(error, response);
  return data.data;
}

/** Reenviar todos, step 1: how many orders would be resent, and how many skipped. */
export async function countResendAll(
  client: Api,
  system: string,
  filter: BulkFilter,
): Promise<{ matched: number; open: number }> {
  const { data, error, response } = await client.POST("/integration-requests/bulk", {
    body: { system, dry_run: true, filter },
  });
  if (error) failed(error, response);
  if (response.status !== 200 || !("open" in data)) throw new Error("a dry run answers 200 with its count");
  return { matched: data.matched, open: data.open };
}

/** Reenviar todos, step 2 (after the user confirmed the count): starts the job. */
export async function resendAll(
  client: Api,
  system: string,
  reason: string,
  filter: BulkFilter,
  idempotencyKey: string,
): Promise<Job> {
  const { data, error, response } = await client.POST("/integration-requests/bulk", {
    params: { header: { "Idempotency-Key": idempotencyKey } },
    body: { system, reason, dry_run: false, filter },
  });
  if (error) failed(error, response);
  if (response.status !== 202 || !("kind" in data)) throw new Error("a bulk job answers 202 with the job");
  return data;
}

/** The progress bar: polls the job every second until it is no longer running. */
export async function* jobProgress(client: Api, jobId: string): AsyncGenerator<Job> {
  for (;;) {
    const { data, error, response } = await client.GET("/jobs/{jid}", { params: { path: { jid: jobId } } });
    if (error) failed(error, response);
    yield data;
    if (data.state !== "running") return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The "Parar" button of a running job. */
export async function cancelJob(client: Api, jobId: string): Promise<Job> {
  const { data, error, response } = await client.POST("/jobs/{jid}/cancel", { params: { path: { jid: jobId } } });
  if (error) failed(error, response);
  return data;
}
