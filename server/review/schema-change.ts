import { updateYFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { Fragment, Slice, type Node as PmNode } from '@tiptap/pm/model';
import { ReplaceStep, Transform } from '@tiptap/pm/transform';
import * as Y from 'yjs';
import { BLOCK_LABELS, type Anchor, type StructureAction, type SuggestedChange } from '../../shared/api/review.ts';
import type { PmNodeJSON } from '../../shared/api/versions.ts';
import { CL, newUid } from '../../shared/schema/control-list/index.ts';
import { joinBackward, liftSubItem, sinkSubItem, splitLikeEnter } from '../../shared/schema/control-list/structural-edits.ts';
import { ancestor } from '../../shared/schema/control-list/tree.ts';
import { DOCUMENT_FRAGMENT, documentSchema } from '../../shared/schema/extensions.ts';
import { resolvePosition } from './anchors.ts';

/**
 * Suggestions whose effect depends on the document schema — a new block (Enter), a join of two
 * blocks (Backspace / Delete at a block boundary) and formatting — are applied as a ProseMirror
 * transform on the server's copy of the draft, checked against the schema, then written back into
 * the shared document with y-prosemirror's diff, which leaves unchanged blocks and characters
 * (and so everyone's anchors on them) alone. Plain text replacements keep the faster direct path
 * (apply-suggestion.ts).
 */

/** What a suggestion does, in schema terms, on the range [from, to) of the ProseMirror document. */
export type SchemaEdit = { type: 'replace'; text: string } | SuggestedChange;

/** Why a schema edit cannot be made, in words a member can act on. */
export class SchemaEditRefused extends Error {}

/**
 * Runs `edit` on the draft's current content. Returns the changed document, or throws
 * SchemaEditRefused when the anchor no longer resolves or the edit is impossible here.
 */
export function planSchemaEdit(doc: Y.Doc, anchor: Anchor, edit: SchemaEdit): PmNode {
  const range = pmRangeOf(doc, anchor);
  if (!range) throw new SchemaEditRefused('The text this refers to is no longer in the draft.');
  const tr = new Transform(pmDocumentOf(doc));
  tryEdit(tr, range[0], range[1], edit);
  return tr.doc;
}

/** One edit of a batch, with the suggestion it comes from. */
export interface BatchEdit {
  id: string;
  anchor: Anchor;
  edit: SchemaEdit;
}

/** What a batch did: the document after every edit that could be made, and why each other one could not. */
export interface BatchPlan {
  doc: PmNode;
  /** The draft as the plan found it (for writeSchemaEdit). */
  before: PmNode;
  applied: string[];
  refused: Array<{ id: string; reason: string }>;
}

/**
 * Plans many edits on one copy of the draft, in document order: every anchor is resolved once on
 * the draft as it is, each edit is tried at its place mapped through the edits before it, and an
 * edit that cannot be made is reported and left out, the others still apply. One conversion of the
 * draft to ProseMirror and one write back, however many edits (accept all).
 */
export function planSchemaBatch(doc: Y.Doc, edits: readonly BatchEdit[]): BatchPlan {
  const before = pmDocumentOf(doc);
  const tr = new Transform(before);
  const refused: BatchPlan['refused'] = [];
  const placed: Array<BatchEdit & { from: number; to: number }> = [];
  const index = positionIndex(doc.getXmlFragment(DOCUMENT_FRAGMENT));
  for (const e of edits) {
    const range = pmRangeOf(doc, e.anchor, index);
    if (range) placed.push({ ...e, from: range[0], to: range[1] });
    else refused.push({ id: e.id, reason: 'The text this refers to is no longer in the draft.' });
  }
  // Stable: suggestions at the same place keep the order they were made in.
  placed.sort((a, b) => a.from - b.from);
  const applied: string[] = [];
  for (const e of placed) {
    const from = tr.mapping.map(e.from, 1);
    const to = Math.max(from, tr.mapping.map(e.to, -1));
    const attempt = new Transform(tr.doc);
    try {
      tryEdit(attempt, from, to, e.edit, 'changed blocks');
    } catch (err) {
      if (!(err instanceof SchemaEditRefused)) throw err;
      refused.push({ id: e.id, reason: err.message });
      continue;
    }
    for (const step of attempt.steps) tr.step(step);
    applied.push(e.id);
  }
  return { doc: tr.doc, before, applied, refused };
}

/** The draft as a ProseMirror document of the shared schema. */
function pmDocumentOf(doc: Y.Doc): PmNode {
  const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(DOCUMENT_FRAGMENT)) as { content?: unknown[] };
  return documentSchema().nodeFromJSON({ type: 'doc', content: Array.isArray(json.content) ? json.content : [] });
}

