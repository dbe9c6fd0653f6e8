import * as Y from 'yjs';
import type { IndexeddbPersistence } from 'y-indexeddb';
import { afterNextPaint } from '../editor/after-paint.ts';

/**
 * Writes this browser's edits to its local copy (IndexedDB) once the frame that shows them is
 * painted, all of a frame's edits merged into one write, instead of inside each keystroke.
 *
 * y-indexeddb opens an IndexedDB transaction for every update as it happens: in a long draft that
 * was about a millisecond of each keystroke before it could be painted (issue 6 profiles). The
 * write is asynchronous either way (IndexedDB commits later), so deferring it by a frame adds
 * little to what a crash could take; the page writes whatever is pending when it is hidden or
 * unloaded, and before the local copy is closed (`stop`).
 */
export function writeLocalCopyAfterPaint(doc: Y.Doc, local: IndexeddbPersistence): { stop(): void } {
  // Updates that came from the local copy itself (loading it) are not written back; y-indexeddb
  // skips them by origin too.
  doc.off('update', local._storeUpdate);
  let pending: Uint8Array[] = [];
  let cancel: (() => void) | undefined;
  const flush = () => {
    cancel?.();
    cancel = undefined;
    if (pending.length === 0) return;
    const merged = pending.length === 1 ? pending[0] : Y.mergeUpdates(pending);
    pending = [];
    if (merged) local._storeUpdate(merged, undefined);
  };
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === local) return;
    pending.push(update);
    // A hidden page paints no frames (a collaborator's edits arrive in a background tab): write now.
    if (document.visibilityState === 'hidden') flush();
    else cancel ??= afterNextPaint(flush);
  };
  const onHidden = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  doc.on('update', onUpdate);
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', onHidden);
  return {
    stop() {
      flush();
      doc.off('update', onUpdate);
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onHidden);
    },
  };
}
