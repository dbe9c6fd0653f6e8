/**
 * The automatic numbering the editor applies: sub-item labels follow the letter/number
 * alternation by depth, and notes of one kind are numbered when an owner has more than one.
 * Shared so the editor, the templates and the importer agree, and a freshly made document needs
 * no renumbering when it is first opened.
 */
import type { NoteKind } from './model.ts';
import { parseIdentifier } from './identifiers.ts';
import { labelForIndex } from './labels.ts';

/**
 * The depth of an entry's first-level sub-items, counted from the official entry: 1 for `4.A.5.`,
 * 2 for an entry identified as `5.A.1.j.` (its sub-items are numbered).
 */
export function firstItemDepth(identifier: string): number {
  return (parseIdentifier(identifier)?.id.path.length ?? 0) + 1;
}

/** The automatic label of the `index`-th (0-based) sub-item of a list at `depth` (1-based). */
export function autoLabel(depth: number, index: number): string {
  return labelForIndex(depth, index).label;
}

/**
 * The numbers of an owner's notes, in order: null when a kind occurs once, 1, 2 … when it occurs
 * more than once ("Note 1:", "Note 2:"). N.B.s are never numbered.
 */
export function noteNumbers(kinds: readonly NoteKind[]): Array<number | null> {
  const totals = new Map<NoteKind, number>();
  for (const k of kinds) totals.set(k, (totals.get(k) ?? 0) + 1);
  const seen = new Map<NoteKind, number>();
  return kinds.map((k) => {
    if (k === 'nb' || (totals.get(k) ?? 0) < 2) return null;
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return n;
  });
}
