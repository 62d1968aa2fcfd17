// A Node script (ES modules) on the same generated types: a connector's
// back-fill run from the command line. Under Node ESM a relative import
// names its file as it will be at run time, so the types of ./schema.d.ts
// are imported from "./schema.js" (TypeScript maps it to the .d.ts).
// `make api-check` compiles it with tsconfig.node.json (NodeNext).
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

/** A client of the API with a connector key, e.g. connector(process.env.API_URL, process.env.API_KEY). */
export function connector(baseUrl: string, key: string) {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${key}` } });
}

/** Records one attempt of the connector's own system (system left out), retried safely with its key. */
export async function recordExport(
  client: ReturnType<typeof connector>,
  orderId: string,
  message: string,
  idempotencyKey: string,
): Promise<string> {
  const { data, error } = await client.POST("/orders/{id}/integration-history", {
    params: { path: { id: orderId }, header: { "Idempotency-Key": idempotencyKey } },
    body: { status: "success", action: "order.export", message },
  });
  if (error) throw new Error(`${error.status} ${error.title}: ${error.detail}`);
  return data.id;
}
