import * as Y from 'yjs';
import { afterNextPaint } from '../editor/after-paint.ts';

/**
 * Hands the document's updates to `consume` once the frame that shows them is painted, all of a
 * frame's updates merged into one, instead of inside each keystroke. Used for the two consumers
 * that only carry an edit elsewhere and change nothing on screen:
 *
 * - this browser's copy of the draft (IndexedDB): y-indexeddb opens an IndexedDB transaction for
 *   every update, about a millisecond of each keystroke in a long draft before it could be painted
 *   (issue 6 profiles). The write is asynchronous either way (IndexedDB commits later), so a frame
 *   more adds little to what a crash could take;
 * - the socket to the server: y-websocket encodes and sends each update in the keystroke's task,
 *   ~1 ms of native send per key in a profile of typing in a 2,000-paragraph draft. Colleagues see
 *   the keystroke one frame later; "Saved" still waits for the server's ack of what was sent.
 *
 * Whatever is pending is handed over at once when the page is hidden or unloaded (a hidden page
 * paints no frames, so a collaborator's edits in a background tab are not held either), and by
 * `stop`. Updates for which `skip(origin)` holds (the consumer's own, e.g. the local copy
 * loading) are not handed back to it.
 */
export function consumeUpdatesAfterPaint(
  doc: Y.Doc,
  consume: (update: Uint8Array) => void,
  skip: (origin: unknown) => boolean,
): { stop(): void } {
  let pending: Uint8Array[] = [];
  let cancel: (() => void) | undefined;
  const flush = () => {
    cancel?.();
    cancel = undefined;
    if (pending.length === 0) return;
    const merged = pending.length === 1 ? pending[0] : Y.mergeUpdates(pending);
    pending = [];
    if (merged) consume(merged);
  };
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (skip(origin)) return;
    pending.push(update);
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
