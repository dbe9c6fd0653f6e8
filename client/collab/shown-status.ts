import type { CollabSession, CollabStatus } from './collab-session.ts';

/** How long nothing must be unsaved before the page goes back from "Saving…" to "Saved". */
export const SAVED_SETTLE_MS = 500;

/**
 * The connection status as the page shows it, which changes far less often than the exact one.
 *
 * The exact status changes twice per keystroke (the edit, then the server's ack). Each change
 * re-rendered the page, and every React commit while the caret is in the editor makes React walk
 * the editor's whole DOM to save and restore the selection — in a 2,000-entry draft that walk
 * cost more than the keystroke itself. Here `unsaved` is only 0 or 1 (something is unsaved), and
 * it goes back to 0 only once nothing has been unsaved for {@link SAVED_SETTLE_MS}: "Saving…"
 * stays up through a burst of typing, and "Saved" never shows before the server stored it all.
 */
export interface ShownStatusStore {
  get(): CollabStatus;
  subscribe(listener: () => void): () => void;
}

const stores = new WeakMap<CollabSession, ShownStatusStore>();

function sameStatus(a: CollabStatus, b: CollabStatus): boolean {
  return (
    a.connection === b.connection &&
    a.synced === b.synced &&
    a.unsaved === b.unsaved &&
    a.localLoaded === b.localLoaded &&
    a.role === b.role &&
    a.readOnly === b.readOnly &&
    a.storageProblem === b.storageProblem &&
    a.ended === b.ended
  );
}

/** The shown status of a session, made on first use and kept as long as the session. */
export function shownStatusOf(session: CollabSession): ShownStatusStore {
  let store = stores.get(session);
  if (store) return store;
  const summary = (s: CollabStatus): CollabStatus => ({ ...s, unsaved: s.unsaved > 0 ? 1 : 0 });
  let shown = summary(session.getStatus());
  let settle: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<() => void>();
  const publish = (next: CollabStatus) => {
    if (sameStatus(next, shown)) return;
    shown = next;
    for (const l of listeners) l();
  };
  session.subscribe(() => {
    const next = summary(session.getStatus());
    // Most changes (each keystroke) find no timer to clear; clearTimeout itself showed in their profiles.
    if (settle !== undefined) {
      clearTimeout(settle);
      settle = undefined;
    }
    if (next.unsaved === 0 && shown.unsaved === 1) {
      // Everything is stored now: say so once no new edit has followed for a moment.
      publish({ ...next, unsaved: 1 });
      settle = setTimeout(() => publish(summary(session.getStatus())), SAVED_SETTLE_MS);
      return;
    }
    publish(next);
  });
  store = {
    get: () => shown,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  stores.set(session, store);
  return store;
}
