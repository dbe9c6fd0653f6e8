import { updateYFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import type { Node as PmNode } from '@tiptap/pm/model';
import { Transform } from '@tiptap/pm/transform';
import * as Y from 'yjs';
import type { Anchor, FormatChange } from '../../shared/api/review.ts';
import { DOCUMENT_FRAGMENT, documentSchema } from '../../shared/schema/extensions.ts';
import { resolvePosition } from './anchors.ts';
import { joinBackward, splitLikeEnter } from './structural-edits.ts';

/**
 * Suggestions whose effect depends on the document schema — a new block (Enter), a join of two
 * blocks (Backspace / Delete at a block boundary) and formatting — are applied as a ProseMirror
 * transform on the server's copy of the draft, checked against the schema, then written back into
 * the shared document with y-prosemirror's diff, which leaves unchanged blocks and characters
 * (and so everyone's anchors on them) alone. Plain text replacements keep the faster direct path
 * (apply-suggestion.ts).
 */

/** What a suggestion does, in schema terms, on the range [from, to) of the ProseMirror document. */
export type SchemaEdit =
  | { type: 'replace'; text: string }
  | { type: 'join' }
  | FormatChange;

/** Why a schema edit cannot be made, in words a member can act on. */
export class SchemaEditRefused extends Error {}

/**
 * Runs `edit` on the draft's current content. Returns the changed document, or throws
 * SchemaEditRefused when the anchor no longer resolves or the edit is impossible here.
 */
export function planSchemaEdit(doc: Y.Doc, anchor: Anchor, edit: SchemaEdit): PmNode {
  const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  const from = pmPositionOf(fragment, resolvePosition(doc, anchor.start));
  const to = pmPositionOf(fragment, resolvePosition(doc, anchor.end));
  if (from === undefined || to === undefined) throw new SchemaEditRefused('The text this refers to is no longer in the draft.');
  const json = yXmlFragmentToProsemirrorJSON(fragment) as { content?: unknown[] };
  const before = documentSchema().nodeFromJSON({ type: 'doc', content: Array.isArray(json.content) ? json.content : [] });
  const tr = new Transform(before);
  runEdit(tr, Math.min(from, to), Math.max(from, to), edit);
  if (!tr.docChanged) throw new SchemaEditRefused(edit.type === 'format' ? 'This formatting is already there.' : 'This change has no effect here.');
  try {
    tr.doc.check();
  } catch {
    throw new SchemaEditRefused('The document structure does not allow this change here.');
  }
  return tr.doc;
}

/** Writes a planned document into the shared one (inside DraftRoom.applyServerChange). */
export function writeSchemaEdit(doc: Y.Doc, content: PmNode): void {
  updateYFragment(doc, doc.getXmlFragment(DOCUMENT_FRAGMENT), content, { mapping: new Map(), isOMark: new Map() });
}

function runEdit(tr: Transform, from: number, to: number, edit: SchemaEdit): void {
  const schema = tr.doc.type.schema;
  switch (edit.type) {
    case 'replace': {
      if (to > from) tr.delete(from, to);
      let at = from;
      edit.text.split('\n').forEach((line, i) => {
        if (i > 0) {
          const next = splitLikeEnter(tr, at);
          if (next === undefined) throw new SchemaEditRefused('A new block cannot start here.');
          at = next;
        }
        if (line) {
          tr.insert(at, schema.text(line, tr.doc.resolve(at).marks()));
          at += line.length;
        }
      });
      return;
    }
    case 'join':
      if (from !== to || !joinBackward(tr, from)) throw new SchemaEditRefused('There is no block before this one to join it to.');
      return;
    case 'format': {
      const type = schema.marks[edit.mark];
      if (!type) throw new SchemaEditRefused(`The draft has no ${edit.mark} formatting.`);
      if (to <= from) throw new SchemaEditRefused('Select the text to format.');
      if (edit.action === 'add') tr.addMark(from, to, type.create(edit.mark === 'link' ? { href: edit.href } : null));
      else tr.removeMark(from, to, type);
      return;
    }
  }
}

/**
 * A resolved Yjs position as a ProseMirror position: the sizes of the Yjs types before it, counted
 * as ProseMirror counts nodes (an element is its content plus two, a leaf one, a character one).
 */
export function pmPositionOf(fragment: Y.XmlFragment, pos: Y.AbsolutePosition | undefined): number | undefined {
  if (!pos) return undefined;
  const type = pos.type;
  const start = contentStart(fragment, type as Y.AbstractType<unknown>);
  if (start === undefined) return undefined;
  if (type instanceof Y.XmlText) return start + pos.index;
  if (type instanceof Y.XmlElement || type instanceof Y.XmlFragment) {
    return start + type.toArray().slice(0, pos.index).reduce((n, c) => n + sizeOf(c), 0);
  }
  return undefined;
}

function contentStart(fragment: Y.XmlFragment, type: Y.AbstractType<unknown>): number | undefined {
  if (type === (fragment as Y.AbstractType<unknown>)) return 0;
  const parent = type._item?.parent;
  if (!(parent instanceof Y.XmlElement || parent instanceof Y.XmlFragment) || type._item?.deleted) return undefined;
  const parentStart = contentStart(fragment, parent as Y.AbstractType<unknown>);
  if (parentStart === undefined) return undefined;
  let offset = 0;
  for (const child of parent.toArray()) {
    if (child === type) return parentStart + offset + (type instanceof Y.XmlElement ? 1 : 0);
    offset += sizeOf(child);
  }
  return undefined;
}

function sizeOf(node: Y.XmlElement | Y.XmlText | Y.XmlHook): number {
  if (node instanceof Y.XmlText) return node.length;
  if (!(node instanceof Y.XmlElement)) return 0;
  if (documentSchema().nodes[node.nodeName]?.isLeaf) return 1;
  return 2 + node.toArray().reduce((n, c) => n + sizeOf(c), 0);
}
