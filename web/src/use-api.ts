import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './api.js';

/** The data the server wrote into the page it sent (a public page), for the one path it answers, used once. */
let initial: { url: string; data: unknown } | null = (() => {
  const block = typeof document !== 'undefined' ? document.getElementById('initial-data') : null;
  if (!block?.textContent) return null;
  try {
    return JSON.parse(block.textContent) as { url: string; data: unknown };
  } catch {
    return null;
  }
})();

function peekInitial<T>(path: string | null): T | undefined {
  return initial && path === initial.url ? (initial.data as T) : undefined;
}

/** Loads a GET path; `null` skips loading. A path the page arrived with starts from the page's data. */
export function useApi<T>(path: string | null): { data: T | undefined; error: unknown; reload: () => void } {
  const [start] = useState(() => {
    const data = peekInitial<T>(path);
    return data === undefined ? null : { path, data };
  });
  const started = useRef(false);
  const [data, setData] = useState<T | undefined>(start?.data);
  const [error, setError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    // The first load of the path the page arrived with is already here (later loads ask the server).
    const first = !started.current;
    started.current = true;
    if (first && start && start.path === path) {
      initial = null;
      return;
    }
    let live = true;
    setError(undefined);
    api<T>(path).then(
      (d) => live && setData(d),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, reload };
}
