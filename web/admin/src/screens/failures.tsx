// Falhas: attempts across the store's orders (GET /integration-history),
// filtered by system, status (errors at first), error code and period; the
// statistics of that system and period above the table, and "Exportar CSV"
// of the table's filters.
import { useEffect, useState } from "preact/hooks";
import { storeHistory, type Attempt, type BulkFilter, type ExportQuery, type HistoryQuery, type StatsQuery } from "../api/client";
import { useApi } from "../api/context";
import { day, dayEnd, dayStart } from "../format";
import { useI18n, type I18n } from "../i18n";
import { href } from "../router";
import { AttemptTable } from "../ui/attempts";
import { BulkResend } from "../ui/bulk";
import { Field, FormButtons, Period, periodValid, queryOf, valuesOf, type Values } from "../ui/filters";
import { ExportCsv } from "../ui/export";
import { ScreenTitle } from "../ui/heading";
import { ListFoot } from "../ui/loadmore";
import { usePaged } from "../ui/paged";
import { Stats } from "../ui/stats";

const names = ["system", "status", "error_code", "from", "to"];
const statuses = ["error", "pending", "success"] as const;
const pageSize = 50;

/** failuresHref is the Falhas screen as the navigation opens it: errors only. */
export const failuresHref = href.failures(new URLSearchParams({ status: "error" }));

function historyQuery(v: Values): HistoryQuery {
  const q: HistoryQuery = { limit: pageSize };
  const status = statuses.find((s) => s === v["status"]);
  if (status !== undefined) q.status = status;
  if (v["system"]) q.system = v["system"];
  if (v["error_code"]) q.error_code = v["error_code"];
  if (v["from"]) q.occurred_after = dayStart(v["from"]);
  if (v["to"]) q.occurred_before = dayEnd(v["to"]);
  return q;
}

/** statsQuery is the statistics' filter of the screen's: its system and period (status and error code are the table's). */
function statsQuery(v: Values): StatsQuery {
  const q: StatsQuery = {};
  if (v["system"]) q.system = v["system"];
  if (v["from"]) q.occurred_after = dayStart(v["from"]);
  if (v["to"]) q.occurred_before = dayEnd(v["to"]);
  return q;
}

/** exportQuery is the export's filter: the table's, without limit or cursor. */
function exportQuery(v: Values): ExportQuery {
  const { limit: _limit, ...q } = historyQuery(v);
  return q;
}

/**
 * bulkFilter is the orders' filter of "Reenviar todos" for the screen's
 * filter: the Falhas list has attempts, a bulk job selects orders, so it is
 * the orders whose state in the system is error (integration_status=error:
 * their latest attempt there failed), with that latest attempt's error code,
 * placed in the period (placed_after, placed_before). The screen's status
 * does not change it.
 */
export function bulkFilter(v: Values): BulkFilter {
  const f: BulkFilter = { integration_status: "error" };
  if (v["error_code"]) f.error_code = v["error_code"];
  if (v["from"]) f.placed_after = dayStart(v["from"]) ?? null;
  if (v["to"]) f.placed_before = dayEnd(v["to"]) ?? null;
  return f;
}

/** bulkScope says in words which orders bulkFilter selects. */
function bulkScope(v: Values, { t, lang }: I18n): string {
  let text = t("bulkScope", { system: v["system"] ?? "" });
  if (v["error_code"]) text += t("bulkScopeCode", { code: v["error_code"] });
  if (v["from"]) text += t("bulkScopeFrom", { date: day(v["from"], lang) });
  if (v["to"]) text += t("bulkScopeTo", { date: day(v["to"], lang) });
  return `${text}.`;
}

/** Failures is the Falhas screen. */
export function Failures({ query }: { query: URLSearchParams }) {
  const api = useApi();
  const i = useI18n();
  const { t } = i;
  const applied = valuesOf(query, names);
  const [form, setForm] = useState(applied);
  const key = queryOf(applied).toString();
  useEffect(() => setForm(valuesOf(query, names)), [key]);
  const list = usePaged<Attempt>(key, (cursor, signal) => storeHistory(api, { ...historyQuery(applied), cursor }, signal));
  const set = (name: string, value: string) => setForm({ ...form, [name]: value });
  const valid = periodValid(form);
  return (
    <main id="main">
      <ScreenTitle>{t("failuresTitle")}</ScreenTitle>
      <p>{t("failuresIntro")}</p>
      <form
        class="filters"
        aria-label={t("filters")}
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) window.location.hash = href.failures(queryOf(form));
        }}
      >
        <Field id="h-system" label={t("system")}>
          <input id="h-system" type="text" placeholder={t("systemPlaceholder")} value={form["system"]} onInput={(e) => set("system", e.currentTarget.value)} />
        </Field>
        <Field id="h-status" label={t("status")}>
          <select id="h-status" value={form["status"]} onChange={(e) => set("status", e.currentTarget.value)}>
            <option value="">{t("all")}</option>
            <option value="error">{t("integration.error")}</option>
            <option value="pending">{t("integration.pending")}</option>
            <option value="success">{t("integration.success")}</option>
          </select>
        </Field>
        <Field id="h-error-code" label={t("errorCode")}>
          <input
            id="h-error-code"
            type="text"
            placeholder={t("errorCodePlaceholder")}
            value={form["error_code"]}
            onInput={(e) => set("error_code", e.currentTarget.value)}
          />
        </Field>
        <Period prefix="h" values={form} set={set} />
        <FormButtons onClear={() => (window.location.hash = href.failures())} />
        {!valid && (
          <p class="field-error" role="alert">
            {t("invalidPeriod")}
          </p>
        )}
      </form>
      <Stats query={statsQuery(applied)} />
      <ExportCsv query={exportQuery(applied)} />
      {applied["system"] ? (
        <BulkResend key={key} system={applied["system"]} filter={bulkFilter(applied)} scope={bulkScope(applied, i)} onFinished={list.reload} />
      ) : (
        <p class="muted bulk-hint">{t("resendAllNeedsSystem")}</p>
      )}
      {list.rows.length > 0 && <AttemptTable attempts={list.rows} withOrder caption={t("failuresTitle")} />}
      {!list.loading && list.error === undefined && list.rows.length === 0 && <p class="empty">{t("noAttempts")}</p>}
      <ListFoot list={list} />
    </main>
  );
}
