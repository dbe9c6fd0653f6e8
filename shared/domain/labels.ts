/**
 * Sub-item labels: letters at odd depths (`a.`), numbers at even depths (`1.`), alternating
 * downwards (`j.2.b.`). Depth is 1-based and counted from the official entry, so the children of
 * an entry identified as `5.A.1.j.` sit at depth 2 and are numbered.
 */

/** The two label kinds that alternate by depth. */
export type LabelKind = 'letter' | 'number';

/** A decoded label: its kind and 0-based position in a list (`a` → 0, `2` → 1, `aa` → 26). */
export interface LabelPosition {
  kind: LabelKind;
  index: number;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** The label kind expected at a 1-based depth. */
export function kindAtDepth(depth: number): LabelKind {
  if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`depth must be an integer ≥ 1, got ${depth}`);
  return depth % 2 === 1 ? 'letter' : 'number';
}

/**
 * The label for the item at 0-based `index` in a list at 1-based `depth`. Past `z` the lists are
 * believed to continue `aa`, `ab` … (unverified), so `beyondZ` tells the caller to warn.
 */
export function labelForIndex(depth: number, index: number): { label: string; beyondZ: boolean } {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`index must be an integer ≥ 0, got ${index}`);
  if (kindAtDepth(depth) === 'number') return { label: String(index + 1), beyondZ: false };
  // Bijective base 26, like spreadsheet columns: z is followed by aa.
  let n = index + 1;
  let label = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    label = LETTERS.charAt(rem) + label;
    n = Math.floor((n - 1) / 26);
  }
  return { label, beyondZ: index >= 26 };
}

/** Decodes a label without punctuation (`b`, `12`, `aa`); null when it is neither kind. */
export function labelPosition(label: string): LabelPosition | null {
  if (/^[1-9]\d{0,2}$/.test(label)) return { kind: 'number', index: Number(label) - 1 };
  if (!/^[a-z]{1,3}$/.test(label)) return null;
  let n = 0;
  for (const ch of label) n = n * 26 + (ch.charCodeAt(0) - 96);
  return { kind: 'letter', index: n - 1 };
}

/** Why a sub-item path breaks the alternation, with the 0-based offending position. */
export interface PathFault {
  index: number;
  label: string;
  expected: LabelKind | 'label';
}

/**
 * Walks a sub-item path (`['j', '2', 'b']`) starting at `startDepth` and reports the first label
 * whose kind is wrong for its depth. Structural rather than a regular expression, so `j.b.` and
 * `2.a.` are caught as well as garbage.
 */
export function checkLabelPath(path: readonly string[], startDepth = 1): PathFault | null {
  for (const [i, label] of path.entries()) {
    const pos = labelPosition(label);
    if (!pos) return { index: i, label, expected: 'label' };
    const expected = kindAtDepth(startDepth + i);
    if (pos.kind !== expected) return { index: i, label, expected };
  }
  return null;
}

/** Orders two labels of any kinds totally: letters before numbers, then by position. */
export function compareLabels(a: string, b: string): number {
  const pa = labelPosition(a);
  const pb = labelPosition(b);
  if (!pa || !pb) {
    if (pa) return -1;
    if (pb) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (pa.kind !== pb.kind) return pa.kind === 'letter' ? -1 : 1;
  return pa.index - pb.index;
}