/** The anchor as a ProseMirror range, or undefined when either end no longer resolves. */
function pmRangeOf(doc: Y.Doc, anchor: Anchor, index = positionIndex(doc.getXmlFragment(DOCUMENT_FRAGMENT))): [number, number] | undefined {
  const from = index(resolvePosition(doc, anchor.start));
  const to = index(resolvePosition(doc, anchor.end));
  if (from === undefined || to === undefined) return undefined;
  return [Math.min(from, to), Math.max(from, to)];
}

/**
 * Runs one edit on `tr` and checks the result against the schema; throws SchemaEditRefused when it
 * cannot be made. In a batch only the top-level blocks the edit touched are checked (the rest were
 * checked before), which keeps hundreds of edits from checking the whole draft hundreds of times.
 */
function tryEdit(tr: Transform, from: number, to: number, edit: SchemaEdit, scope: 'document' | 'changed blocks' = 'document'): void {
  runEdit(tr, from, to, edit);
  if (!tr.docChanged) throw new SchemaEditRefused(edit.type === 'format' ? 'This formatting is already there.' : 'This change has no effect here.');
  try {
    if (scope === 'document') tr.doc.check();
    else checkChangedBlocks(tr);
  } catch {
    throw new SchemaEditRefused('The document structure does not allow this change here.');
  }
}

/** Checks the top level's content and every top-level block inside the ranges `tr` changed; throws when one is invalid. */
function checkChangedBlocks(tr: Transform): void {
  const doc = tr.doc;
  if (!doc.type.validContent(doc.content)) throw new RangeError('invalid top-level content');
  let from = Infinity;
  let to = -Infinity;
  tr.mapping.maps.forEach((map, i) => {
    const rest = tr.mapping.slice(i + 1);
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      from = Math.min(from, rest.map(newStart, -1));
      to = Math.max(to, rest.map(newEnd, 1));
    });
  });
  if (from > to) return;
  doc.nodesBetween(Math.max(0, from - 1), Math.min(doc.content.size, to + 1), (node) => {
    node.check();
    return false;
  });
}

/**
 * Writes a planned document into the shared one (inside DraftRoom.applyServerChange). Given the
 * document the plan started from, its top-level blocks are matched to the draft's by position:
 * the blocks the plan left alone are the very same objects in `content`, so y-prosemirror's diff
 * skips them without comparing their contents and rewrites only the changed stretches (what makes
 * one write of hundreds of scattered edits cheap).
 */
