import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { afterNextPaint } from './after-paint.ts';

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

type Listener = (change: AwarenessChange, origin: unknown) => void;

/**
 * The awareness as the caret plugin sees it: the real one, except that a 'change' that concerns
 * only this client's own state is not passed on.
 *
 * The plugin draws only the others' carets, yet redraws on every awareness change — and one's own
 * caret changes with every keystroke. Each redraw is a whole editor transaction, which the
 * collaboration binding answers by comparing the entire document with the Yjs tree and walking it
 * to the caret several times; in a 2,000-entry draft that was half of each keystroke's work.
 *
 * The plugin also publishes one's caret again after every change a collaborator makes, even when
 * it is the same caret (the same Yjs positions): one awareness message to every collaborator per
 * keystroke received, which they drop as unchanged. Publishing the same caret again is skipped.
 *
 * One's own caret moves with every keystroke, and publishing it (encoding the awareness update and
 * sending it on the websocket) ran inside the keystroke, before its frame could be painted. It is
 * published after the next paint instead, the latest caret only: colleagues see it one frame later.
 * Everything else (states, one's own state, the other events) is the real awareness's.
 */
export function othersOnlyAwareness(awareness: Awareness): Awareness {
  const wrapped = new Map<Listener, Listener>();
  const concernsOthers = ({ added, updated, removed }: AwarenessChange) =>
    [added, updated, removed].some((ids) => ids.some((id) => id !== awareness.clientID));
  const caret = caretAfterPaint(awareness);
  return new Proxy(awareness, {
    get(target, prop, receiver) {
      if (prop === 'on' || prop === 'off') {
        return (name: string, listener: Listener) => {
          if (name !== 'change') return prop === 'on' ? target.on(name, listener) : target.off(name, listener);
          if (prop === 'off') {
            const inner = wrapped.get(listener);
            if (inner) target.off('change', inner);
            wrapped.delete(listener);
            return;
          }
          const inner: Listener = (change, origin) => {
            if (concernsOthers(change)) listener(change, origin);
          };
          wrapped.set(listener, inner);
          target.on('change', inner);
        };
      }
      if (prop === 'setLocalStateField') {
        return (field: string, value: unknown) => {
          if (field === CARET_FIELD) caret.publish(value);
          else target.setLocalStateField(field, value);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The awareness field the caret plugin publishes one's caret in: `{ anchor, head }` Yjs relative positions. */
const CARET_FIELD = 'cursor';

/**
 * A hidden tab paints nothing: a caret cleared as the person leaves the tab (blur) is published
 * after this long at the latest, so colleagues do not keep seeing a caret of someone gone.
 */
const LATEST_CARET_MS = 250;

/**
 * Publishes one's caret after the next paint, the latest one asked for (a caret cleared on blur
 * included), and not at all when it is the caret already published.
 */
function caretAfterPaint(awareness: Awareness): { publish(value: unknown): void } {
  let pending: { value: unknown; cancel: () => void } | undefined;
  const flush = () => {
    const next = pending;
    pending = undefined;
    if (!next) return;
    next.cancel();
    if (!sameCaret(awareness.getLocalState()?.[CARET_FIELD], next.value)) awareness.setLocalStateField(CARET_FIELD, next.value);
  };
  return {
    publish(value) {
      const latest: unknown = pending ? pending.value : awareness.getLocalState()?.[CARET_FIELD];
      if (sameCaret(latest, value)) return;
      if (pending) {
        pending.value = value;
        return;
      }
      const cancelPaint = afterNextPaint(flush);
      const timer = setTimeout(flush, LATEST_CARET_MS);
      pending = { value, cancel: () => (cancelPaint(), clearTimeout(timer)) };
    },
  };
}

function sameCaret(a: unknown, b: unknown): boolean {
  if (a == null || b == null) return (a ?? null) === (b ?? null);
  const x = a as { anchor?: unknown; head?: unknown };
  const y = b as { anchor?: unknown; head?: unknown };
  const samePosition = (p: unknown, q: unknown) => p instanceof Y.RelativePosition && q instanceof Y.RelativePosition && Y.compareRelativePositions(p, q);
  return samePosition(x.anchor, y.anchor) && samePosition(x.head, y.head);
}
