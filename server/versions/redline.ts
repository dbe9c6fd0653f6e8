import * as Y from 'yjs';
import type { MemberChangeCount, PmMarkJSON, PmNodeJSON, RedlineChange } from '../../shared/api/versions.ts';
import { DOCUMENT_FRAGMENT } from '../../shared/schema/extensions.ts';
import { REDLINE_DELETE_MARK, REDLINE_FORMAT_MARK, REDLINE_INSERT_MARK } from '../../shared/schema/redline.ts';
import type { AttributionIndex, Attribution } from './attribution.ts';
import { wholeWordChanges } from './whole-word-changes.ts';

/** Origin of the read-only transaction a comparison runs in (nothing is changed; no update results). */
const COMPARE_ORIGIN = Symbol('plenary-compare');

type Kind = RedlineChange['kind'];

export interface RedlineResult {
  document: PmNodeJSON;
  changes: RedlineChange[];
  summary: MemberChangeCount[];
}

/**
 * The redline between two snapshots of one history-keeping document: a ProseMirror JSON document
 * holding the text of both, where what `to` has and `from` lacks carries `redlineInsert`, what
 * `from` has and `to` lacks carries `redlineDelete`, text whose formatting differs carries
 * `redlineFormat`, and blocks present on one side only carry `blockChange`. Every change is
 * attributed from the server's records (AttributionIndex), never from the document.
 *
 * It walks the Yjs items directly: an item is "in" a snapshot when it was created before it and not
 * deleted in it. Items are first split at both snapshots' boundaries, inside one transaction that
 * changes nothing, so that no item straddles a snapshot.
 */
export function redline(doc: Y.Doc, from: Y.Snapshot, to: Y.Snapshot, who: AttributionIndex): RedlineResult {
  const walker = new Walker(from, to, who);
  let content: PmNodeJSON[] = [];
  Y.transact(
    doc,
    (tr) => {
      splitAt(tr, doc, from);
      splitAt(tr, doc, to);
      content = walker.list(doc.getXmlFragment(DOCUMENT_FRAGMENT));
    },
    COMPARE_ORIGIN,
  );
  return { document: { type: 'doc', content }, ...tally(content, walker.changes) };
}

/**
 * The changes and per-member counts as the redline finally shows them: once changes are widened to
 * whole words (whole-word-changes.ts) a change can have gone (a word restored as it was) or hold
 * other text, so they are counted from the document's marks, in document order.
 */
function tally(content: PmNodeJSON[], walked: RedlineChange[]): { changes: RedlineChange[]; summary: MemberChangeCount[] } {
  const byId = new Map(walked.map((c) => [c.id, c]));
  const texts = new Map<string, { change: RedlineChange; text: string; inserted: number; deleted: number }>();
  const visit = (node: PmNodeJSON) => {
    for (const mark of node.marks ?? []) {
      const id = mark.attrs?.changeId;
      const change = typeof id === 'string' ? byId.get(id) : undefined;
      if (!change || !node.text) continue;
      const entry = texts.get(change.id) ?? { change, text: '', inserted: 0, deleted: 0 };
      entry.text += node.text;
      if (mark.type === REDLINE_INSERT_MARK) entry.inserted += node.text.length;
      if (mark.type === REDLINE_DELETE_MARK) entry.deleted += node.text.length;
      texts.set(change.id, entry);
    }
    for (const child of node.content ?? []) visit(child);
  };
  for (const node of content) visit(node);
  const summary = new Map<string, MemberChangeCount>();
  const changes: RedlineChange[] = [];
  for (const { change, text, inserted, deleted } of texts.values()) {
    changes.push({ ...change, excerpt: text.slice(0, 80) });
    const { at: _at, ...person } = change.author;
    const counts = summary.get(person.userId) ?? { person, insertions: 0, deletions: 0, formatChanges: 0, insertedChars: 0, deletedChars: 0 };
    if (change.kind === 'insert') counts.insertions++;
    else if (change.kind === 'delete') counts.deletions++;
    else counts.formatChanges++;
    counts.insertedChars += inserted;
    counts.deletedChars += deleted;
    summary.set(person.userId, counts);
  }
  return { changes, summary: [...summary.values()] };
}

function splitAt(tr: Y.Transaction, doc: Y.Doc, snap: Y.Snapshot): void {
  for (const [client, clock] of snap.sv) {
    if (clock > 0 && clock < Y.getState(doc.store, client)) Y.getItemCleanStart(tr, Y.createID(client, clock));
  }
  Y.iterateDeletedStructs(tr, snap.ds, () => {});
}

