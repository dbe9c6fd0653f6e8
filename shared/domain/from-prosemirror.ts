/**
 * Converts the editor's document (a ProseMirror node, or anything shaped like one) into the
 * neutral `ControlListDoc` the checks run on, and says where each checked run sits so problems can
 * be underlined. Every `SourceRef.nodeId` is built from stable provision ids (the `uid`
 * attributes): a sub-item's, note's or definition's text has that node's uid; an entry's
 * identifier and heading have `<entry uid>#identifier` and `<entry uid>#heading`.
 *
 * The converter is stateful so typing stays cheap on long drafts: the conversion of a top-level
 * node is cached by node identity (ProseMirror nodes are immutable and unchanged ones are shared
 * between versions), so an unchanged entry yields the very same `Entry` object and the
 * incremental checker recognises it without looking inside.
 */
import type { Category, ControlListDoc, Convention, Definition, Entry, Group, NoteBlock, SubItem, TextRun } from './model.ts';
import { classifyLine } from './parse-lines.ts';
import { parseRunIdentifier, type ParsedIdentifier } from './identifiers.ts';
import { CL, NOTE_KINDS, type NoteKindAttr } from '../schema/control-list/names.ts';

/**
 * The part of a ProseMirror `Node` the converter reads; a real `Node` satisfies it, so this module
 * needs neither Tiptap nor a schema.
 */
export interface PMNodeLike {
  readonly type: { readonly name: string };
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly childCount: number;
  child(index: number): PMNodeLike;
  readonly nodeSize: number;
  readonly isText: boolean;
  readonly text?: string | undefined;
}

/** Where a run's text starts, relative to the start of its top-level node. */
type RunOffsets = Array<readonly [nodeId: string, rel: number]>;

type Top =
  | { kind: 'category'; number: string; part?: string; title: TextRun; uid: string }
  | { kind: 'group'; letter: string; title: TextRun; uid: string }
  | { kind: 'entry'; entry: Entry; runs: RunOffsets; parsed: ParsedIdentifier | null }
  | { kind: 'definition'; def: Definition; runs: RunOffsets }
  | { kind: 'other'; prose: TextRun | null };

/** One conversion: the model, and the way back from a problem to the document. */
export interface Conversion {
  doc: ControlListDoc;
  /** The document position where the run with this node id starts, or null if there is none. */
  locate(nodeId: string): number | null;
  /** The uid of the entry or definition a run belongs to (for per-entry problem counts). */
  unitOf(nodeId: string): string | null;
}

/** A converter that remembers top-level nodes between calls; see the module comment. */
export interface Converter {
  convert(doc: PMNodeLike, convention?: Convention): Conversion;
}

/** Creates a caching converter. Use one per editor. */
export function createConverter(): Converter {
  // Weak, so nodes of old versions drop out by themselves; nothing needs rebuilding per pass.
  const cache = new WeakMap<object, Top>();
  return {
    convert(root, convention) {
      const tops: Top[] = [];
      const positions: number[] = [];
      let pos = 0;
      for (let i = 0; i < root.childCount; i++) {
        const node = root.child(i);
        let top = cache.get(node);
        if (!top) {
          top = convertTop(node, i);
          if (cacheable(top)) cache.set(node, top);
        }
        tops.push(top);
        positions.push(pos);
        pos += node.nodeSize;
      }
      return assemble(tops, positions, convention);
    },
  };
}

/** Converts a document once, without a cache (server, CLI, tests). */
export function fromProseMirror(root: PMNodeLike, convention?: Convention): Conversion {
  return createConverter().convert(root, convention);
}

// Units whose ids had to be invented from their position must not be reused at another position.
function cacheable(top: Top): boolean {
  if (top.kind === 'entry') return !top.entry.id.startsWith('@');
  if (top.kind === 'definition') return !top.def.id.startsWith('@');
  return top.kind !== 'other';
}

