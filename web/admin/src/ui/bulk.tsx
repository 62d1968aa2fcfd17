// Reenviar todos (Falhas): a bulk re-integration of the orders the screen's
// filter selects for one system. It first shows the dry run's count and asks
// before it starts; then it follows the job (GET /jobs/{jid} every second)
// until it ends, with "Cancelar" while it runs.
import { useEffect, useRef, useState } from "preact/hooks";
import { bulkDryRun, cancelJob, getJob, startBulk, type BulkFilter, type DryRun, type Job } from "../api/client";
import { useApi } from "../api/context";
import { useI18n } from "../i18n";
import { ProblemView } from "./problem";

const pollMs = 1000;

type Step = { name: "idle" } | { name: "counting" } | { name: "counted"; count: DryRun } | { name: "starting"; count: DryRun } | { name: "job"; job: Job };

/**
 * BulkResend is the "Reenviar todos" of system with filter; scope says in
 * words which orders the filter selects; onFinished runs when a job ends
 * (its requests recorded pending attempts).
 */
export function BulkResend({ system, filter, scope, onFinished }: { system: string; filter: BulkFilter; scope: string; onFinished?: () => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ name: "idle" });
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(undefined);
  const fail = (err: unknown) => {
    setError(err);
    setStep((s) => (s.name === "starting" ? { name: "counted", count: s.count } : s.name === "counting" ? { name: "idle" } : s));
  };
  const count = () => {
    setError(undefined);
    setStep({ name: "counting" });
    bulkDryRun(api, system, filter)
      .then((c) => setStep({ name: "counted", count: c }))
      .catch(fail);
  };
  const start = (c: DryRun) => {
    setError(undefined);
    setStep({ name: "starting", count: c });
    startBulk(api, system, filter, reason.trim() === "" ? null : reason.trim())
      .then((job) => setStep({ name: "job", job }))
      .catch(fail);
  };

  return (
    <section class="bulk" aria-labelledby="bulk-title">
      <h2 id="bulk-title">{t("resendAllTitle")}</h2>
      <p id="bulk-scope">{scope}</p>
      {(step.name === "idle" || step.name === "counting") && (
        <button type="button" class="primary" aria-describedby="bulk-scope" disabled={step.name === "counting"} onClick={count}>
          {step.name === "counting" ? t("dryRunCounting") : t("resendAll")}
        </button>
      )}
      {(step.name === "counted" || step.name === "starting") && (
        <Confirm count={step.count} busy={step.name === "starting"} reason={reason} setReason={setReason} onConfirm={() => start(step.count)} onBack={() => setStep({ name: "idle" })} />
      )}
      {step.name === "job" && <JobProgress job={step.job} onClose={() => setStep({ name: "idle" })} onFinished={onFinished} />}
      {error !== undefined && <ProblemView error={error} headlines={{ 403: "resendForbidden" }} />}
    </section>
  );
}

function Confirm(p: { count: DryRun; busy: boolean; reason: string; setReason: (r: string) => void; onConfirm: () => void; onBack: () => void }) {
  const { t } = useI18n();
  const nothing = p.count.matched === 0;
  // the button that opened this step is gone: the focus goes to its first choice
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => root.current?.querySelector("button")?.focus(), []);
  return (
    <div class="bulk-confirm" ref={root}>
      <p class="bulk-count" role="status" data-matched={p.count.matched} data-open={p.count.open}>
        {nothing ? t("dryRunNothing") : t("dryRunCount", { matched: p.count.matched, open: p.count.open })}
      </p>
      {!nothing && (
        <div class="field">
          <label for="bulk-reason">{t("bulkReason")}</label>
          <input id="bulk-reason" type="text" maxLength={500} value={p.reason} onInput={(e) => p.setReason(e.currentTarget.value)} />
        </div>
      )}
      <div class="form-buttons">
        {!nothing && (
          <button type="button" class="primary" disabled={p.busy} onClick={p.onConfirm}>
            {p.busy ? t("bulkStarting") : t("bulkConfirm")}
          </button>
        )}
        <button type="button" disabled={p.busy} onClick={p.onBack}>
          {t("bulkBack")}
        </button>
      </div>
    </div>
  );
}

/** JobProgress follows job until it ends. */
function JobProgress({ job: first, onClose, onFinished }: { job: Job; onClose: () => void; onFinished?: () => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [job, setJob] = useState(first);
  const [canceling, setCanceling] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const running = job.state === "running";
  // Cancelar, then Fechar when the job ends, takes the focus unless the user moved it elsewhere
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const at = document.activeElement;
    if (at === null || at === document.body || root.current?.contains(at) === true || at.closest(".bulk") !== null) root.current?.querySelector("button")?.focus();
    if (!running) onFinished?.();
  }, [running]);
  useEffect(() => {
    if (!running) return undefined;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      getJob(api, job.id, ctl.signal)
        .then((j) => {
          if (ctl.signal.aborted) return;
          setError(undefined);
          setJob(j);
        })
        .catch((err: unknown) => {
          if (ctl.signal.aborted) return;
          setError(err);
          setJob((j) => ({ ...j })); // poll again a second later
        });
    }, pollMs);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [api, job, running]);
  const cancel = () => {
    setCanceling(true);
    cancelJob(api, job.id)
      .then((j) => setJob(j))
      .catch((err: unknown) => setError(err))
      .finally(() => setCanceling(false));
  };
  return (
    <div class="job" ref={root} data-job-id={job.id} data-state={job.state}>
      <label for="job-progress">{t("jobProgress")}</label>
      <progress id="job-progress" max={Math.max(job.matched, 1)} value={job.matched === 0 ? 1 : job.processed} />
      <p class="job-counts" aria-live="polite" data-processed={job.processed} data-matched={job.matched} data-created={job.created} data-skipped={job.skipped}>
        {t("jobCounts", { processed: job.processed, matched: job.matched, created: job.created, skipped: job.skipped })}
      </p>
      <p class="job-state" role="status">
        {t("jobState", { state: t(`job.${job.state}`) })}
      </p>
      {job.error !== null && <p class="field-error">{t("jobError", { error: job.error })}</p>}
      <div class="form-buttons">
        {running ? (
          <button type="button" disabled={canceling} onClick={cancel}>
            {canceling ? t("jobCanceling") : t("jobCancel")}
          </button>
        ) : (
          <button type="button" onClick={onClose}>
            {t("jobClose")}
          </button>
        )}
      </div>
      {error !== undefined && <ProblemView error={error} />}
    </div>
  );
}
