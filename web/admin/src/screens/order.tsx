// Pedido: one order with its customer, items and the state of each system,
// and "Ações adicionais" holding "Histórico de Integração" and "Reenviar para
// <sistema>" for each system of the order.
import type { Order } from "../api/client";
import { dateTime, money } from "../format";
import { useI18n } from "../i18n";
import { href } from "../router";
import { Badge } from "../ui/badge";
import { ScreenTitle } from "../ui/heading";
import { Menu, type MenuItem } from "../ui/menu";
import { ProblemView } from "../ui/problem";
import { ResendNotice, useResend } from "../ui/resend";
import { useOrder } from "../ui/useorder";

/** OrderScreen is the Pedido screen of order id. */
export function OrderScreen({ id }: { id: string }) {
  const { t } = useI18n();
  const { order, error, reload } = useOrder(id);
  return (
    <main id="main">
      <p class="crumbs">
        <a href={href.orders()}>{t("backToOrders")}</a>
      </p>
      {error !== undefined && <ProblemView error={error} onRetry={reload} />}
      {order === undefined && error === undefined && <p aria-live="polite">{t("loading")}</p>}
      {order !== undefined && <OrderView order={order} onResent={reload} />}
    </main>
  );
}

function OrderView({ order: o, onResent }: { order: Order; onResent: () => void }) {
  const { t, lang } = useI18n();
  // the order is read again after a resend: its summary shows the system pending
  const resend = useResend(o.id, onResent);
  const actions: MenuItem[] = [
    { label: t("openHistory"), href: href.history(o.id) },
    ...o.integration.systems.map((s) => ({
      label: t("resendTo", { system: s.system }),
      onSelect: () => resend.resend(s.system),
      disabled: resend.busy !== null,
    })),
  ];
  return (
    <>
      <div class="title-row">
        <ScreenTitle>{t("orderTitle", { number: o.number })}</ScreenTitle>
        <Menu label={t("moreActions")} items={actions} />
      </div>
      <ResendNotice resend={resend} />
      <dl class="facts summary">
        <Fact term={t("orderStatus")}>{t(`order.${o.status}`)}</Fact>
        <Fact term={t("overall")}>
          <Badge status={o.integration.status} />
        </Fact>
        <Fact term={t("total")}>{money(o.total_cents, o.currency, lang)}</Fact>
        <Fact term={t("placedAt")}>{dateTime(o.placed_at, lang)}</Fact>
        <Fact term={t("customer")}>{o.customer.name}</Fact>
        <Fact term={t("email")}>{o.customer.email ?? t("none")}</Fact>
        <Fact term={t("document")}>{o.customer.document ?? t("none")}</Fact>
        <Fact term={t("lastAttemptAt")}>{dateTime(o.integration.last_attempt_at, lang)}</Fact>
        <Fact term={t("createdAt")}>{dateTime(o.created_at, lang)}</Fact>
        <Fact term={t("updatedAt")}>{dateTime(o.updated_at, lang)}</Fact>
      </dl>

      <h2>{t("integrations")}</h2>
      {o.integration.systems.length === 0 ? (
        <p class="empty">{t("noSystems")}</p>
      ) : (
        <table class="table responsive systems">
          <thead>
            <tr>
              <th scope="col">{t("colSystem")}</th>
              <th scope="col">{t("colStatus")}</th>
              <th scope="col">{t("colMessage")}</th>
              <th scope="col">{t("lastAttemptAt")}</th>
              <th scope="col" class="num">
                {t("attempts")}
              </th>
            </tr>
          </thead>
          <tbody>
            {o.integration.systems.map((s) => (
              <tr key={s.system}>
                <td data-label={t("colSystem")}>{s.system}</td>
                <td data-label={t("colStatus")}>
                  <Badge status={s.status} />
                </td>
                <td data-label={t("colMessage")} class="message">
                  {s.message}
                  {s.error_code !== null && (
                    <>
                      {" "}
                      <code class="error-code">{s.error_code}</code>
                    </>
                  )}
                </td>
                <td data-label={t("lastAttemptAt")}>{dateTime(s.last_attempt_at, lang)}</td>
                <td data-label={t("attempts")} class="num">
                  {s.attempts}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t("items")}</h2>
      {o.items.length === 0 ? (
        <p class="empty">{t("noItems")}</p>
      ) : (
        <table class="table responsive items">
          <thead>
            <tr>
              <th scope="col">{t("sku")}</th>
              <th scope="col">{t("itemName")}</th>
              <th scope="col" class="num">
                {t("quantity")}
              </th>
              <th scope="col" class="num">
                {t("unitPrice")}
              </th>
            </tr>
          </thead>
          <tbody>
            {o.items.map((item, i) => (
              <tr key={i}>
                <td data-label={t("sku")}>{item.sku}</td>
                <td data-label={t("itemName")}>{item.name}</td>
                <td data-label={t("quantity")} class="num">
                  {item.quantity}
                </td>
                <td data-label={t("unitPrice")} class="num">
                  {money(item.unit_price_cents, o.currency, lang)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Fact({ term, children }: { term: string; children: preact.ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