function inSnapshot(item: Y.Item, snap: Y.Snapshot): boolean {
  const clock = snap.sv.get(item.id.client);
  return clock !== undefined && item.id.clock < clock && !Y.isDeleted(snap.ds, item.id);
}

type Status = 'same' | 'ins' | 'del';

class Walker {
  readonly changes: RedlineChange[] = [];
  private open: { kind: Kind; userId: string; change: RedlineChange } | undefined;

  constructor(
    private readonly from: Y.Snapshot,
    private readonly to: Y.Snapshot,
    private readonly who: AttributionIndex,
  ) {}

  private status(item: Y.Item): Status | undefined {
    const a = inSnapshot(item, this.from);
    const b = inSnapshot(item, this.to);
    if (a && b) return 'same';
    if (b) return 'ins';
    if (a) return 'del';
    return undefined;
  }

  /** The children of a fragment or element, as ProseMirror JSON. */
  list(type: Y.XmlFragment | Y.XmlElement, blockFormat?: { added: string[]; removed: string[]; who: Attribution }): PmNodeJSON[] {
    const out: PmNodeJSON[] = [];
    for (let item = type._start; item; item = item.right) {
      if (!(item.content instanceof Y.ContentType)) continue;
      const status = this.status(item);
      if (!status) continue;
      const child = item.content.type;
      if (child instanceof Y.XmlElement) out.push(this.element(child as Y.XmlElement, item, status));
      else if (child instanceof Y.XmlText) out.push(...this.text(child, blockFormat));
    }
    return wholeWordChanges(out);
  }

  private element(el: Y.XmlElement, item: Y.Item, status: Status): PmNodeJSON {
    const attrs = attrsAt(el, status === 'del' ? this.from : this.to);
    const node: PmNodeJSON = { type: el.nodeName };
    let blockFormat: { added: string[]; removed: string[]; who: Attribution } | undefined;
    if (status === 'same') {
      const before = attrsAt(el, this.from);
      const diff = diffAttrs(before, attrs);
      if (diff.added.length || diff.removed.length) blockFormat = { ...diff, who: this.attrAuthor(el, diff.keys) ?? this.who.inserted(item.id.client, item.id.clock).who };
    } else {
      attrs.blockChange = status === 'ins' ? 'inserted' : 'deleted';
    }
    if (Object.keys(attrs).length) node.attrs = attrs;
    const content = this.list(el, blockFormat);
    if (content.length) node.content = content;
    return node;
  }

  /** Who set the first changed attribute of an element, as of `to`. */
  private attrAuthor(el: Y.XmlElement, keys: string[]): Attribution | undefined {
    for (const key of keys) {
      for (let item = el._map.get(key) ?? null; item; item = item.left) {
        if (inSnapshot(item, this.to)) return this.who.inserted(item.id.client, item.id.clock).who;
      }
    }
    return undefined;
  }

  private text(xt: Y.XmlText, blockFormat: { added: string[]; removed: string[]; who: Attribution } | undefined): PmNodeJSON[] {
    const out: PmNodeJSON[] = [];
    const attrsFrom = new Map<string, unknown>();
    const attrsTo = new Map<string, unknown>();
    const setBy = new Map<string, Y.Item>();
    for (let item = xt._start; item; item = item.right) {
      const content = item.content;
      if (content instanceof Y.ContentFormat) {
        if (inSnapshot(item, this.from)) applyFormat(attrsFrom, content);
        if (inSnapshot(item, this.to)) {
          applyFormat(attrsTo, content);
          setBy.set(content.key, item);
        }
        continue;
      }
      if (!(content instanceof Y.ContentString)) continue;
      const status = this.status(item);
      if (!status) continue;
      const { client, clock } = item.id;
      const str = content.str;
      if (status === 'same') {
        const diff = diffAttrs(Object.fromEntries(attrsFrom), Object.fromEntries(attrsTo));
        const marks = marksOf(attrsTo);
        if (diff.keys.length) {
          const by = setBy.get(diff.keys[0] ?? '');
          const who = by ? this.who.inserted(by.id.client, by.id.clock).who : this.who.inserted(client, clock).who;
          this.push(out, str, marks, 'format', who, diff);
        } else if (blockFormat) {
          this.push(out, str, marks, 'format', blockFormat.who, blockFormat);
        } else {
          this.open = undefined;
          pushText(out, str, marks);
        }
        continue;
      }
      const marks = marksOf(status === 'del' ? attrsFrom : attrsTo);
      const kind: Kind = status === 'ins' ? 'insert' : 'delete';
      // One item can hold text of several authors (deletions) or times (insertions): split it.
      for (let offset = 0; offset < str.length; ) {
        const found = kind === 'insert' ? this.who.inserted(client, clock + offset) : this.who.deleted(client, clock + offset);
        const n = Math.max(1, Math.min(str.length - offset, found.end - (clock + offset)));
        this.push(out, str.slice(offset, offset + n), marks, kind, found.who);
        offset += n;
      }
    }
    return out;
  }

