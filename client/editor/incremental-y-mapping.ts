import type { Node as PmNode } from '@tiptap/pm/model';
import type { ProsemirrorBinding } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { bindingExtension } from './binding-extension.ts';

/** The collaboration binding's cache: per Yjs type, the node showing it (for text, the run of text nodes). */
type Cache = ProsemirrorBinding['mapping'];
type YType = Cache extends Map<infer K, unknown> ? K : never;
type Shown = Cache extends Map<YType, infer V> ? V : never;

/**
 * The collaboration binding's cache of which ProseMirror node shows which Yjs type, made to survive
 * a change received from Yjs.
 *
 * y-tiptap 3.0.9 (`ProsemirrorBinding._typeChanged`) first forgets the types the Yjs transaction
 * changed, as y-prosemirror does, and then clears the whole cache "so relative cursor positions
 * resolve against current node sizes after structural changes (drag-and-drop block moves)". The
 * clear makes every received keystroke rebuild every node of the draft from Yjs and hand ProseMirror
 * and all our plugins a document in which no block is the one they saw before: ~600 ms per
 * collaborator keystroke on a 2,000-entry draft.
 *
 * Here, a clear() called while the binding reacts to a Yjs transaction keeps the cached nodes of
 * the types that transaction did not touch, so only changed blocks are rebuilt. What the clear
 * guarded against is a cached node that no longer is what the page shows (and so may have another
 * size): every kept node is checked to be, by identity and in order, a child of what its parent
 * showed before this change, level by level down the changed path; an entry that fails is dropped
 * with everything below it and rebuilt from Yjs, the source of truth. Any other clear() (the first
 * render, snapshots) clears.
 */
export class IncrementalYMapping extends Map<YType, Shown> {
  /** The Yjs transaction whose observers are running, while they run. */
  private receiving: Y.Transaction | null = null;
  /** Entries the binding forgot while reacting to that transaction (the types it changed), with their nodes. */
  private readonly forgotten = new Map<YType, Shown>();

  constructor(
    entries: Iterable<[YType, Shown]>,
    private readonly fragment: Y.XmlFragment,
    /** The document the page shows: before the binding dispatches its change, the one from before it. */
    private readonly shownDoc: () => PmNode,
  ) {
    super(entries);
  }

  /** Yjs calls its observers between these two (doc events `beforeObserverCalls` and `afterTransaction`). */
  observersStart(transaction: Y.Transaction): void {
    this.receiving = transaction;
  }

  observersEnd(): void {
    this.receiving = null;
    this.forgotten.clear();
  }

  override delete(type: YType): boolean {
    if (this.receiving !== null) {
      const shown = super.get(type);
      if (shown !== undefined) this.forgotten.set(type, shown);
    }
    return super.delete(type);
  }

  override clear(): void {
    if (this.receiving === null) {
      super.clear();
      return;
    }
    this.keepOnlyShown(this.fragment, this.shownDoc());
    this.forgotten.clear();
  }

  /**
   * Drops the entries of `parent`'s element children whose node is not, in order, one of the
   * children `shown` (the node `parent` was shown as) had. A child this transaction changed is
   * checked the same way one level down; an untouched child's subtree did not change in Yjs, so
   * its node, still shown, shows it exactly.
   */
  private keepOnlyShown(parent: Y.XmlFragment, shown: PmNode): void {
    // One pass over both lists in order (a received keystroke checks every top-level block here,
    // so no index is built): `next` is the first shown child not yet matched. A miss scans to the
    // end; misses are rare (a cache entry that went stale), so this stays linear in practice.
    let next = 0;
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const kept = super.get(child);
      const changed = this.forgotten.get(child);
      const node = kept ?? changed;
      if (node === undefined) continue; // new in this transaction: the binding builds it
      let at = next;
      if (!Array.isArray(node)) while (at < shown.childCount && shown.child(at) !== node) at++;
      if (Array.isArray(node) || at === shown.childCount) {
        this.forgetSubtree(child);
        continue;
      }
      next = at + 1;
      if (kept === undefined) this.keepOnlyShown(child, node);
    }
  }

  private forgetSubtree(type: YType): void {
    super.delete(type);
    if (type instanceof Y.XmlElement) for (const child of type.toArray()) this.forgetSubtree(child);
  }
}

/** Puts an IncrementalYMapping into the editor's collaboration binding, with the entries it has. */
function install(binding: ProsemirrorBinding, shownDoc: () => PmNode): () => void {
  const mapping = new IncrementalYMapping(binding.mapping, binding.type, shownDoc);
  binding.mapping = mapping;
  const start = (transaction: Y.Transaction) => mapping.observersStart(transaction);
  const end = () => mapping.observersEnd();
  binding.doc.on('beforeObserverCalls', start);
  binding.doc.on('afterTransaction', end);
  return () => {
    binding.doc.off('beforeObserverCalls', start);
    binding.doc.off('afterTransaction', end);
  };
}

/** Keeps the collaboration binding from rebuilding the whole draft for each change it receives. */
export const IncrementalYMappingExtension = bindingExtension('incrementalYMapping', (binding, view) => install(binding, () => view.state.doc));
