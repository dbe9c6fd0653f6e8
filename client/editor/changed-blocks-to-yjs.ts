import { Node as PmNode } from '@tiptap/pm/model';
import { getRelativeSelection, updateYFragment, ySyncPluginKey, type ProsemirrorBinding } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { bindingExtension } from './binding-extension.ts';

/** Above this many changed blocks the full pass is used: the move check below compares each with every block. */
const MOST_CHANGED_BLOCKS = 8;

/**
 * Writes one's own edits to Yjs by visiting only the top-level blocks they changed.
 *
 * y-tiptap 3.0.9 writes every editor update to Yjs (`ProsemirrorBinding._prosemirrorChanged`) by
 * reconciling the whole document: before its left/right diff, `reconcileMappedChildren` indexes
 * every top-level block and runs a longest-increasing-subsequence search over them to spot moved
 * blocks. It does so for every view update, a selection change included. On a 2,000-block draft that
 * was the largest piece of script in a keystroke (Chromium CPU profile: ~20 % of the page's own
 * script while typing).
 *
 * What Yjs block `i` holds is known without comparing content: the binding's mapping keeps, per
 * Yjs type, the node it last wrote or showed for it, and y-tiptap's own pass trusts that too. An
 * edit that leaves the top level's length alone, where every block is either that same node (the
 * untouched ones: ProseMirror shares them between documents) or a new node of the same kind at the
 * same index, changed nothing but those new blocks. They, and only they, are written with y-tiptap's
 * own `updateYFragment`, which is what its full pass ends up calling for them (the blocks around
 * them match by identity and are left alone). Anything else (a block inserted, deleted, replaced by
 * another kind, or moved: a block node found at another index) takes y-tiptap's full pass, which
 * keeps moved blocks' Yjs types.
 */
export function writeChangedBlocks(binding: ProsemirrorBinding, doc: PmNode): boolean {
  const fragment = binding.type;
  if (fragment.length !== doc.childCount) return false;
  const yBlocks = fragment.toArray();
  const written: PmNode[] = [];
  const changed: Array<[Y.XmlElement, PmNode]> = [];
  for (let i = 0; i < doc.childCount; i++) {
    const yBlock = yBlocks[i];
    const before = yBlock === undefined ? undefined : binding.mapping.get(yBlock);
    if (!(before instanceof PmNode)) return false;
    written.push(before);
    const after = doc.child(i);
    if (after === before) continue;
    if (!(yBlock instanceof Y.XmlElement) || yBlock.nodeName !== after.type.name) return false;
    changed.push([yBlock, after]);
    if (changed.length > MOST_CHANGED_BLOCKS) return false;
  }
  // A changed index that shows a block Yjs holds elsewhere is a move.
  for (const [, block] of changed) if (written.includes(block)) return false;
  binding.doc.transact(() => {
    binding.mapping.set(fragment, doc);
    for (const [yBlock, block] of changed) updateYFragment(binding.doc, yBlock, block, binding);
    // As y-tiptap's own write does: the selection to restore if a received change lands first.
    binding.beforeTransactionSelection = getRelativeSelection(binding, (binding.prosemirrorView as { state: Parameters<typeof getRelativeSelection>[1] }).state);
  }, ySyncPluginKey);
  return true;
}

/** Routes the binding's writes through `writeChangedBlocks`, falling back to its own full pass. */
function install(binding: ProsemirrorBinding): () => void {
  const ownPass = Object.getOwnPropertyDescriptor(binding, '_prosemirrorChanged');
  const fullPass = binding._prosemirrorChanged.bind(binding);
  binding._prosemirrorChanged = (doc: PmNode) => {
    if (!writeChangedBlocks(binding, doc)) fullPass(doc);
  };
  return () => {
    if (ownPass) Object.defineProperty(binding, '_prosemirrorChanged', ownPass);
    else delete (binding as Partial<ProsemirrorBinding>)._prosemirrorChanged;
  };
}

/** Keeps one's own keystrokes from reconciling the whole draft with Yjs. */
export const ChangedBlocksToYjs = bindingExtension('changedBlocksToYjs', (binding) => install(binding));
