// The table of integration attempts, shared by Histórico de Integração (one
// order) and Falhas (across orders): Status, Sistema, Mensagem, Data e hora,
// and each record's error code and details on demand. Every text from the
// API is a text node: an ERP's message is never parsed as HTML.
import { useState } from "preact/hooks";
import type { Attempt } from "../api/client";
import { dateTime } from "../format";
import { useI18n } from "../i18n";
import { href } from "../router";
import { Badge } from "./badge";

/** AttemptTable lists attempts; withOrder adds the column of each one's order (Falhas). */
export function AttemptTable({ attempts, withOrder, caption }: { attempts: Attempt[]; withOrder?: boolean; caption: string }) {
  const { t } = useI18n();
  return (
    <table class="table responsive attempts">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("colStatus")}</th>
          <th scope="col">{t("colSystem")}</th>
          <th scope="col">{t("colMessage")}</th>
          <th scope="col">{t("colOccurredAt")}</th>
          {withOrder === true && <th scope="col">{t("colOrder")}</th>}
          <th scope="col">
            <span class="visually-hidden">{t("details")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((a) => (
          <AttemptRows key={a.id} attempt={a} withOrder={withOrder === true} />
        ))}
      </tbody>
    </table>
  );
}

function AttemptRows({ attempt: a, withOrder }: { attempt: Attempt; withOrder: boolean }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const detailsId = `attempt-${a.id}`;
  return (
    <>
      <tr class="attempt" data-attempt-id={a.id}>
        <td data-label={t("colStatus")}>
          <Badge status={a.status} />
        </td>
        <td data-label={t("colSystem")} class="system">
          {a.system}
        </td>
        <td data-label={t("colMessage")} class="message">
          {a.message}
          {a.error_code !== null && (
            <>
              {" "}
              <code class="error-code">{a.error_code}</code>
            </>
          )}
        </td>
        <td data-label={t("colOccurredAt")} class="when">
          <time dateTime={a.occurred_at}>{dateTime(a.occurred_at, lang)}</time>
        </td>
        {withOrder && (
          <td data-label={t("colOrder")} class="order-link">
            <a href={href.history(a.order_id)} title={a.order_id}>
              {a.order_id}
            </a>
          </td>
        )}
        <td class="row-actions">
          <button
            type="button"
            class="link-button"
            aria-expanded={open}
            aria-controls={detailsId}
            aria-label={`${open ? t("hideDetails") : t("details")}: ${a.system}, ${dateTime(a.occurred_at, lang)}`}
            onClick={() => setOpen(!open)}
          >
            {open ? t("hideDetails") : t("details")}
          </button>
        </td>
      </tr>
      <tr id={detailsId} class="attempt-details" hidden={!open}>
        <td colSpan={withOrder ? 6 : 5}>{open && <AttemptDetails attempt={a} />}</td>
      </tr>
    </>
  );
}

function AttemptDetails({ attempt: a }: { attempt: Attempt }) {
  const { t, lang } = useI18n();
  const rows: [string, string][] = [
    [t("errorCode"), a.error_code ?? t("none")],
    [t("action"), a.action ?? t("none")],
    [t("externalId"), a.external_id ?? t("none")],
    [t("recordedAt"), dateTime(a.recorded_at, lang)],
    [t("attemptId"), a.id],
  ];
  return (
    <section aria-label={t("detailsOf", { system: a.system })}>
      <dl class="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {a.details !== null && (
        <>
          <h4>{t("detailsJson")}</h4>
          <pre class="json">{JSON.stringify(a.details, null, 2)}</pre>
        </>
      )}
    </section>
  );
}
