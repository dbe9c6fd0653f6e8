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

/** The last answer per resulting document: several plugins ask about the same change. */
const answers = new WeakMap<PmNode, { before: PmNode; changed: ChangedBlocks | null }>();

/**
 * Which top-level blocks changed between two documents, compared block by block from both ends.
 * A remote change reaches the editor as one step replacing the whole document (the collaboration
 * binding rebuilds it from the shared one), so that step's own mapping cannot tell what moved;
 * this can, at the cost of comparing the blocks' content. Null when the documents are equal.
 */
export function changedBlocks(before: PmNode, after: PmNode): ChangedBlocks | null {
  const known = answers.get(after);
  if (known?.before === before) return known.changed;
  const changed = compareBlocks(before, after);
  answers.set(after, { before, changed });
  return changed;
}

function compareBlocks(before: PmNode, after: PmNode): ChangedBlocks | null {
  const a = before.content;
  const b = after.content;
  const common = Math.min(a.childCount, b.childCount);
  let start = 0;
  let from = 0;
  while (start < common && a.child(start).eq(b.child(start))) {
    from += a.child(start).nodeSize;
    start++;
  }
  if (start === a.childCount && start === b.childCount) return null;
  let endA = a.childCount;
  let endB = b.childCount;
  let oldTo = a.size;
  let newTo = b.size;
  while (endA > start && endB > start && a.child(endA - 1).eq(b.child(endB - 1))) {
    endA--;
    endB--;
    oldTo -= a.child(endA).nodeSize;
    newTo -= b.child(endB).nodeSize;
  }
  return { start, oldEnd: endA, newEnd: endB, from, oldTo, newTo, mapping: new Mapping([new StepMap([from, oldTo - from, newTo - from])]) };
}
