// useLive keeps the attempts that arrive on the live stream (SPEC 10.1)
// while a screen is open, and merges them into the rows the screen read:
// no attempt twice (by id), newest first as the API orders them.
import { useEffect, useState } from "preact/hooks";
import type { Attempt } from "../api/client";
import { useApi } from "../api/context";
import { streamAttempts, type StreamQuery } from "../api/stream";

/** The live part of a screen: the attempts that came, newest first, and whether the stream is open now. */
export interface Live {
  attempts: Attempt[];
  open: boolean;
}

/** useLive subscribes to the stream for query while mounted (again when key changes). */
export function useLive(key: string, query: StreamQuery): Live {
  const api = useApi();
  const [attempts, setAttempts] = useState<Attempt[]>([]);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    setAttempts([]);
    setOpen(false);
    const ctl = new AbortController();
    const add = (a: Attempt) => setAttempts((old) => (old.some((o) => o.id === a.id) ? old : [a, ...old]));
    void streamAttempts(api, query, add, (o) => !ctl.signal.aborted && setOpen(o), ctl.signal);
    return () => ctl.abort();
  }, [key, api]);
  return { attempts, open };
}

/** newestFirst orders attempts as the history endpoints do: occurred_at, then recorded_at, descending. */
function newestFirst(a: Attempt, b: Attempt): number {
  const t = Date.parse(b.occurred_at) - Date.parse(a.occurred_at);
  if (t !== 0) return t;
  return Date.parse(b.recorded_at) - Date.parse(a.recorded_at);
}

/** mergeLive is rows with the live attempts they lack, newest first. */
export function mergeLive(rows: Attempt[], live: Attempt[]): Attempt[] {
  if (live.length === 0) return rows;
  const seen = new Set(rows.map((r) => r.id));
  const fresh = live.filter((a) => !seen.has(a.id));
  if (fresh.length === 0) return rows;
  return [...fresh, ...rows].sort(newestFirst);
}
