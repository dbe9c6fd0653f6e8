import type { Awareness } from 'y-protocols/awareness';

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
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
