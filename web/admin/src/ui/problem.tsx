// An API error in words: what happened in the screen's language, the
// problem's own detail and field errors as text, never the raw JSON.
import { ApiError } from "../api/client";
import { useI18n, type I18n, type MessageKey } from "../i18n";

const known = new Set([400, 401, 403, 404, 409, 422, 429, 503]);

/** Headlines of a context that say more than the general ones, by status (a resend's 403). */
export type Headlines = Partial<Record<number, MessageKey>>;

/** describe is an error's headline, in the screen's language. */
export function describe(err: unknown, { t }: I18n, headlines?: Headlines): string {
  if (!(err instanceof ApiError)) return t("problem.other", { status: String(err) });
  const status = err.problem.status;
  if (status === 0) return t("problem.network");
  const own = headlines?.[status];
  if (own !== undefined) return t(own);
  if (known.has(status)) return t(`problem.${status}` as MessageKey);
  return t("problem.other", { status });
}

/** ProblemView shows err, with a retry button when onRetry is given; headlines replace the general words of some statuses. */
export function ProblemView({ error, onRetry, headlines }: { error: unknown; onRetry?: () => void; headlines?: Headlines }) {
  const i = useI18n();
  const p = error instanceof ApiError ? error : undefined;
  const detail = p !== undefined && p.problem.status !== 0 ? p.problem.detail : "";
  return (
    <div class="problem" role="alert">
      <p class="problem-title">{describe(error, i, headlines)}</p>
      {detail !== "" && <p class="problem-detail">{detail}</p>}
      {p?.problem.errors !== undefined && p.problem.errors.length > 0 && (
        <ul class="problem-fields">
          {p.problem.errors.map((f) => (
            <li key={f.field}>
              <code>{f.field}</code>: {f.message}
            </li>
          ))}
        </ul>
      )}
      {p?.retryAfterSeconds !== undefined && <p>{i.t("retryIn", { seconds: p.retryAfterSeconds })}</p>}
      {p?.requestId !== undefined && (p.problem.status >= 500 || !known.has(p.problem.status)) && (
        <p class="muted">{i.t("requestId", { id: p.requestId })}</p>
      )}
      {onRetry !== undefined && (
        <button type="button" onClick={onRetry}>
          {i.t("retry")}
        </button>
      )}
    </div>
  );
}
