// usePaged reads a list page by page: the first page when key changes,
// the next one on loadMore ("Carregar mais"), following next_cursor with the
// same filters (a cursor is tied to its query).
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { Page } from "../api/client";

/** The state of a paged list. */
export interface Paged<T> {
  rows: T[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

/** usePaged loads fetchPage(undefined) whenever key changes, then fetchPage(next_cursor) on loadMore. */
export function usePaged<T>(key: string, fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>): Paged<T> {
  const [rows, setRows] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [generation, setGeneration] = useState(0);
  const current = useRef<AbortController | null>(null);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback((cursor: string | undefined, append: boolean) => {
    current.current?.abort();
    const ctl = new AbortController();
    current.current = ctl;
    setLoading(true);
    setError(undefined);
    fetchRef
      .current(cursor, ctl.signal)
      .then((page) => {
        if (ctl.signal.aborted) return;
        setRows((old) => (append ? [...old, ...page.data] : page.data));
        setNext(page.next_cursor);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (ctl.signal.aborted) return;
        setError(err);
        setLoading(false);
      });
  }, []);

  useEffect(() => {
    setRows([]);
    setNext(null);
    load(undefined, false);
    return () => current.current?.abort();
  }, [key, generation, load]);

  return {
    rows,
    loading,
    error,
    hasMore: next !== null,
    loadMore: () => {
      if (next !== null) load(next, true);
    },
    reload: () => setGeneration((g) => g + 1),
  };
}
