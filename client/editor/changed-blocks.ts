import type { Node as PmNode } from '@tiptap/pm/model';
import { Mapping, StepMap } from '@tiptap/pm/transform';

/** The top-level blocks two versions of a document differ in: [from, oldTo) before, [from, newTo) after. */
export interface ChangedBlocks {
  /** Index of the first changed block (the same in both documents). */
  start: number;
  /** Index after the last changed block, before and after. */
  oldEnd: number;
  newEnd: number;
  from: number;
  oldTo: number;
  newTo: number;
  /** Old positions to new: exact outside the changed blocks, everything inside them replaced. */
  mapping: Mapping;
}

/**
 * Which top-level blocks changed between two documents, compared block by block from both ends.
 * A remote change reaches the editor as one step replacing the whole document (the collaboration
 * binding rebuilds it from the shared one), so that step's own mapping cannot tell what moved;
 * comparing the blocks (the default, content equality) can. The binding reuses the node of every
 * block the change did not touch (incremental-y-mapping.ts), so that comparison stops at once on
 * them; only a block it had to rebuild unchanged is compared in full. `same` may be identity
 * instead, nearly free and exact for local changes. Null when nothing changed.
 */
export function changedBlocks(before: PmNode, after: PmNode, same: (a: PmNode, b: PmNode) => boolean = (a, b) => a.eq(b)): ChangedBlocks | null {
  const a = before.content;
  const b = after.content;
  const common = Math.min(a.childCount, b.childCount);
  let start = 0;
  let from = 0;
  while (start < common && same(a.child(start), b.child(start))) {
    from += a.child(start).nodeSize;
    start++;
  }
  if (start === a.childCount && start === b.childCount) return null;
  let endA = a.childCount;
  let endB = b.childCount;
  let oldTo = a.size;
  let newTo = b.size;
  while (endA > start && endB > start && same(a.child(endA - 1), b.child(endB - 1))) {
    endA--;
    endB--;
    oldTo -= a.child(endA).nodeSize;
    newTo -= b.child(endB).nodeSize;
  }
  return { start, oldEnd: endA, newEnd: endB, from, oldTo, newTo, mapping: new Mapping([new StepMap([from, oldTo - from, newTo - from])]) };
}
