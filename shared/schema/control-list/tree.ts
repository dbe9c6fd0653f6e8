import type { Node as PMNode, ResolvedPos } from '@tiptap/pm/model';

/** An ancestor of a position: the node, where it starts, and its depth. */
export interface Found {
  node: PMNode;
  pos: number;
  depth: number;
}

/** The innermost ancestor of `$pos` (itself included) whose type is one of `names`. */
export function ancestor($pos: ResolvedPos, names: readonly string[]): Found | null {
  for (let d = $pos.depth; d > 0; d--) {
    const node = $pos.node(d);
    if (names.includes(node.type.name)) return { node, pos: $pos.before(d), depth: d };
  }
  return null;
}

/** The position just after the last child of `found` named one of `names` (or after its first child). */
export function afterLast(found: Found, names: readonly string[]): number {
  let pos = found.pos + 1;
  let end = pos + (found.node.firstChild?.nodeSize ?? 0);
  found.node.forEach((child, offset) => {
    pos = found.pos + 1 + offset + child.nodeSize;
    if (names.includes(child.type.name)) end = pos;
  });
  return end;
}
