import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Me } from '../../shared/api/users.ts';
import { api } from '../api/endpoints.ts';
import { ApiRequestError } from '../api/http.ts';
import { forgetLocalDrafts } from '../collab/local-copies.ts';
import { takeMe } from './early-requests.ts';

interface MeState {
  me: Me | null;
  loading: boolean;
  /** Sets the logged-in account after login or setup. */
  setMe: (me: Me) => void;
  logout: () => Promise<void>;
  /**
   * Call with a request's failure: a 401 means the server ended this session (logged out from
   * another device, expired, account disabled), so the account is forgotten here and pages that
   * need one send to the login page, instead of saying "You need to log in" under a stale name or
   * being sent back from the login page. Local copies are kept: they may hold edits not yet saved.
   */
  forgetIfSessionEnded: (err: unknown) => void;
}

const MeContext = createContext<MeState | undefined>(undefined);

/** Holds who is logged in, loaded once from GET /api/me. */
export function MeProvider({ children }: { children: ReactNode }) {
  const [me, setMeState] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let cancelled = false;
    takeMe()
      .then((m) => !cancelled && setMeState(m))
      .catch((err: unknown) => {
        if (!(err instanceof ApiRequestError) || err.status !== 401) console.error(err);
      })
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, []);

  const setMe = useCallback((m: Me) => setMeState(m), []);
  const logout = useCallback(async () => {
    await api.logout();
    // Drafts are sensitive: leave no copy in this browser after logging out.
    await forgetLocalDrafts();
    setMeState(null);
  }, []);

  const forgetIfSessionEnded = useCallback((err: unknown) => {
    if (err instanceof ApiRequestError && err.status === 401) setMeState(null);
  }, []);

  const value = useMemo(() => ({ me, loading, setMe, logout, forgetIfSessionEnded }), [me, loading, setMe, logout, forgetIfSessionEnded]);
  return <MeContext value={value}>{children}</MeContext>;
}

export function useMe(): MeState {
  const ctx = useContext(MeContext);
  if (!ctx) throw new Error('useMe must be used inside MeProvider');
  return ctx;
}
