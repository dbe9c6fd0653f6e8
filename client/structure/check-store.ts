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

/**
 * The panels (Problems, Outline, Definitions) hear of a new pass once the typing pauses for this
 * long. Every React commit while the caret is in the editor makes React walk the editor's whole
 * DOM (to save and restore the selection); in a 2,000-entry draft a commit per keystroke cost
 * more than the keystroke itself. The underlines in the text are not delayed, and `get()` always
 * answers with the latest pass.
 */
export const PANEL_QUIET_MS = 300;

const stores = new WeakMap<object, CheckStore>();

/** The check store of an editor, created on first use. */
export function checkStoreFor(editor: object): CheckStore {
  let store = stores.get(editor);
  if (!store) {
    let current = EMPTY;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listeners = new Set<() => void>();
    const notify = () => {
      timer = undefined;
      for (const l of listeners) l();
    };
    store = {
      get: () => current,
      set(next) {
        // The first pass is shown at once: until then the panels only say "Reading the draft…".
        const first = current.conversion === null;
        current = next;
        clearTimeout(timer);
        if (first) notify();
        else timer = setTimeout(notify, PANEL_QUIET_MS);
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
