// Pieces of the filter forms: labelled fields and the period (two dates in
// the browser's zone, the second one inclusive).
import type { ComponentChildren } from "preact";
import { useI18n } from "../i18n";

/** Field is a label above its control. */
export function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint !== undefined && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

/** The values of a filter form, as strings (the hash's query). */
export type Values = Record<string, string>;

/** valuesOf reads names from a query. */
export function valuesOf(query: URLSearchParams, names: string[]): Values {
  return Object.fromEntries(names.map((n) => [n, query.get(n) ?? ""]));
}

/** queryOf is the hash query of values, without the empty ones. */
export function queryOf(values: Values): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v.trim() !== "") q.set(k, v.trim());
  }
  return q;
}

/** periodValid is false when the end date comes before the start. */
export function periodValid(values: Values): boolean {
  const from = values["from"] ?? "";
  const to = values["to"] ?? "";
  return from === "" || to === "" || from <= to;
}

/** FormButtons are the Filtrar and Limpar buttons of a filter form. */
export function FormButtons({ onClear }: { onClear: () => void }) {
  const { t } = useI18n();
  return (
    <div class="form-buttons">
      <button type="submit" class="primary">
        {t("apply")}
      </button>
      <button type="button" onClick={onClear}>
        {t("clear")}
      </button>
    </div>
  );
}

/** Period is the pair of date fields from and to. */
export function Period({ prefix, values, set }: { prefix: string; values: Values; set: (name: string, value: string) => void }) {
  const { t } = useI18n();
  return (
    <fieldset class="period">
      <legend>{t("period")}</legend>
      <Field id={`${prefix}-from`} label={t("periodFrom")}>
        <input id={`${prefix}-from`} type="date" value={values["from"]} onInput={(e) => set("from", e.currentTarget.value)} />
      </Field>
      <Field id={`${prefix}-to`} label={t("periodTo")}>
        <input id={`${prefix}-to`} type="date" value={values["to"]} onInput={(e) => set("to", e.currentTarget.value)} />
      </Field>
    </fieldset>
  );
}
