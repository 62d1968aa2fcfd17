// Reenviar: asking a system's connector to send one order again (POST
// /orders/{id}/integration-requests), shared by the Pedido screen's
// "Ações adicionais" and the Histórico de Integração; and the order's open
// requests, which keep the history's "Reenviar" disabled.
import { useEffect, useRef, useState } from "preact/hooks";
import { isOpen, openRequests, requestResend, type IntegrationRequest } from "../api/client";
import { useApi } from "../api/context";
import { useI18n } from "../i18n";
import { ProblemView } from "./problem";

/** What the last resend did: a new request, or the open one the order had. */
export interface ResendOutcome {
  system: string;
  created: boolean;
}

/** The state of the resends of one order. */
export interface Resend {
  busy: string | null; // the system being asked for
  outcome: ResendOutcome | undefined;
  error: unknown;
  resend: (system: string) => void;
}

/** useResend asks for resends of order id; after runs with each request the API answered. */
export function useResend(id: string, after: (r: IntegrationRequest) => void): Resend {
  const api = useApi();
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ResendOutcome | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const resend = (system: string) => {
    setBusy(system);
    setOutcome(undefined);
    setError(undefined);
    requestResend(api, id, system)
      .then(({ request, created }) => {
        setOutcome({ system, created });
        after(request);
      })
      .catch((err: unknown) => setError(err))
      .finally(() => setBusy(null));
  };
  return { busy, outcome, error, resend };
}

/**
 * ResendNotice tells, in a polite live region, what the last resend did, or
 * its error in words; takeFocus moves the focus to it (the pressed button
 * is disabled then, which would drop the focus).
 */
export function ResendNotice({ resend, takeFocus }: { resend: Resend; takeFocus?: boolean }) {
  const { t } = useI18n();
  const o = resend.outcome;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (takeFocus === true && (o !== undefined || resend.error !== undefined)) ref.current?.focus();
  }, [o, resend.error, takeFocus]);
  return (
    <div class="resend-outcome" tabIndex={-1} ref={ref}>
      <p class="resend-notice" role="status">
        {o !== undefined && t(o.created ? "resendRequested" : "resendAlreadyOpen", { system: o.system })}
      </p>
      {resend.error !== undefined && <ProblemView error={resend.error} headlines={{ 403: "resendForbidden" }} />}
    </div>
  );
}

/** The open requests of one order, by system. */
export interface OpenRequests {
  open: Map<string, IntegrationRequest>;
  error: unknown;
  reload: () => void;
  /** put records a request the API just answered with, before the next reload. */
  put: (r: IntegrationRequest) => void;
}

/** useOpenRequests reads the open (queued or leased) requests of order id. */
export function useOpenRequests(id: string): OpenRequests {
  const api = useApi();
  const [open, setOpen] = useState(new Map<string, IntegrationRequest>());
  const [error, setError] = useState<unknown>(undefined);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    setError(undefined);
    openRequests(api, id, ctl.signal)
      .then((m) => !ctl.signal.aborted && setOpen(m))
      .catch((err: unknown) => !ctl.signal.aborted && setError(err));
    return () => ctl.abort();
  }, [api, id, generation]);
  return {
    open,
    error,
    reload: () => setGeneration((g) => g + 1),
    put: (r) =>
      setOpen((old) => {
        const next = new Map(old);
        if (isOpen(r)) next.set(r.system, r);
        else next.delete(r.system);
        return next;
      }),
  };
}
