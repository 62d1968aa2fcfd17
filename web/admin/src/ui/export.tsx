// "Exportar CSV" (SPEC 10.3): GET /integration-history/export with the
// screen's filters, fetched with the Authorization header (the key never
// goes in a URL), made a Blob and an object URL, and saved by clicking a
// temporary <a download>. CSP default-src 'self' does not block a blob:
// download through an anchor: it is a navigation, not a fetch.
import { useState } from "preact/hooks";
import { exportHistory, type ExportQuery } from "../api/client";
import { useApi } from "../api/context";
import { bytes } from "../format";
import { useI18n } from "../i18n";
import { ProblemView } from "./problem";

const filename = "integration-history.csv";

/** saveBlob downloads blob as name through a temporary anchor. */
function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** ExportCsv is the "Exportar CSV" button of query, with its state in words. */
export function ExportCsv({ query }: { query: ExportQuery }) {
  const api = useApi();
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<number | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const run = async () => {
    setBusy(true);
    setDone(undefined);
    setError(undefined);
    try {
      const blob = await exportHistory(api, query);
      saveBlob(blob, filename);
      setDone(blob.size);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="export">
      <button type="button" disabled={busy} onClick={() => void run()}>
        {busy ? t("exporting") : t("exportCsv")}
      </button>
      <span class="export-state" role="status">
        {done !== undefined ? t("exported", { size: bytes(done, lang) }) : ""}
      </span>
      {error !== undefined && <ProblemView error={error} onRetry={() => void run()} />}
    </div>
  );
}
