import type { EditorState } from '@tiptap/pm/state';
import type { Node as PmNode } from '@tiptap/pm/model';
import { absolutePositionToRelativePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import type { RelativePositionJson } from '../../shared/api/review.ts';

type Mapping = Map<Y.AbstractType<unknown>, PmNode | PmNode[]>;

interface SyncBinding {
  doc: Y.Doc;
  fragment: Y.XmlFragment;
  mapping: Mapping;
}

/** The Yjs side of the editor (document, fragment, node mapping), from the sync plugin. */
export function syncBinding(state: EditorState): SyncBinding | undefined {
  const ystate = ySyncPluginKey.getState(state) as { type?: Y.XmlFragment; binding?: { mapping: Mapping; doc: Y.Doc } } | undefined;
  if (!ystate?.type || !ystate.binding) return undefined;
  return { doc: ystate.binding.doc, fragment: ystate.type, mapping: ystate.binding.mapping };
}

/**
 * An editor position as a Yjs relative position. `assoc` 0 sticks to the character after the
 * position (a range's start), -1 to the one before it (a range's end), so text typed at either
 * edge by someone else stays outside the range.
 */
export function toRelative(state: EditorState, pos: number, assoc: 0 | -1): RelativePositionJson | undefined {
  const b = syncBinding(state);
  if (!b) return undefined;
  const rough = absolutePositionToRelativePosition(pos, b.fragment, b.mapping) as Y.RelativePosition;
  const abs = Y.createAbsolutePositionFromRelativePosition(rough, b.doc);
  if (!abs) return undefined;
  return Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(abs.type, abs.index, assoc)) as RelativePositionJson;
}

/**
 * Resolves many relative positions against one editor state in O(document + anchors): the
 * editor position of each Yjs type is computed once, from the sync plugin's node mapping.
 */
export function createResolver(state: EditorState): (json: RelativePositionJson) => number | undefined {
  const b = syncBinding(state);
  if (!b) return () => undefined;
  const { doc, fragment, mapping } = b;
  const offsets = new Map<Y.AbstractType<unknown>, Map<unknown, number> & { end?: number }>();
  const contentStart = new Map<Y.AbstractType<unknown>, number>();
  const sizeOf = (t: unknown): number => {
    const n = mapping.get(t as Y.AbstractType<unknown>);
    if (Array.isArray(n)) return n.reduce((s, x) => s + x.nodeSize, 0);
    if (n) return n.nodeSize;
    return t instanceof Y.XmlText ? t.length : 0;
  };
  const childOffsets = (parent: Y.XmlElement | Y.XmlFragment) => {
    let m = offsets.get(parent as Y.AbstractType<unknown>);
    if (m) return m;
    m = new Map();
    let at = 0;
    for (const child of parent.toArray()) {
      m.set(child, at);
      at += sizeOf(child);
    }
    m.end = at;
    offsets.set(parent as Y.AbstractType<unknown>, m);
    return m;
  };
  /** Editor position where a type's content starts (inside an element, at a text's first character). */
  const startOf = (type: Y.AbstractType<unknown>): number | undefined => {
    if (type === (fragment as Y.AbstractType<unknown>)) return 0;
    const cached = contentStart.get(type);
    if (cached !== undefined) return cached;
    const parent = type._item?.parent;
    if (!(parent instanceof Y.XmlElement || parent instanceof Y.XmlFragment) || type._item?.deleted) return undefined;
    const ps = startOf(parent as Y.AbstractType<unknown>);
    const off = childOffsets(parent).get(type);
    if (ps === undefined || off === undefined) return undefined;
    const pos = ps + off + (type instanceof Y.XmlElement ? 1 : 0);
    contentStart.set(type, pos);
    return pos;
  };
  return (json) => {
    let abs: Y.AbsolutePosition | null;
    try {
      abs = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), doc);
    } catch {
      return undefined; // an id this copy of the draft has not received yet
    }
    if (!abs) return undefined;
    const type = abs.type as Y.AbstractType<unknown>;
    const start = startOf(type);
    if (start === undefined) return undefined;
    if (abs.type instanceof Y.XmlText) return start + abs.index;
    if (abs.type instanceof Y.XmlElement || abs.type instanceof Y.XmlFragment) {
      const m = childOffsets(abs.type);
      const child = abs.type.toArray()[abs.index];
      const off = child === undefined ? m.end : m.get(child);
      return off === undefined ? undefined : start + off;
    }
    return undefined;
  };
}
