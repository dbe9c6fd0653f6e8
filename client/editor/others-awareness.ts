import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';

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
 * Everything else (states, one's own state, the other events) is the real awareness's.
 */
export function othersOnlyAwareness(awareness: Awareness): Awareness {
  const wrapped = new Map<Listener, Listener>();
  const concernsOthers = ({ added, updated, removed }: AwarenessChange) =>
    [added, updated, removed].some((ids) => ids.some((id) => id !== awareness.clientID));
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
          const current: unknown = target.getLocalState()?.[field];
          if (field === CARET_FIELD && sameCaret(current, value)) return;
          target.setLocalStateField(field, value);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The awareness field the caret plugin publishes one's caret in: `{ anchor, head }` Yjs relative positions. */
const CARET_FIELD = 'cursor';

function sameCaret(a: unknown, b: unknown): boolean {
  if (a == null || b == null) return (a ?? null) === (b ?? null);
  const x = a as { anchor?: unknown; head?: unknown };
  const y = b as { anchor?: unknown; head?: unknown };
  const samePosition = (p: unknown, q: unknown) => p instanceof Y.RelativePosition && q instanceof Y.RelativePosition && Y.compareRelativePositions(p, q);
  return samePosition(x.anchor, y.anchor) && samePosition(x.head, y.head);
}
