// Pedidos: the order list with one badge per system and the order's overall
// state, its filters (integration status, system with "nunca integrado",
// period, number), "Carregar mais", and each row's "Ações" menu.
import { useEffect, useState } from "preact/hooks";
import { listOrderRows, type ListOrder, type OrderQuery } from "../api/client";
import { useApi } from "../api/context";
import { dateTime, dayEnd, dayStart, money } from "../format";
import { useI18n } from "../i18n";
import { href } from "../router";
import { Badge, SystemBadges } from "../ui/badge";
import { Field, FormButtons, Period, periodValid, queryOf, valuesOf, type Values } from "../ui/filters";
import { ScreenTitle } from "../ui/heading";
import { ListFoot } from "../ui/loadmore";
import { Menu } from "../ui/menu";
import { usePaged } from "../ui/paged";

const names = ["integration_status", "system", "from", "to", "number"];
const integrationStatuses = ["error", "pending", "success", "none"] as const;
const pageSize = 50;

/** orderQuery is the GET /orders query of the screen's filters. */
function orderQuery(v: Values): OrderQuery {
  const q: OrderQuery = { limit: pageSize };
  const status = integrationStatuses.find((s) => s === v["integration_status"]);
  if (status !== undefined) q.integration_status = status;
  if (v["system"]) q.system = v["system"];
  if (v["number"]) q.number = v["number"];
  if (v["from"]) q.placed_after = dayStart(v["from"]);
  if (v["to"]) q.placed_before = dayEnd(v["to"]);
  return q;
}

/** Orders is the Pedidos screen. */
export function Orders({ query }: { query: URLSearchParams }) {
  const api = useApi();
  const { t } = useI18n();
  const applied = valuesOf(query, names);
  const [form, setForm] = useState(applied);
  const key = queryOf(applied).toString();
  useEffect(() => setForm(valuesOf(query, names)), [key]);
  // sparse fields (listFields): the rows' columns, without the items
  const list = usePaged<ListOrder>(key, (cursor, signal) => listOrderRows(api, { ...orderQuery(applied), cursor }, signal));
  const set = (name: string, value: string) => setForm({ ...form, [name]: value });
  const valid = periodValid(form);

  return (
    <main id="main">
      <ScreenTitle>{t("ordersTitle")}</ScreenTitle>
      <form
        class="filters"
        aria-label={t("filters")}
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) window.location.hash = href.orders(queryOf(form));
        }}
      >
        <Field id="f-integration" label={t("integrationStatus")} hint={t("neverIntegratedHint")}>
          <select
            id="f-integration"
            aria-describedby="f-integration-hint"
            value={form["integration_status"]}
            onChange={(e) => set("integration_status", e.currentTarget.value)}
          >
            <option value="">{t("all")}</option>
            <option value="error">{t("integration.error")}</option>
            <option value="pending">{t("integration.pending")}</option>
            <option value="success">{t("integration.success")}</option>
            <option value="none">{t("neverIntegrated")}</option>
          </select>
        </Field>
        <Field id="f-system" label={t("system")}>
          <input id="f-system" type="text" placeholder={t("systemPlaceholder")} value={form["system"]} onInput={(e) => set("system", e.currentTarget.value)} />
        </Field>
        <Period prefix="f" values={form} set={set} />
        <Field id="f-number" label={t("number")}>
          <input id="f-number" type="text" inputMode="numeric" value={form["number"]} onInput={(e) => set("number", e.currentTarget.value)} />
        </Field>
        <FormButtons onClear={() => (window.location.hash = href.orders())} />
        {!valid && (
          <p class="field-error" role="alert">
            {t("invalidPeriod")}
          </p>
        )}
      </form>

      {list.rows.length > 0 && <OrderTable orders={list.rows} />}
      {!list.loading && list.error === undefined && list.rows.length === 0 && <p class="empty">{t("noOrders")}</p>}
      <ListFoot list={list} />
    </main>
  );
}

function OrderTable({ orders }: { orders: ListOrder[] }) {
  const { t, lang } = useI18n();
  return (
    <table class="table responsive orders">
      <caption class="visually-hidden">{t("ordersTitle")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("colNumber")}</th>
          <th scope="col">{t("colCustomer")}</th>
          <th scope="col" class="num">
            {t("colTotal")}
          </th>
          <th scope="col">{t("colPlacedAt")}</th>
          <th scope="col">{t("colStatus")}</th>
          <th scope="col">{t("colSystems")}</th>
          <th scope="col">{t("colIntegration")}</th>
          <th scope="col">{t("colActions")}</th>
        </tr>
      </thead>
      <tbody>
        {orders.map((o) => (
          <tr key={o.id} data-order-id={o.id}>
            <td data-label={t("colNumber")} class="number">
              <a href={href.order(o.id)} id={`number-${o.id}`}>
                {o.number}
              </a>
            </td>
            <td data-label={t("colCustomer")}>{o.customer.name}</td>
            <td data-label={t("colTotal")} class="num">
              {money(o.total_cents, o.currency, lang)}
            </td>
            <td data-label={t("colPlacedAt")}>
              <time dateTime={o.placed_at}>{dateTime(o.placed_at, lang)}</time>
            </td>
            <td data-label={t("colStatus")}>{t(`order.${o.status}`)}</td>
            <td data-label={t("colSystems")}>
              <SystemBadges order={o} />
            </td>
            <td data-label={t("colIntegration")}>
              <Badge status={o.integration.status} />
            </td>
            <td data-label={t("colActions")}>
              <Menu
                label={t("actions")}
                describedBy={`number-${o.id}`}
                items={[
                  { label: t("openHistory"), href: href.history(o.id) },
                  { label: t("openOrder"), href: href.order(o.id) },
                ]}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
