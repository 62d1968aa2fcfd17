// ApiContext carries the signed-in client down the tree.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Api } from "./client";

/** ApiContext is the client of the signed-in key; the screens render only under a key. */
export const ApiContext = createContext<Api | null>(null);

/** useApi returns the signed-in client. */
export function useApi(): Api {
  const api = useContext(ApiContext);
  if (api === null) throw new Error("useApi outside a signed-in screen");
  return api;
}
