import { useCallback, useEffect, useRef, useState } from 'react';

export interface ApiData<T> {
  data: T | null;
  error: unknown;
  /** True while a load is in flight (the previous data stays shown). */
  loading: boolean;
  reload(): void;
  setData(update: T | ((current: T | null) => T | null)): void;
}

/**
 * Loads data for a page and reloads when `deps` change; a newer load
 * cancels an older one, so a slow answer never overwrites a fresh one.
 */
export function useApiData<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): ApiData<T> {
  const [data, setDataState] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    loadRef.current(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setDataState(value);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure);
        setLoading(false);
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, version]);

  const reload = useCallback(() => setVersion((n) => n + 1), []);
  const setData = useCallback((update: T | ((current: T | null) => T | null)) => {
    setDataState((current) => (typeof update === 'function' ? (update as (c: T | null) => T | null)(current) : update));
  }, []);
  return { data, error, loading, reload, setData };
}

/** Calls `refresh` every `ms` while the tab is visible: a hidden tab would poll the server for nobody. */
export function useRefreshWhileVisible(refresh: () => void, ms: number): void {
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refreshRef.current();
    }, ms);
    return () => clearInterval(timer);
  }, [ms]);
}

/** The value, settled for `delay` ms: search-as-you-type without a request per key. */
export function useDebounced<T>(value: T, delay = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}
