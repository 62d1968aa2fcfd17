// Sign-in: the "Chave de API" field. The key is checked with one small call
// (GET /orders?limit=1) and kept in sessionStorage only.
import { useState } from "preact/hooks";
import { ApiError, listOrders, newApi } from "../api/client";
import { useI18n } from "../i18n";
import { ProblemView } from "../ui/problem";

/** SignIn asks for the key; notice explains why (the previous key was refused). */
export function SignIn({ notice, onSignIn }: { notice: boolean; onSignIn: (key: string) => void }) {
  const { t } = useI18n();
  const [key, setKey] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [missing, setMissing] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const token = key.trim();
    setMissing(token === "");
    setError(undefined);
    if (token === "") return;
    setBusy(true);
    try {
      // the key check: one order's id alone is enough
      await listOrders(newApi(token, () => undefined), { limit: 1, fields: "id" });
      onSignIn(token);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <main id="main" class="signin">
      <h1>{t("signInTitle")}</h1>
      <p>{t("signInIntro")}</p>
      {notice && error === undefined && (
        <p class="notice" role="status">
          {t("sessionEnded")}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <label for="api-key">{t("apiKey")}</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
          aria-invalid={missing || error instanceof ApiError}
          aria-describedby={missing ? "api-key-missing" : undefined}
          required
        />
        {missing && (
          <p id="api-key-missing" class="field-error">
            {t("keyRequired")}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t("signingIn") : t("signIn")}
        </button>
      </form>
      {error !== undefined && <ProblemView error={error} />}
    </main>
  );
}
