import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Me } from '../../shared/api/users.ts';
import type { DraftId } from '../../shared/ids.ts';
import { openCollabSession, type CollabSession, type CollabStatus } from './collab-session.ts';
import { takeEarlySession } from './early-session.ts';
import { shownStatusOf } from './shown-status.ts';

/** One collaboration session per open draft, created on mount (or started early, early-session.ts) and destroyed on unmount. */
export function useCollabSession(draftId: DraftId | undefined, me: Me | null): CollabSession | undefined {
  const [session, setSession] = useState<CollabSession>();
  useEffect(() => {
    if (!draftId || !me) return;
    const s = takeEarlySession(draftId, me) ?? openCollabSession(draftId, me);
    setSession(s);
    return () => {
      setSession(undefined);
      s.destroy();
    };
  }, [draftId, me]);
  return session;
}

const NO_STATUS: CollabStatus = {
  connection: 'connecting',
  synced: false,
  unsaved: 0,
  localLoaded: false,
  role: undefined,
  readOnly: true,
  storageProblem: false,
  ended: undefined,
};

/**
 * The connection and save state as the page shows it (see shown-status.ts): it re-renders when
 * what is shown changes, not twice for every keystroke.
 */
export function useShownStatus(session: CollabSession | undefined): CollabStatus {
  return useSyncExternalStore(
    (l) => (session ? shownStatusOf(session).subscribe(l) : () => {}),
    () => (session ? shownStatusOf(session).get() : NO_STATUS),
  );
}

/** The server said this connection is read-only (only its welcome says so: before it, or offline, nothing is revoked). */
export function isReadOnlyConnection(status: CollabStatus): boolean {
  return status.role !== undefined && status.readOnly;
}

/** {@link isReadOnlyConnection} as a hook: re-renders only when it changes. */
export function useReadOnlyConnection(session: CollabSession | undefined): boolean {
  return useSyncExternalStore(
    (l) => (session ? shownStatusOf(session).subscribe(l) : () => {}),
    () => isReadOnlyConnection(session ? shownStatusOf(session).get() : NO_STATUS),
  );
}

/** Someone present in the draft, from awareness (the server wrote `user`, so it is not client-claimed). */
export interface Presence {
  clientId: number;
  userId: string;
  name: string;
  organisation: string;
  color: string;
  self: boolean;
}

/**
 * People in the draft now, one entry per account (several tabs count once). `myUserId` names one's
 * own entry: the server adds the account id to the presence it relays, not to one's local state.
 */
export function usePresence(session: CollabSession | undefined, myUserId: string): Presence[] {
  const [people, setPeople] = useState<Presence[]>([]);
  useEffect(() => {
    if (!session) return;
    const awareness = session.provider.awareness;
    let shown = '';
    const read = () => {
      const byUser = new Map<string, Presence>();
      for (const [clientId, state] of awareness.getStates()) {
        const user = (state as { user?: Record<string, unknown> }).user;
        if (!user || typeof user.name !== 'string') continue;
        const self = clientId === awareness.clientID;
        const userId = self ? myUserId : typeof user.id === 'string' ? user.id : `client-${clientId}`;
        if (byUser.has(userId) && !self) continue;
        byUser.set(userId, {
          clientId,
          userId,
          name: user.name,
          organisation: typeof user.organisation === 'string' ? user.organisation : '',
          color: typeof user.color === 'string' ? user.color : '',
          self,
        });
      }
      const next = [...byUser.values()].sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
      // Awareness changes with every caret move, one's own included: re-render only when the people changed.
      const key = JSON.stringify(next);
      if (key === shown) return;
      shown = key;
      setPeople(next);
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [session, myUserId]);
  return people;
}

/** Warns before the tab closes while edits are not yet stored by the server. */
export function useUnsavedGuard(unsaved: boolean): void {
  useEffect(() => {
    if (!unsaved) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
}
