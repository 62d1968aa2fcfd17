// Histórico de Integração: one order's attempts, newest first, as the API
// orders them (occurred_at, then the latest recorded), page by page.
// New records appear live (the stream of /integration-history/stream).
// "Reenviar" per system (disabled while that system has an open request)
// asks for a resend and reads the history again, with its pending record.
import { orderHistory, type Attempt, type Order } from "../api/client";
import { useApi } from "../api/context";
import { useI18n } from "../i18n";
import { href } from "../router";
import { AttemptTable } from "../ui/attempts";
import { Badge } from "../ui/badge";
import { ScreenTitle } from "../ui/heading";
import { mergeLive, useLive } from "../ui/live";
import { ListFoot } from "../ui/loadmore";
import { usePaged } from "../ui/paged";
import { ProblemView } from "../ui/problem";
import { ResendNotice, useOpenRequests, useResend, type OpenRequests, type Resend } from "../ui/resend";
import { useOrder } from "../ui/useorder";

const pageSize = 50;

/** History is the Histórico de Integração screen of order id. */
export function History({ id }: { id: string }) {
  const api = useApi();
  const { t } = useI18n();
  const { order, error, reload } = useOrder(id);
  const list = usePaged<Attempt>(id, (cursor, signal) => orderHistory(api, id, { limit: pageSize, cursor }, signal));
  // new records appear live: the order's stream, merged by attempt id
  const live = useLive(id, { order_id: id });
  const rows = mergeLive(list.rows, live.attempts);
  const requests = useOpenRequests(id);
  // a resend records its pending attempt in the same transaction: the
  // history, the order's summary and its open requests are read again
  const resend = useResend(id, (r) => {
    requests.put(r);
    requests.reload();
    list.reload();
    reload();
  });
  return (
    <main id="main">
      <p class="crumbs">
        <a href={href.orders()}>{t("backToOrders")}</a>
        {" · "}
        <a href={href.order(id)}>{t("backToOrder")}</a>
      </p>
      <ScreenTitle>{t("historyTitle")}</ScreenTitle>
      {error !== undefined && <ProblemView error={error} onRetry={reload} />}
      {order !== undefined && (
        <p class="subtitle">
          <span>{t("historyOfOrder", { number: order.number })}</span> · <span>{order.customer.name}</span> · <Badge status={order.integration.status} />
        </p>
      )}
      {order !== undefined && order.integration.systems.length > 0 && <ResendPanel order={order} requests={requests} resend={resend} />}
      <p class="live muted" role="status" data-live={live.open ? "open" : "closed"}>
        {live.open ? t("liveOpen") : t("liveClosed")}
      </p>
      {rows.length > 0 && <AttemptTable attempts={rows} caption={t("historyTitle")} />}
      {!list.loading && list.error === undefined && rows.length === 0 && <p class="empty">{t("noAttempts")}</p>}
      <ListFoot list={list} />
    </main>
  );
}

/** ResendPanel is one "Reenviar" per system of the order, disabled while that system has an open request. */
function ResendPanel({ order, requests, resend }: { order: Order; requests: OpenRequests; resend: Resend }) {
  const { t } = useI18n();
  return (
    <section class="resend" aria-labelledby="resend-title">
      <h2 id="resend-title">{t("resendTitle")}</h2>
      <p class="muted">{t("resendIntro")}</p>
      <ul class="resend-list">
        {order.integration.systems.map((s) => {
          const open = requests.open.get(s.system);
          const ids = `resend-${s.system}-name resend-${s.system}-state`;
          return (
            <li key={s.system} data-system={s.system}>
              <span id={`resend-${s.system}-name`} class="resend-system">
                {s.system}
              </span>
              <Badge status={s.status} />
              <span id={`resend-${s.system}-state`} class="resend-state" data-state={open?.state ?? ""}>
                {open === undefined ? t("noOpenRequest") : t("openRequest", { state: t(`request.${open.state}`) })}
              </span>
              <button type="button" aria-describedby={ids} disabled={open !== undefined || resend.busy !== null} onClick={() => resend.resend(s.system)}>
                {resend.busy === s.system ? t("resending") : t("resend")}
              </button>
            </li>
          );
        })}
      </ul>
      {requests.error !== undefined && <ProblemView error={requests.error} onRetry={requests.reload} />}
      <ResendNotice resend={resend} takeFocus />
    </section>
  );
}
