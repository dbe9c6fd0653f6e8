import { Fragment, type Node as PmNode, type NodeType } from '@tiptap/pm/model';
import { canSplit, Transform } from '@tiptap/pm/transform';
import { CL } from './names.ts';
import { newUid } from './uid.ts';

/**
 * What Enter, Backspace, Tab and Shift+Tab do to the structure of a draft, as ProseMirror
 * transforms the server runs when it accepts a structural suggestion (and the editor uses too). They follow the editor's own keys
 * (client/structure/commands.ts): Enter in a sub-item starts the next sub-item, in an entry's
 * heading or a note or definition line the first sub-item, in a list item the next item, elsewhere
 * the next paragraph; an identifier cannot be split.
 */

function nodeType(tr: Transform, name: string): NodeType {
  const type = tr.doc.type.schema.nodes[name];
  if (!type) throw new RangeError(`The schema has no node type ${name}`);
  return type;
}

function newSubItem(tr: Transform, content: Fragment): PmNode {
  return nodeType(tr, CL.subItem).create({ uid: newUid(), label: '', labelFixed: false }, nodeType(tr, CL.text).create(null, content));
}

/**
 * Splits the textblock at `pos` as Enter would there. Returns the position at the start of the
 * text that moved into the new block (where typing continues), or undefined when no block can
 * start here.
 */
export function splitLikeEnter(tr: Transform, pos: number): number | undefined {
  const $pos = tr.doc.resolve(pos);
  const block = $pos.parent;
  if (!block.isTextblock || block.type.name === CL.identifier) return undefined;
  const name = block.type.name;
  const container = $pos.depth >= 2 ? $pos.node(-1).type.name : 'doc';
  if (name === CL.heading || name === CL.text) {
    // A sub-item's line continues in the next sub-item; a heading, note or definition line in its first one.
    const at = name === CL.text && container === CL.subItem ? $pos.after(-1) : $pos.after();
    const rest = block.content.cut($pos.parentOffset);
    const steps = tr.steps.length;
    tr.delete(pos, $pos.end());
    const mapped = tr.mapping.slice(steps).map(at);
    tr.insert(mapped, newSubItem(tr, rest));
    return mapped + 2;
  }
  if (container === 'listItem') {
    if (!canSplit(tr.doc, pos, 2)) return undefined;
    tr.split(pos, 2);
    return pos + 4;
  }
  // A heading ended with Enter is followed by a paragraph, as in the editor; a copied id is renewed.
  const atEnd = $pos.parentOffset === block.content.size;
  const type = atEnd && name !== 'paragraph' ? nodeType(tr, 'paragraph') : block.type;
  const attrs = type === block.type ? { ...block.attrs, ...('uid' in block.attrs ? { uid: newUid() } : {}) } : null;
  if (!canSplit(tr.doc, pos, 1, [{ type, attrs }])) return undefined;
  tr.split(pos, 1, [{ type, attrs }]);
  return pos + 2;
}

/**
 * Joins the textblock starting at `pos` to the textblock before it, as Backspace at its start
 * would: its text follows the other's. Returns false, leaving `tr` as it was, when there is no
 * block before it, or the structure would not hold (an identifier, or a join that would leave a
 * block behind).
 */
export function joinBackward(tr: Transform, pos: number): boolean {
  const $pos = tr.doc.resolve(pos);
  if (!$pos.parent.isTextblock || $pos.parentOffset !== 0) return false;
  const blockStart = $pos.before();
  let targetEnd: number | undefined;
  let target: PmNode | undefined;
  tr.doc.nodesBetween(0, blockStart, (node, p) => {
    if (!node.isTextblock) return true;
    if (p + node.nodeSize <= blockStart) {
      targetEnd = p + node.nodeSize - 1;
      target = node;
    }
    return false;
  });
  if (targetEnd === undefined || !target || target.type.name === CL.identifier || $pos.parent.type.name === CL.identifier) return false;
  const expected = target.textContent + $pos.parent.textContent;
  const blocks = countTextblocks(tr.doc);
  // Tried on a copy first: ProseMirror's fitting may keep a block the join should have removed.
  const attempt = new Transform(tr.doc).delete(targetEnd, pos);
  const joined = attempt.doc.resolve(targetEnd).parent;
  if (joined.textContent !== expected || countTextblocks(attempt.doc) !== blocks - 1) return false;
  for (const step of attempt.steps) tr.step(step);
  return true;
}

function countTextblocks(doc: PmNode): number {
  let n = 0;
  doc.descendants((node) => {
    if (node.isTextblock) n++;
    return !node.isTextblock;
  });
  return n;
}

/**
 * Nests the sub-item at `itemPos` under the sub-item before it (Tab), as its last child. Returns
 * how far its content moved (to carry a selection along), or undefined, leaving `tr` as it was,
 * when there is no sub-item before it.
 */
export function sinkSubItem(tr: Transform, itemPos: number): number | undefined {
  const $item = tr.doc.resolve(itemPos);
  const item = $item.nodeAfter;
  const index = $item.index();
  const prev = index > 0 ? $item.parent.child(index - 1) : null;
  if (!item || item.type.name !== CL.subItem || !prev || prev.type.name !== CL.subItem) return undefined;
  tr.delete(itemPos, itemPos + item.nodeSize);
  tr.insert(itemPos - 1, item);
  return -1;
}

/**
 * Moves the sub-item at `itemPos` one level out (Shift+Tab): the siblings after it become its
 * children, keeping reading order. Returns how far its content moved, or undefined, leaving `tr`
 * as it was, when it is already at the top level.
 */
export function liftSubItem(tr: Transform, itemPos: number): number | undefined {
  const $item = tr.doc.resolve(itemPos);
  const item = $item.nodeAfter;
  if (!item || item.type.name !== CL.subItem || $item.depth < 1 || $item.parent.type.name !== CL.subItem) return undefined;
  const parentPos = $item.before();
  const parent = $item.parent;
  const index = $item.index();
  const before: PmNode[] = [];
  const after: PmNode[] = [];
  parent.forEach((child, _o, i) => {
    if (i < index) before.push(child);
    else if (i > index) after.push(child);
  });
  const lifted = item.copy(item.content.append(Fragment.from(after)));
  const rest = parent.copy(Fragment.from(before));
  tr.replaceWith(parentPos, parentPos + parent.nodeSize, [rest, lifted]);
  return parentPos + rest.nodeSize - itemPos;
}
