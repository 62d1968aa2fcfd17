// An ERP connector's lease loop (docs/CONNECTORS.md): lease requests of its
// system, send each order, record the attempt with request_id; on a
// transient ERP error release with a delay that honours the ERP's rate
// limit; extend the lease for a slow send. Compiled by `make api-check`.
import type { components } from "./schema";
import { type Api, ApiError } from "./spa";

export type Leased = components["schemas"]["LeasedRequest"];
export type Order = components["schemas"]["Order"];

/** What the ERP said about one send. */
export type Sent =
  | { kind: "ok"; externalId: string; message: string }
  | { kind: "rejected"; code: string; message: string } // the ERP refused the order: an error attempt
  | { kind: "transient"; retryAfterSeconds: number }; // rate limited or down: give the request back

/** The ERP side: sends one order, calling keepAlive while it works. */
export type Erp = (order: Order, keepAlive: () => Promise<void>) => Promise<Sent>;

function failed(problem: components["schemas"]["Problem"], response: Response): never {
  const retryAfter = response.headers.get("Retry-After");
  throw new ApiError(problem, retryAfter === null ? undefined : Number(retryAfter));
}

/** One round: a long-polled lease, then each request handled in turn. */
export async function leaseRound(client: Api, erp: Erp, leaseSeconds = 300): Promise<number> {
  const { data, error, response } = await client.POST("/integration-requests/lease", {
    body: { limit: 10, lease_seconds: leaseSeconds, wait_seconds: 20 },
  });
  if (error) failed(error, response);
  for (const item of data.data) {
    await handle(client, erp, item, leaseSeconds);
  }
  return data.data.length;
}

async function handle(client: Api, erp: Erp, item: Leased, leaseSeconds: number): Promise<void> {
  const rid = item.request.id;
  const keepAlive = async () => {
    const { error, response } = await client.POST("/integration-requests/{rid}/extend", {
      params: { path: { rid } },
      body: { lease_token: item.lease_token, lease_seconds: leaseSeconds },
    });
    if (error) failed(error, response); // 409: the lease was lost; the answer is still recorded below
  };
  const sent = await erp(item.order, keepAlive);
  if (sent.kind === "transient") {
    const { error, response } = await client.POST("/integration-requests/{rid}/release", {
      params: { path: { rid } },
      body: { lease_token: item.lease_token, delay_seconds: sent.retryAfterSeconds },
    });
    if (error && response.status !== 409) failed(error, response);
    return;
  }
  const { error, response } = await client.POST("/orders/{id}/integration-history", {
    params: { path: { id: item.order.id }, header: { "Idempotency-Key": `answer-${rid}` } },
    body:
      sent.kind === "ok"
        ? { status: "success", action: "order.export", message: sent.message, external_id: sent.externalId, request_id: rid }
        : { status: "error", action: "order.export", message: sent.message, error_code: sent.code, request_id: rid },
  });
  if (error) failed(error, response);
}

/**
 * The delay of a release that keeps to the ERP's own rate limit: Omie
 * allows 240 requests per minute, so a connector that was told to slow
 * down gives its request back for at least the ERP's Retry-After, and
 * never for less than one request's share of the minute.
 */
export function releaseDelay(erpRetryAfterSeconds: number | undefined, perMinute = 240): number {
  const share = Math.ceil(60 / perMinute);
  return Math.min(86400, Math.max(share, erpRetryAfterSeconds ?? share));
}
