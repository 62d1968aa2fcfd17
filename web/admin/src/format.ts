// Money and dates in the screen's language; dates in the browser's zone.
import type { Lang } from "./i18n";

/** money formats minor units of currency: 19990 BRL is "R$ 199,90" in pt-BR. */
export function money(cents: number, currency: string, lang: Lang): string {
  let text: string;
  try {
    text = new Intl.NumberFormat(lang, { style: "currency", currency }).format(cents / 100);
  } catch {
    text = `${currency} ${(cents / 100).toFixed(2)}`; // a code Intl does not know
  }
  return text.replace(/\u00a0/g, " "); // Intl separates "R$" with a no-break space
}

/** dateTime formats an RFC 3339 time in the browser's time zone, to the second. */
export function dateTime(iso: string | null, lang: Lang): string {
  if (iso === null) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: "short", timeStyle: "medium" }).format(d).replace(/\u202f/g, " ");
}

/** dayStart is the start of a yyyy-mm-dd day in the browser's zone, as RFC 3339 (UTC). */
export function dayStart(day: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (m === null) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).toISOString();
}

/** dayEnd is the start of the day after a yyyy-mm-dd day: the exclusive end of a period that includes it. */
export function dayEnd(day: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (m === null) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1).toISOString();
}

/** day formats a yyyy-mm-dd day in the screen's language (26/11/2026 in pt-BR). */
export function day(d: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (m === null) return d;
  return new Intl.DateTimeFormat(lang, { dateStyle: "short" }).format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** count formats a whole number with the language's grouping (1.234 in pt-BR). */
export function count(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang).format(n);
}

const units: [number, "second" | "minute" | "hour" | "day"][] = [
  [86400, "day"],
  [3600, "hour"],
  [60, "minute"],
  [1, "second"],
];

/** duration formats seconds in the largest unit that fits: "42 s", "30,5 min", "2 h", "3 dias". */
export function duration(seconds: number | null, lang: Lang): string {
  if (seconds === null) return "—";
  const [size, unit] = units.find(([size]) => seconds >= size) ?? [1, "second"];
  const text = new Intl.NumberFormat(lang, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }).format(seconds / size);
  return text.replace(/\u00a0/g, " ");
}

/** bytes formats a size in kB or MB. */
export function bytes(n: number, lang: Lang): string {
  if (n < 1024) return `${count(n, lang)} B`;
  const kb = n / 1024;
  const f = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  return kb < 1024 ? `${f.format(kb)} kB` : `${f.format(kb / 1024)} MB`;
}
