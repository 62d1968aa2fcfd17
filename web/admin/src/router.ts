// Hash routing: the screen is one static page, and its state (screen and
// filters) is in the hash, so a reload or a shared link opens the same view.
// The key is never in it.
import { useEffect, useState } from "preact/hooks";

/** A screen and its parameters. */
export type Route =
  | { name: "orders"; query: URLSearchParams }
  | { name: "order"; id: string }
  | { name: "history"; id: string }
  | { name: "failures"; query: URLSearchParams };

/** parseRoute reads a location hash such as "#/pedidos/<id>/historico". */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, "");
  const q = raw.indexOf("?");
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q < 0 ? "" : raw.slice(q + 1));
  const parts = path.split("/").filter((p) => p !== "").map(decodeURIComponent);
  if (parts[0] === "falhas") return { name: "failures", query };
  if (parts[0] === "pedidos" && parts[1] !== undefined) {
    return parts[2] === "historico" ? { name: "history", id: parts[1] } : { name: "order", id: parts[1] };
  }
  return { name: "orders", query };
}

/** Links to the screens. */
export const href = {
  orders: (query?: URLSearchParams) => withQuery("#/pedidos", query),
  order: (id: string) => `#/pedidos/${encodeURIComponent(id)}`,
  history: (id: string) => `#/pedidos/${encodeURIComponent(id)}/historico`,
  failures: (query?: URLSearchParams) => withQuery("#/falhas", query),
};

function withQuery(path: string, query?: URLSearchParams): string {
  const s = query?.toString() ?? "";
  return s === "" ? path : `${path}?${s}`;
}

/** useRoute is the current route, following hashchange. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
