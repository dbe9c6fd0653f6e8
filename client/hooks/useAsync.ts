import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../components/FormError.tsx';

/** Loads data once (and on `reload`), with loading and error states in words. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  // `deps` are the caller's: they decide when `load` means something new.
  const stableLoad = useCallback(load, deps);
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    stableLoad().then(
      (d) => {
        if (cancelled) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        if (cancelled) return;
        setError(errorMessage(err));
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [stableLoad, version]);
  return { data, error, loading, reload: () => setVersion((v) => v + 1), setData };
}
