// Histórico de Integração: one order's attempts, newest first, as the API
// orders them (occurred_at, then the latest recorded), page by page.
import { orderHistory, type Attempt } from "../api/client";
import { useApi } from "../api/context";
import { useI18n } from "../i18n";
import { href } from "../router";
import { AttemptTable } from "../ui/attempts";
import { Badge } from "../ui/badge";
import { ScreenTitle } from "../ui/heading";
import { ListFoot } from "../ui/loadmore";
import { usePaged } from "../ui/paged";
import { ProblemView } from "../ui/problem";
import { useOrder } from "../ui/useorder";

const pageSize = 50;

/** History is the Histórico de Integração screen of order id. */
export function History({ id }: { id: string }) {
  const api = useApi();
  const { t } = useI18n();
  const { order, error, reload } = useOrder(id);
  const list = usePaged<Attempt>(id, (cursor, signal) => orderHistory(api, id, { limit: pageSize, cursor }, signal));
  // TODO(SPEC 10.1): new records appear live: subscribe to
  // /integration-history/stream for this order and prepend what arrives.
  // TODO(SPEC 9): "Reenviar" per system (disabled while a request is open),
  // which prepends the new pending record at once.
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
      {list.rows.length > 0 && <AttemptTable attempts={list.rows} caption={t("historyTitle")} />}
      {!list.loading && list.error === undefined && list.rows.length === 0 && <p class="empty">{t("noAttempts")}</p>}
      <ListFoot list={list} />
    </main>
  );
}