function assemble(tops: readonly Top[], positions: readonly number[], convention: Convention | undefined): Conversion {
  const doc: ControlListDoc = { convention: 'wassenaar', categories: [], definitions: [], prose: [] };
  const styles = { wassenaar: 0, eu: 0 };
  let category: Category | null = null;
  let group: Group | null = null;
  let implicit = false;

  const sectionFor = (parsed: ParsedIdentifier | null): Group => {
    const cat = parsed?.id.category ?? '';
    const letter = parsed?.id.group ?? '';
    if (!category || (implicit && category.number !== cat)) {
      category = doc.categories.find((c) => c.number === cat) ?? null;
      if (!category) {
        category = { number: cat, groups: [] };
        doc.categories.push(category);
      }
      implicit = true;
      group = null;
    }
    if (!group || (implicit && group.letter !== letter)) {
      const open: Category = category;
      group = open.groups.find((g) => g.letter === letter) ?? null;
      if (!group) {
        group = { letter, entries: [] };
        open.groups.push(group);
      }
    }
    return group;
  };

  for (const top of tops) {
    switch (top.kind) {
      case 'category':
        category = { number: top.number, groups: [], title: top.title, ...(top.part ? { part: top.part } : {}) };
        doc.categories.push(category);
        group = null;
        implicit = false;
        break;
      case 'group':
        if (!category) {
          doc.prose.push(top.title);
          break;
        }
        group = { letter: top.letter, title: top.title, entries: [] };
        category.groups.push(group);
        break;
      case 'entry': {
        if (top.parsed) styles[top.parsed.style] += 1;
        sectionFor(top.parsed).entries.push(top.entry);
        break;
      }
      case 'definition':
        doc.definitions.push(top.def);
        break;
      case 'other':
        if (top.prose) doc.prose.push(top.prose);
        break;
    }
  }
  doc.convention = convention ?? (styles.eu > styles.wassenaar ? 'eu' : 'wassenaar');

  // Built on first use: most passes end without a problem to place.
  let where: Map<string, { pos: number; unit: string }> | null = null;
  const index = () => {
    if (where) return where;
    const built = new Map<string, { pos: number; unit: string }>();
    tops.forEach((top, i) => {
      if (top.kind !== 'entry' && top.kind !== 'definition') return;
      const uid = top.kind === 'entry' ? top.entry.id : top.def.id;
      const pos = positions[i] ?? 0;
      for (const [id, rel] of top.runs) built.set(id, { pos: pos + rel, unit: uid });
    });
    return (where = built);
  };
  return {
    doc,
    locate: (nodeId) => index().get(nodeId)?.pos ?? null,
    unitOf: (nodeId) => index().get(nodeId)?.unit ?? null,
  };
}

/** The text of a textblock with one character per inline position (leaf nodes count as U+FFFC). */
export function textOf(node: PMNodeLike): string {
  // Most runs are one unmarked text node: no string to build.
  if (node.childCount === 1) {
    const only = node.child(0);
    return only.isText ? (only.text ?? '') : '\uFFFC';
  }
  let out = '';
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    out += c.isText ? (c.text ?? '') : '\uFFFC';
  }
  return out;
}

/** The node's stable provision id, or null when it has none (ids are then invented). */
function uidOf(node: PMNodeLike): string | null {
  const uid = node.attrs.uid;
  return typeof uid === 'string' && uid !== '' ? uid : null;
}

function convertTop(node: PMNodeLike, index: number): Top {
  const name = node.type.name;
  if (name === CL.category) return category(node, index);
  if (name === CL.group) return group(node, index);
  if (name === CL.entry) return entry(node, index);
  if (name === CL.definition) return definition(node, index);
  if (name === CL.definitions) return { kind: 'other', prose: null };
  const text = collectText(node);
  return { kind: 'other', prose: text === '' ? null : { text, source: {} } };
}

function collectText(node: PMNodeLike): string {
  if (node.isText) return node.text ?? '';
  const parts: string[] = [];
  for (let i = 0; i < node.childCount; i++) parts.push(collectText(node.child(i)));
  return parts.join(node.childCount > 0 && !node.child(0).isText ? ' ' : '');
}

function category(node: PMNodeLike, index: number): Top {
  const uid = uidOf(node) ?? `@${index}`;
  const text = textOf(node);
  const line = classifyLine(text, 1).content;
  const title: TextRun = { text, source: { nodeId: uid } };
  if (line.kind === 'category') {
    return { kind: 'category', number: line.number, title, uid, ...(line.part ? { part: line.part } : {}) };
  }
  return { kind: 'category', number: /\d{1,2}/.exec(text)?.[0] ?? '', title, uid };
}

function group(node: PMNodeLike, index: number): Top {
  const uid = uidOf(node) ?? `@${index}`;
  const text = textOf(node);
  const line = classifyLine(text, 1).content;
  const letter = line.kind === 'group' ? line.letter : (/^\s*(?:group\s+)?([A-Ea-e])\b/i.exec(text)?.[1] ?? '').toUpperCase();
  return { kind: 'group', letter, title: { text, source: { nodeId: uid } }, uid };
}

/** Walks a unit's children, collecting runs with their offsets from the top-level node's start. */
class UnitWalker {
  readonly runs: Array<readonly [string, number]> = [];
  private counter = 0;
  constructor(private readonly prefix: string) {}

