/**
 * Rich-text lists (HTML `<ol>`/`<li>`, Word's list paragraphs) carry their sub-item structure in
 * markup rather than in typed labels. A paste reader on the client turns the clipboard's HTML into
 * these neutral blocks; this module writes them out as the plain list text the shared parser
 * reads, giving every item the label its place calls for, so one parser recognises identifiers,
 * sub-items, notes and definitions whatever the source.
 */
import { firstItemDepth } from './auto-labels.ts';
import { kindAtDepth, labelForIndex, type LabelKind } from './labels.ts';
import { parseIdentifier } from './identifiers.ts';

/** A paragraph, or an item of a list at `level` (1 = outermost list). */
export type PastedBlock =
  | { kind: 'paragraph'; text: string }
  | {
      kind: 'item';
      level: number;
      text: string;
      /** The label the source showed, if it was text (Word writes "a." or "(a)" into the item). */
      marker: string | null;
      /** The numbering the list declares (`<ol type="a">`, `list-style-type: decimal`), if any. */
      numbering: LabelKind | null;
    };

const TYPED_LABEL = /^\(?(a[a-z]|[a-z]|\d{1,2})[.)]$/i;
const MAX_LEVEL = 8;

/** The label an item gets: the one it showed, else the next for its numbering and depth. */
function labelFor(block: Extract<PastedBlock, { kind: 'item' }>, depth: number, index: number): string {
  const typed = block.marker === null ? null : TYPED_LABEL.exec(block.marker.trim());
  if (typed?.[1]) return typed[1].toLowerCase();
  // A declared numbering that the depth does not call for moves the item one level down.
  const depthOfKind = block.numbering === null || block.numbering === kindAtDepth(depth) ? depth : depth + 1;
  return labelForIndex(depthOfKind, index).label;
}

/** The list text of pasted blocks, one line per paragraph or item, for `parseText`. */
export function listTextFromBlocks(blocks: readonly PastedBlock[]): string {
  const lines: string[] = [];
  // The depth of the first level of items, from the entry above them (5.A.1.j. → numbered items).
  let base = 1;
  const counters: number[] = [];
  for (const block of blocks) {
    const text = block.text.replace(/\s+/g, ' ').trim();
    if (block.kind === 'paragraph') {
      counters.length = 0;
      if (text === '') {
        lines.push('');
        continue;
      }
      const first = text.split(' ')[0] ?? '';
      if (parseIdentifier(first)) base = firstItemDepth(first);
      lines.push(text);
      continue;
    }
    const level = Math.min(Math.max(1, Math.round(block.level)), MAX_LEVEL);
    counters.length = level;
    const index = counters[level - 1] ?? 0;
    counters[level - 1] = index + 1;
    lines.push(`${labelFor(block, base + level - 1, index)}. ${text}`.trimEnd());
  }
  return lines.join('\n');
}
