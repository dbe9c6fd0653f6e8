import * as Y from 'yjs';
import type { Anchor, RelativePositionJson } from '../../shared/api/review.ts';
import { DOCUMENT_FRAGMENT } from '../../shared/schema/extensions.ts';

/**
 * Anchors on the server: Yjs relative positions resolved against the server's copy of a draft.
 *
 * A relative position names a character (an item) of the document, so it follows its words through
 * everyone's edits. Resolving one gives a Yjs type and an index; `TextIndex` turns that into an
 * offset in the draft's plain text (blocks separated by "\n"), which orders threads, yields quotes
 * and tells whether a range still covers any text.
 */

/** Nodes that hold text directly; a "\n" separates consecutive ones in the plain text. */
const TEXTBLOCKS = new Set(['paragraph', 'heading']);

export interface TextIndex {
  /** The draft's text, textblocks separated by "\n". */
  text: string;
  /** Offset in `text` of a resolved position, or undefined if its type is not in the document. */
  offsetOf(pos: Y.AbsolutePosition): number | undefined;
}

/** Walks the document once; O(size). */
export function indexText(doc: Y.Doc): TextIndex {
  const textStart = new Map<Y.AbstractType<unknown>, number>();
  const childStarts = new Map<Y.AbstractType<unknown>, number[]>();
  const parts: string[] = [];
  let length = 0;
  let blocks = 0;
  const push = (s: string) => {
    parts.push(s);
    length += s.length;
  };
  const walk = (type: Y.XmlFragment | Y.XmlElement) => {
    const starts: number[] = [];
    childStarts.set(type as Y.AbstractType<unknown>, starts);
    for (const child of type.toArray()) {
      starts.push(length);
      if (child instanceof Y.XmlText) {
        textStart.set(child as Y.AbstractType<unknown>, length);
        push(plain(child));
      } else if (child instanceof Y.XmlElement) {
        if (isTextblock(child)) {
          if (blocks++ > 0) push('\n');
          starts[starts.length - 1] = length;
          walk(child);
        } else if (type instanceof Y.XmlElement && isTextblock(type)) {
          push('\n'); // an inline node (a hard break) counts as one character
        } else {
          walk(child);
        }
      }
    }
    starts.push(length);
  };
  walk(doc.getXmlFragment(DOCUMENT_FRAGMENT));
  const text = parts.join('');
  return {
    text,
    offsetOf(pos) {
      const type = pos.type as Y.AbstractType<unknown>;
      const t = textStart.get(type);
      if (t !== undefined) return t + pos.index;
      return childStarts.get(type)?.[pos.index];
    },
  };
}

function isTextblock(el: Y.XmlElement): boolean {
  return TEXTBLOCKS.has(el.nodeName) || el.toArray().some((c) => c instanceof Y.XmlText);
}

/** An XmlText's characters (formatting dropped). */
function plain(t: Y.XmlText): string {
  let s = '';
  for (const op of t.toDelta() as Array<{ insert?: unknown }>) if (typeof op.insert === 'string') s += op.insert;
  return s;
}

/**
 * Resolves a relative position in `doc`, or undefined when it names nothing in it: an item the
 * server has never seen (a forged or stale anchor) or a type that was deleted.
 */
export function resolvePosition(doc: Y.Doc, json: RelativePositionJson): Y.AbsolutePosition | undefined {
  for (const id of [json.item, json.type]) {
    if (!id) continue;
    // createAbsolutePositionFromRelativePosition throws on ids the store lacks: check first.
    if (id.clock >= Y.getState(doc.store, id.client)) return undefined;
  }
  if (!json.item && !json.type && json.tname !== DOCUMENT_FRAGMENT) return undefined;
  try {
    return Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), doc) ?? undefined;
  } catch {
    return undefined;
  }
}

export interface ResolvedAnchor {
  start: number;
  end: number;
  /** The range's current text. */
  text: string;
}

/** A thread is detached when none of its words remain (a point, such as an insertion, when its place is gone). */
export function isDetached(pos: ResolvedAnchor | undefined, quote: string): boolean {
  return !pos || (quote.length > 0 && pos.end <= pos.start);
}

/** The anchor's current range in the plain text, or undefined when either end no longer resolves. */
export function resolveAnchor(doc: Y.Doc, index: TextIndex, anchor: Anchor): ResolvedAnchor | undefined {
  const s = resolvePosition(doc, anchor.start);
  const e = resolvePosition(doc, anchor.end);
  if (!s || !e) return undefined;
  const start = index.offsetOf(s);
  const end = index.offsetOf(e);
  if (start === undefined || end === undefined) return undefined;
  return { start, end: Math.max(start, end), text: index.text.slice(start, Math.max(start, end)) };
}