export function writeSchemaEdit(doc: Y.Doc, content: PmNode, before?: PmNode): void {
  const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  const mapping = new Map<Y.AbstractType<unknown>, PmNode>();
  const children = fragment.toArray();
  if (before && before.childCount === children.length) children.forEach((child, i) => mapping.set(child as Y.AbstractType<unknown>, before.child(i)));
  updateYFragment(doc, fragment, content, { mapping, isOMark: new Map() });
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
    case 'insertBlock':
      insertBlocks(tr, from, to, edit.content);
      return;
    case 'structure':
      changeStructure(tr, from, edit.action);
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
 * Inserts suggested new blocks at a point between blocks, exactly there (never wrapped or split
 * into a different structure), with fresh ids so no two blocks of the draft share one.
 */
function insertBlocks(tr: Transform, from: number, to: number, content: PmNodeJSON[]): void {
  const schema = tr.doc.type.schema;
  const label = content.map((n) => BLOCK_LABELS[n.type as keyof typeof BLOCK_LABELS] ?? 'New block').join(' and ').toLowerCase();
  if (from !== to) throw new SchemaEditRefused('A new block is suggested at a point between blocks, not on a selection.');
  if (tr.doc.resolve(from).parent.inlineContent) throw new SchemaEditRefused(`A ${label} goes between blocks, not inside a line of text.`);
  let nodes: PmNode[];
  try {
    nodes = content.map((json) => schema.nodeFromJSON(withFreshUids(json)));
    for (const node of nodes) node.check();
  } catch {
    throw new SchemaEditRefused(`The ${label} is not made of the draft's blocks (its content does not fit the document structure).`);
  }
  if (tr.maybeStep(new ReplaceStep(from, from, new Slice(Fragment.from(nodes), 0, 0))).failed) {
    throw new SchemaEditRefused(`A ${label} cannot go at this place in the structure.`);
  }
}

/** A copy of block JSON in which every block that has an id gets a new one. */
function withFreshUids(json: PmNodeJSON): PmNodeJSON {
  const attrs = json.attrs && 'uid' in json.attrs ? { ...json.attrs, uid: newUid() } : json.attrs;
  return { ...json, ...(attrs ? { attrs } : {}), ...(json.content ? { content: json.content.map(withFreshUids) } : {}) };
}

const BLOCK_TYPES = { paragraph: ['paragraph', null], heading1: ['heading', { level: 1 }], heading2: ['heading', { level: 2 }], heading3: ['heading', { level: 3 }] } as const;

/** A paragraph or heading changes type, or the sub-item at `pos` is nested or un-nested, as its command would. */
function changeStructure(tr: Transform, pos: number, action: StructureAction): void {
  const $pos = tr.doc.resolve(pos);
  if (action === 'nest' || action === 'unnest') {
    const item = ancestor($pos, [CL.subItem]);
    if (!item) throw new SchemaEditRefused('Only a sub-item can be nested or un-nested.');
    const moved = action === 'nest' ? sinkSubItem(tr, item.pos) : liftSubItem(tr, item.pos);
    if (moved === undefined) {
      throw new SchemaEditRefused(action === 'nest' ? 'There is no sub-item before this one to nest it under.' : 'This sub-item is already at the top level.');
    }
    return;
  }
  const block = $pos.parent;
  if (block.type.name !== 'paragraph' && block.type.name !== 'heading') throw new SchemaEditRefused('Only a paragraph or a heading can be made a paragraph or a heading.');
  const [name, attrs] = BLOCK_TYPES[action];
  const type = tr.doc.type.schema.nodes[name];
  if (!type) throw new SchemaEditRefused(`The draft has no ${name} blocks.`);
  if (block.type === type && (attrs === null || block.attrs.level === attrs.level)) throw new SchemaEditRefused('The block already is of this type.');
  try {
    tr.setNodeMarkup($pos.before(), type, attrs);
  } catch {
    throw new SchemaEditRefused('This block cannot be of that type at this place.');
  }
}

/** Turns resolved Yjs positions into ProseMirror positions (see {@link positionIndex}). */
export type PositionIndex = (pos: Y.AbsolutePosition | undefined) => number | undefined;

/**
 * Resolved Yjs positions as ProseMirror positions: the sizes of the Yjs types before one, counted
 * as ProseMirror counts nodes (an element is its content plus two, a leaf one, a character one).
 * Sizes and offsets are remembered, so resolving hundreds of anchors of one batch walks the draft
 * about once; the index is only valid while the document does not change.
 */
export function positionIndex(fragment: Y.XmlFragment): PositionIndex {
  const sizes = new Map<unknown, number>();
  const offsets = new Map<unknown, Map<unknown, number>>();
  const leaves = new Set(Object.values(documentSchema().nodes).filter((t) => t.isLeaf).map((t) => t.name));
  const sizeOf = (node: unknown): number => {
    const known = sizes.get(node);
    if (known !== undefined) return known;
    let size = 0;
    if (node instanceof Y.XmlText) size = node.length;
    else if (node instanceof Y.XmlElement) size = leaves.has(node.nodeName) ? 1 : 2 + node.toArray().reduce((n, c) => n + sizeOf(c), 0);
    sizes.set(node, size);
    return size;
  };
  const childOffsets = (parent: Y.XmlElement | Y.XmlFragment): Map<unknown, number> => {
    let m = offsets.get(parent);
    if (m) return m;
    m = new Map();
    let at = 0;
    for (const child of parent.toArray()) {
      m.set(child, at);
      at += sizeOf(child);
    }
    m.set(END, at);
    offsets.set(parent, m);
    return m;
  };
  const contentStart = (type: Y.AbstractType<unknown>): number | undefined => {
    if (type === (fragment as Y.AbstractType<unknown>)) return 0;
    const parent = type._item?.parent;
    if (!(parent instanceof Y.XmlElement || parent instanceof Y.XmlFragment) || type._item?.deleted) return undefined;
    const parentStart = contentStart(parent as Y.AbstractType<unknown>);
    const offset = childOffsets(parent).get(type);
    if (parentStart === undefined || offset === undefined) return undefined;
    return parentStart + offset + (type instanceof Y.XmlElement ? 1 : 0);
  };
  return (pos) => {
    if (!pos) return undefined;
    const type = pos.type;
    const start = contentStart(type as Y.AbstractType<unknown>);
    if (start === undefined) return undefined;
    if (type instanceof Y.XmlText) return start + pos.index;
    if (type instanceof Y.XmlElement || type instanceof Y.XmlFragment) {
      const child = type.toArray()[pos.index];
      const offset = childOffsets(type).get(child === undefined ? END : child);
      return offset === undefined ? undefined : start + offset;
    }
    return undefined;
  };
}
const END = Symbol('end of the children');