  private push(out: PmNodeJSON[], text: string, marks: PmMarkJSON[], kind: Kind, who: Attribution, fmt?: { added: string[]; removed: string[] }): void {
    const change = this.changeFor(kind, who, text);
    const attrs: Record<string, unknown> = {
      userId: who.person.userId,
      name: who.person.name,
      organisation: who.person.organisation,
      color: who.person.color,
      at: change.author.at,
      changeId: change.id,
    };
    const mark: PmMarkJSON =
      kind === 'insert'
        ? { type: REDLINE_INSERT_MARK, attrs }
        : kind === 'delete'
          ? { type: REDLINE_DELETE_MARK, attrs }
          : { type: REDLINE_FORMAT_MARK, attrs: { ...attrs, added: fmt?.added ?? [], removed: fmt?.removed ?? [] } };
    pushText(out, text, [...marks, mark]);
  }

  /** The change these runs belong to: the open one if it is of the same kind and author, else a new one. */
  private changeFor(kind: Kind, who: Attribution, text: string): RedlineChange {
    const userId = who.person.userId;
    if (this.open && this.open.kind === kind && this.open.userId === userId) {
      const c = this.open.change;
      if (c.excerpt.length < 80) c.excerpt = (c.excerpt + text).slice(0, 80);
    } else {
      const change: RedlineChange = {
        id: `c${this.changes.length + 1}`,
        kind,
        author: { ...who.person, at: who.at ? new Date(who.at).toISOString() : '' },
        excerpt: text.slice(0, 80),
      };
      this.changes.push(change);
      this.open = { kind, userId, change };
    }
    return this.open.change;
  }
}

/** y-prosemirror stores overlapping marks as `name--hash`; the mark's name is the part before. */
function yattr2markname(key: string): string {
  return /(.*)(--[a-zA-Z0-9+/=]{8})$/.exec(key)?.[1] ?? key;
}

function applyFormat(attrs: Map<string, unknown>, f: Y.ContentFormat): void {
  if (f.value === null) attrs.delete(f.key);
  else attrs.set(f.key, f.value);
}

function marksOf(attrs: Map<string, unknown>): PmMarkJSON[] {
  const marks: PmMarkJSON[] = [];
  for (const [key, value] of attrs) {
    const mark: PmMarkJSON = { type: yattr2markname(key) };
    if (value && typeof value === 'object' && Object.keys(value).length) mark.attrs = value as Record<string, unknown>;
    marks.push(mark);
  }
  return marks;
}

/** Appends a text node, merging with the previous one when the marks are equal. */
function pushText(out: PmNodeJSON[], text: string, marks: PmMarkJSON[]): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.type === 'text' && JSON.stringify(last.marks ?? []) === JSON.stringify(marks)) {
    last.text = (last.text ?? '') + text;
    return;
  }
  const node: PmNodeJSON = { type: 'text', text };
  if (marks.length) node.marks = marks;
  out.push(node);
}

function attrsAt(el: Y.XmlElement, snap: Y.Snapshot): Record<string, unknown> {
  const all = Y.typeMapGetAllSnapshot(el, snap) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

/** Marks or attributes added and removed between two states (a changed value counts as added). */
function diffAttrs(before: Record<string, unknown>, after: Record<string, unknown>): { added: string[]; removed: string[]; keys: string[] } {
  const added: string[] = [];
  const removed: string[] = [];
  const keys: string[] = [];
  const label = (k: string, v: unknown) => {
    const name = yattr2markname(k);
    return typeof v === 'string' || typeof v === 'number' ? `${name} ${v}` : name;
  };
  for (const [k, v] of Object.entries(after)) {
    if (!(k in before)) {
      added.push(label(k, v));
      keys.push(k);
    } else if (JSON.stringify(before[k]) !== JSON.stringify(v)) {
      added.push(label(k, v));
      removed.push(label(k, before[k]));
      keys.push(k);
    }
  }
  for (const [k, v] of Object.entries(before)) {
    if (!(k in after)) {
      removed.push(label(k, v));
      keys.push(k);
    }
  }
  return { added, removed, keys };
}
