// useOrder loads one order (GET /orders/{id}) for the Pedido and Histórico screens.
import { useEffect, useState } from "preact/hooks";
import { getOrder, type Order } from "../api/client";
import { useApi } from "../api/context";

/** The state of one order's load. */
export interface OrderState {
  order: Order | undefined;
  error: unknown;
  reload: () => void;
}

/** useOrder loads order id, again whenever id changes or reload is called. */
export function useOrder(id: string): OrderState {
  const api = useApi();
  const [order, setOrder] = useState<Order | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    setError(undefined);
    getOrder(api, id, ctl.signal)
      .then((o) => !ctl.signal.aborted && setOrder(o))
      .catch((err: unknown) => !ctl.signal.aborted && setError(err));
    return () => ctl.abort();
  }, [api, id, generation]);
  return { order, error, reload: () => setGeneration((g) => g + 1) };
}
