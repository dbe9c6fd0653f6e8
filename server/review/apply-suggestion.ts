import * as Y from 'yjs';
import type { Anchor } from '../../shared/api/review.ts';
import { resolvePosition } from './anchors.ts';

/**
 * Applies an accepted suggestion to the shared document, directly on its Yjs types (called inside
 * `DraftRoom.applyServerChange`, so the change is broadcast, attributed and stored like any edit).
 * The range is replaced by `insertText`; a "\n" in it splits the paragraph (a structural change).
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
  insertWithBreaks(start.text, start.index, insertText);
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

/** Inserts text at `index`; each "\n" ends the paragraph there and continues in a new one after it. */
function insertWithBreaks(text: Y.XmlText, index: number, insert: string): void {
  const [firstLine = '', ...lines] = insert.split('\n');
  if (firstLine) text.insert(index, firstLine);
  let current = text;
  let at = index + firstLine.length;
  for (const line of lines) {
    current = splitAt(current, at);
    if (line) current.insert(0, line);
    at = line.length;
  }
}

/** Splits the textblock holding `text` at `index`; returns the XmlText of the new block after it. */
function splitAt(text: Y.XmlText, index: number): Y.XmlText {
  const block = blockOf(text);
  const container = block?.parent;
  const moved = new Y.XmlText();
  if (!block || !(container instanceof Y.XmlElement || container instanceof Y.XmlFragment)) {
    return moved; // not in a block: nothing to split (the text after the break is dropped into a detached type)
  }
  const tail = (text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>).reduce<{ at: number; ops: Array<{ insert: string; attributes?: Record<string, unknown> }> }>(
    (acc, op) => {
      if (typeof op.insert !== 'string') return acc;
      const from = Math.max(0, index - acc.at);
      if (from < op.insert.length) acc.ops.push({ insert: op.insert.slice(from), ...(op.attributes ? { attributes: op.attributes } : {}) });
      acc.at += op.insert.length;
      return acc;
    },
    { at: 0, ops: [] },
  ).ops;
  if (index < text.length) text.delete(index, text.length - index);
  const children = block.toArray();
  const after = children.slice(children.indexOf(text) + 1);
  const next = new Y.XmlElement(block.nodeName);
  for (const [k, v] of Object.entries(block.getAttributes())) if (v !== undefined) next.setAttribute(k, v);
  const position = container.toArray().indexOf(block);
  container.insert(position + 1, [next]);
  next.insert(0, [moved, ...after.map((c) => c.clone() as Y.XmlElement | Y.XmlText)]);
  if (after.length > 0) block.delete(children.indexOf(text) + 1, after.length);
  let at = 0;
  for (const op of tail) {
    moved.insert(at, op.insert, op.attributes ?? {});
    at += op.insert.length;
  }
  return moved;
}
