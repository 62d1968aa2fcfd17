// The statistics of GET /integration-stats (SPEC 10.2) for the Falhas
// screen's system and period, above its table: per system, the window's
// attempts by status, the orders by current state, the last success, the
// oldest pending order, p50/p95 of the time to the first success, and the
// top error codes. Every value is rendered as text.
import { useEffect, useState } from "preact/hooks";
import { integrationStats, type IntegrationStats, type StatsQuery, type SystemStats } from "../api/client";
import { useApi } from "../api/context";
import { count, dateTime, duration } from "../format";
import { useI18n } from "../i18n";
import { ProblemView } from "./problem";

const states = ["pending", "success", "error"] as const;

/** useStats reads the statistics of query, again when key changes. */
function useStats(key: string, query: StatsQuery) {
  const api = useApi();
  const [stats, setStats] = useState<IntegrationStats | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    setStats(undefined);
    setError(undefined);
    integrationStats(api, query, ctl.signal).then(
      (s) => !ctl.signal.aborted && setStats(s),
      (err: unknown) => !ctl.signal.aborted && setError(err),
    );
    return () => ctl.abort();
  }, [key, generation, api]);
  return { stats, error, reload: () => setGeneration((g) => g + 1) };
}

/** Stats is the statistics section of the Falhas screen. */
export function Stats({ query }: { query: StatsQuery }) {
  const { t, lang } = useI18n();
  const key = JSON.stringify(query);
  const { stats, error, reload } = useStats(key, query);
  return (
    <section class="stats" aria-labelledby="stats-title">
      <h2 id="stats-title">{t("statsTitle")}</h2>
      {error !== undefined && <ProblemView error={error} onRetry={reload} />}
      {stats === undefined && error === undefined && <p class="muted">{t("loading")}</p>}
      {stats !== undefined && (
        <>
          <p class="muted stats-window">{t("statsWindow", { from: dateTime(stats.occurred_after, lang), to: dateTime(stats.occurred_before, lang) })}</p>
          {stats.systems.length === 0 && <p class="empty">{t("statsNone")}</p>}
          <div class="stats-systems">
            {stats.systems.map((s) => (
              <SystemCard key={s.system} s={s} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

/** SystemCard is one system's statistics. */
function SystemCard({ s }: { s: SystemStats }) {
  const { t, lang } = useI18n();
  const p = s.first_success_seconds;
  return (
    <article class="stats-system" data-system={s.system} aria-labelledby={`stats-${s.system}`}>
      <h3 id={`stats-${s.system}`}>{s.system}</h3>
      <dl>
        <Counts label={t("statsAttempts")} kind="attempts" counts={s.attempts} />
        <Counts label={t("statsOrders")} kind="orders" counts={s.orders} />
        <dt>{t("statsLastSuccess")}</dt>
        <dd data-stat="last_success_at">{dateTime(s.last_success_at, lang)}</dd>
        <dt>{t("statsOldestPending")}</dt>
        <dd data-stat="oldest_pending_at">{dateTime(s.oldest_pending_at, lang)}</dd>
        <dt>{t("statsFirstSuccess")}</dt>
        <dd data-stat="first_success">{p === null ? "—" : t("statsPercentiles", { p50: duration(p.p50, lang), p95: duration(p.p95, lang) })}</dd>
      </dl>
      <h4>{t("statsTopErrors")}</h4>
      {s.top_errors.length === 0 ? (
        <p class="muted">{t("statsNoErrors")}</p>
      ) : (
        <div class="table-wrap">
          <table class="top-errors">
            <caption class="visually-hidden">{`${t("statsTopErrors")} · ${s.system}`}</caption>
            <thead>
              <tr>
                <th scope="col">{t("colErrorCode")}</th>
                <th scope="col">{t("statsCount")}</th>
                <th scope="col">{t("statsLastMessage")}</th>
              </tr>
            </thead>
            <tbody>
              {s.top_errors.map((e) => (
                <tr key={e.error_code ?? ""} data-code={e.error_code ?? ""}>
                  <td>
                    <code>{e.error_code ?? t("statsNoCode")}</code>
                  </td>
                  <td class="num" data-count={e.count}>
                    {count(e.count, lang)}
                  </td>
                  <td>
                    {e.last_message} <span class="muted">({dateTime(e.last_at, lang)})</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}

/** Counts is one dt/dd pair of counts by status, in words. */
function Counts({ label, kind, counts }: { label: string; kind: string; counts: SystemStats["attempts"] }) {
  const { t, lang } = useI18n();
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <ul class="stats-counts">
          {states.map((st) => (
            <li key={st} data-stat={`${kind}.${st}`} data-count={counts[st]}>
              {t(`integration.${st}`)}: <strong>{count(counts[st], lang)}</strong>
            </li>
          ))}
        </ul>
      </dd>
    </>
  );
}
