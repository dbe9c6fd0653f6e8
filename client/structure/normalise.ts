import type { Node as PMNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { changedBlocks } from '../editor/changed-blocks.ts';
import { autoLabel, firstItemDepth, noteNumbers } from '../../shared/domain/auto-labels.ts';
import { CL, newUid, NOTE_KINDS, type NoteKindAttr } from '../../shared/schema/control-list/index.ts';

const WITH_UID = new Set<string>([CL.category, CL.group, CL.entry, CL.definition]);

/**
 * The shape of a unit's sub-item lists: nesting and order of the items' ids, plus the depth its
 * first level starts at. Typing leaves it unchanged; inserting, moving, nesting or deleting a
 * sub-item, or an identifier that changes depth (5.A.1. → 5.A.1.j.), changes it.
 */
function shapeOf(unit: PMNode): string {
  let shape = unit.type.name === CL.entry ? `${firstItemDepth(unit.firstChild?.textContent ?? '')}|` : '1|';
  const walk = (node: PMNode) => {
    node.forEach((child) => {
      if (child.type.name === CL.subItem) {
        shape += `(${String(child.attrs.uid)}`;
        walk(child);
        shape += ')';
      } else if (child.type.name === CL.note) {
        shape += '{';
        walk(child);
        shape += '}';
      }
    });
  };
  walk(unit);
  return shape;
}

/**
 * Brings one changed entry or definition back to its invariants, writing attribute changes only:
 * every provision has an id unique in the unit; note numbers follow {@link noteNumbers}; labels
 * follow the letter/number alternation — all non-fixed labels when the list structure changed,
 * otherwise only empty ones (so an imported "c." after "a." stays for the order check to flag).
 * The result depends only on the unit itself, so clients that normalise the same merged
 * structure concurrently write the same values and converge.
 */
function normaliseUnit(tr: Transaction, unit: PMNode, unitPos: number, old: PMNode | null): void {
  const renumber = old === null ? false : shapeOf(old) !== shapeOf(unit);
  const seen = new Set<string>();
  const fixId = (node: PMNode, pos: number) => {
    const uid: unknown = node.attrs.uid;
    if (typeof uid !== 'string' || uid === '' || seen.has(uid)) tr.setNodeAttribute(pos, 'uid', newUid());
    else seen.add(uid);
  };
  const visit = (container: PMNode, containerPos: number, depth: number) => {
    let index = 0;
    const notes: Array<{ node: PMNode; pos: number; kind: NoteKindAttr }> = [];
    container.forEach((child, offset) => {
      const pos = containerPos + 1 + offset;
      if (child.type.name === CL.subItem) {
        fixId(child, pos);
        const expected = autoLabel(depth, index++);
        const label: unknown = child.attrs.label;
        if (child.attrs.labelFixed !== true && label !== expected && (renumber || label === '')) {
          tr.setNodeAttribute(pos, 'label', expected);
        }
        visit(child, pos, depth + 1);
      } else if (child.type.name === CL.note) {
        fixId(child, pos);
        notes.push({ node: child, pos, kind: NOTE_KINDS.find((k) => k === child.attrs.kind) ?? 'note' });
        visit(child, pos, 1);
      }
    });
    const numbers = noteNumbers(notes.map((n) => n.kind));
    notes.forEach((n, i) => {
      const want = numbers[i] ?? null;
      if (n.node.attrs.number !== want) tr.setNodeAttribute(n.pos, 'number', want);
    });
  };
  const start = unit.type.name === CL.entry ? firstItemDepth(unit.firstChild?.textContent ?? '') : 1;
  visit(unit, unitPos, start);
}

/**
 * Normalises what a change touched: ids of top-level provisions (missing or duplicated, e.g. by
 * a paste), and each entry or definition in the top-level blocks that changed. Only those blocks
 * are visited: typing costs one unit, not the whole draft. The ids of all top-level blocks are
 * checked only when a changed block brings an id the changed span did not have before (a paste,
 * a new entry), since only then can it duplicate one elsewhere.
 *
 * `rebuilt` says the new document came from the collaboration binding, which may rebuild a block
 * it did not change as a new, equal object (it keeps the others' nodes: incremental-y-mapping.ts):
 * blocks are then compared by content, which stops at once on a kept node. Otherwise they are
 * compared by identity, which is nearly free and exact for this editor's own changes. Returns null
 * when nothing needed fixing.
 */
export function normalise(oldDoc: PMNode, newDoc: PMNode, tr: Transaction, rebuilt = false): Transaction | null {
  const changed = changedBlocks(oldDoc, newDoc, rebuilt ? (a, b) => a.eq(b) : (a, b) => a === b);
  if (!changed) return null;
  const oldChanged = new Set<PMNode>();
  const oldChangedIds = new Set<unknown>();
  for (let i = changed.start; i < changed.oldEnd; i++) {
    const node = oldDoc.child(i);
    oldChanged.add(node);
    if (WITH_UID.has(node.type.name)) oldChangedIds.add(node.attrs.uid);
  }
  let oldByUid: Map<string, PMNode> | null = null;
  const oldUnit = (node: PMNode, index: number): PMNode | null => {
    const uid: unknown = node.attrs.uid;
    if (typeof uid !== 'string') return null;
    const same = index < oldDoc.childCount ? oldDoc.child(index) : null;
    if (same && same.type === node.type && same.attrs.uid === uid) return same;
    if (!oldByUid) {
      oldByUid = new Map();
      oldDoc.forEach((n) => {
        if (typeof n.attrs.uid === 'string') oldByUid?.set(n.attrs.uid, n);
      });
    }
    return oldByUid.get(uid) ?? null;
  };
  let pos = changed.from;
  const newIds = new Set<unknown>();
  let idsKept = true;
  for (let index = changed.start; index < changed.newEnd; index++) {
    const node = newDoc.child(index);
    if (WITH_UID.has(node.type.name)) {
      const uid: unknown = node.attrs.uid;
      if (typeof uid !== 'string' || uid === '' || !oldChangedIds.has(uid) || newIds.has(uid)) idsKept = false;
      newIds.add(uid);
    }
    if (!oldChanged.has(node) && (node.type.name === CL.entry || node.type.name === CL.definition)) normaliseUnit(tr, node, pos, oldUnit(node, index));
    pos += node.nodeSize;
  }
  if (!idsKept) fixTopLevelIds(newDoc, tr);
  return tr.docChanged ? tr : null;
}

/** Gives every top-level provision without an id, or with the id of one before it, a new id. */
function fixTopLevelIds(doc: PMNode, tr: Transaction): void {
  const topIds = new Set<string>();
  doc.forEach((node, pos) => {
    if (!WITH_UID.has(node.type.name)) return;
    const uid: unknown = node.attrs.uid;
    if (typeof uid !== 'string' || uid === '' || topIds.has(uid)) tr.setNodeAttribute(pos, 'uid', newUid());
    else topIds.add(uid);
  });
}
