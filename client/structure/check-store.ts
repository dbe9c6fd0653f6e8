import type { Conversion } from '../../shared/domain/from-prosemirror.ts';
import type { Problem } from '../../shared/domain/index.ts';

/** A definition whose text changed while this draft was open, for the Definitions panel. */
export interface EditedDefinition {
  uid: string;
  term: string;
  before: string;
  after: string;
}

/** The result of the latest check pass, read by the panels. */
export interface CheckSnapshot {
  conversion: Conversion | null;
  problems: readonly Problem[];
  /** Problems per entry or definition uid. */
  counts: ReadonlyMap<string, number>;
  edited: readonly EditedDefinition[];
  /** Time of the last full pass in milliseconds (conversion + checks), for the status line. */
  lastPassMs: number;
}

/** A tiny external store (for useSyncExternalStore): one per editor. */
export interface CheckStore {
  get(): CheckSnapshot;
  set(next: CheckSnapshot): void;
  subscribe(listener: () => void): () => void;
}

const EMPTY: CheckSnapshot = { conversion: null, problems: [], counts: new Map(), edited: [], lastPassMs: 0 };

const stores = new WeakMap<object, CheckStore>();

/** The check store of an editor, created on first use. */
export function checkStoreFor(editor: object): CheckStore {
  let store = stores.get(editor);
  if (!store) {
    let current = EMPTY;
    const listeners = new Set<() => void>();
    store = {
      get: () => current,
      set(next) {
        current = next;
        for (const l of listeners) l();
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    stores.set(editor, store);
  }
  return store;
}
