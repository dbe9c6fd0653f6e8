import * as Y from 'yjs';
import type { Anchor } from '../../shared/api/review.ts';
import { resolvePosition } from './anchors.ts';

/**
 * Applies an accepted suggestion to the shared document, directly on its Yjs types (called inside
 * `DraftRoom.applyServerChange`, so the change is broadcast, attributed and stored like any edit).
 * The range is replaced by `insertText`, which has no "\n": a new block needs the schema
 * (schema-change.ts).
 * Returns false, changing nothing, when the anchor no longer resolves to text.
 */
export function applySuggestion(doc: Y.Doc, anchor: Anchor, insertText: string): boolean {
  const start = toTextPoint(resolvePosition(doc, anchor.start), 'start');
  const end = toTextPoint(resolvePosition(doc, anchor.end), 'end');
  if (!start || !end) return false;
  if (start.text === end.text) {
    if (end.index > start.index) start.text.delete(start.index, end.index - start.index);
  } else if (!deleteAcross(start, end)) {
    return false;
  }
  if (insertText) start.text.insert(start.index, insertText);
  return true;
}

interface TextPoint {
  text: Y.XmlText;
  index: number;
}

/** A resolved position as a point inside an XmlText (creating one in an empty textblock). */
function toTextPoint(pos: Y.AbsolutePosition | undefined, side: 'start' | 'end'): TextPoint | undefined {
  if (!pos) return undefined;
  if (pos.type instanceof Y.XmlText) return { text: pos.type, index: pos.index };
  if (!(pos.type instanceof Y.XmlElement)) return undefined;
  const el = pos.type;
  const children = el.toArray();
  const after = children[pos.index];
  const before = children[pos.index - 1];
  if (side === 'start' && after instanceof Y.XmlText) return { text: after, index: 0 };
  if (before instanceof Y.XmlText) return { text: before, index: before.length };
  if (after instanceof Y.XmlText) return { text: after, index: 0 };
  if (children.length === 0) {
    const text = new Y.XmlText();
    el.insert(0, [text]);
    return { text, index: 0 };
  }
  return undefined;
}

/** The textblock element holding an XmlText. */
const blockOf = (t: Y.XmlText): Y.XmlElement | undefined => (t.parent instanceof Y.XmlElement ? t.parent : undefined);

/**
 * Deletes from `start` to `end` when they lie in different textblocks: the tail of the first, the
 * head of the last, every block between them; then the last block's rest joins the first block.
 */
function deleteAcross(start: TextPoint, end: TextPoint): boolean {
  const first = blockOf(start.text);
  const last = blockOf(end.text);
  if (!first || !last || first.parent !== last.parent) return false;
  const container = first.parent as Y.XmlFragment | Y.XmlElement;
  const siblings = container.toArray();
  const i = siblings.indexOf(first);
  const j = siblings.indexOf(last);
  if (i < 0 || j <= i) return false;
  start.text.delete(start.index, start.text.length - start.index);
  end.text.delete(0, end.index);
  const rest = end.text.toDelta() as Array<{ insert: string; attributes?: Record<string, unknown> }>;
  let at = start.text.length;
  for (const op of rest) {
    if (typeof op.insert !== 'string') continue;
    start.text.insert(at, op.insert, op.attributes ?? {});
    at += op.insert.length;
  }
  container.delete(i + 1, j - i);
  return true;
}