  /** The id of a block of the unit: its uid, or one invented from its place among the blocks. */
  idOf(node: PMNodeLike): string {
    this.counter += 1;
    // Only built when needed: nearly every block has a uid, and this runs for every block.
    return uidOf(node) ?? `${this.prefix}.${this.counter}`;
  }

  run(block: PMNodeLike, nodeId: string, rel: number, skip = 0, text = textOf(block)): TextRun {
    this.runs.push([nodeId, rel + 1 + skip]);
    return { text, source: { nodeId } };
  }

  /** A sub-item at `rel` (its own start, relative to the top-level node). */
  subItem(node: PMNodeLike, rel: number): SubItem {
    const id = this.idOf(node);
    let text: TextRun | null = null;
    const children: SubItem[] = [];
    let at = rel + 1;
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i);
      const name = c.type.name;
      if (name === CL.text) text = this.run(c, id, at);
      else if (name === CL.subItem) children.push(this.subItem(c, at));
      at += c.nodeSize;
    }
    const label = typeof node.attrs.label === 'string' ? node.attrs.label : '';
    const item: SubItem = { id, label, text: text ?? { text: '', source: { nodeId: id } }, children };
    if (node.attrs.labelFixed === true) item.labelFixed = true;
    return item;
  }

  note(node: PMNodeLike, rel: number): NoteBlock {
    const id = this.idOf(node);
    const kind: NoteKindAttr = NOTE_KINDS.find((k) => k === node.attrs.kind) ?? 'note';
    const block: NoteBlock = { id, kind, text: { text: '', source: { nodeId: id } }, subItems: [] };
    if (typeof node.attrs.number === 'number') block.number = node.attrs.number;
    let at = rel + 1;
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i);
      if (c.type.name === CL.text) block.text = this.run(c, id, at);
      else if (c.type.name === CL.subItem) block.subItems.push(this.subItem(c, at));
      at += c.nodeSize;
    }
    return block;
  }
}

function entry(node: PMNodeLike, index: number): Top {
  const id = uidOf(node) ?? `@${index}`;
  const w = new UnitWalker(id);
  const identifierId = `${id}#identifier`;
  const headingId = `${id}#heading`;
  let identifier: TextRun | null = null;
  let heading: TextRun | null = null;
  const subItems: SubItem[] = [];
  const notes: NoteBlock[] = [];
  let at = 0;
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    const name = c.type.name;
    if (name === CL.identifier) identifier = w.run(c, identifierId, at + 1);
    else if (name === CL.heading) heading = w.run(c, headingId, at + 1);
    else if (name === CL.subItem) subItems.push(w.subItem(c, at + 1));
    else if (name === CL.note) notes.push(w.note(c, at + 1));
    at += c.nodeSize;
  }
  const e: Entry = {
    id,
    identifier: identifier ?? { text: '', source: { nodeId: identifierId } },
    heading: heading ?? { text: '', source: { nodeId: headingId } },
    subItems,
    notes,
    source: { nodeId: id },
  };
  // Parsed once here, because the cached node is assembled again on every pass.
  return { kind: 'entry', entry: e, runs: w.runs, parsed: parseRunIdentifier(e.identifier) };
}

const LOOSE_DEFINITION = /^\s*["“]([^"“”]{1,80})["”]\s*/;

/** Reads `"Term" (4) means …` from a definition's first line: the term, its tags, the rest. */
export function splitDefinitionLine(text: string): { term: string; categories: string[] | 'all'; offset: number } {
  const line = classifyLine(text, 1).content;
  if (line.kind === 'definition') {
    const offset = line.text === '' ? text.length : text.lastIndexOf(line.text);
    return { term: line.term, categories: line.categories, offset: Math.max(0, offset) };
  }
  const m = LOOSE_DEFINITION.exec(text);
  if (m) return { term: (m[1] ?? '').trim(), categories: [], offset: m[0].length };
  return { term: '', categories: [], offset: 0 };
}

function definition(node: PMNodeLike, index: number): Top {
  const id = uidOf(node) ?? `@${index}`;
  const w = new UnitWalker(id);
  const def: Definition = {
    id,
    term: '',
    categories: [],
    text: { text: '', source: { nodeId: id } },
    subItems: [],
    notes: [],
    source: { nodeId: id },
  };
  let at = 1;
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    const name = c.type.name;
    if (name === CL.text && i === 0) {
      const full = textOf(c);
      const { term, categories, offset } = splitDefinitionLine(full);
      def.term = term;
      def.categories = categories;
      def.text = w.run(c, id, at, offset, full.slice(offset));
    } else if (name === CL.subItem) def.subItems.push(w.subItem(c, at));
    else if (name === CL.note) def.notes.push(w.note(c, at));
    at += c.nodeSize;
  }
  return { kind: 'definition', def, runs: w.runs };
}
