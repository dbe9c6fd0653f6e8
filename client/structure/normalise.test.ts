/**
 * Normalising after a change, from this editor (unchanged blocks are the same objects, only the
 * changed ones are visited) or from the collaboration binding (every block is a new object): typing
 * needs nothing fixed, a pasted copy of an entry gets an id of its own, and a new sub-item in a
 * changed entry gets its label.
 */
import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { documentSchema } from '../../shared/schema/extensions.ts';
import { toProseMirror } from '../../shared/domain/to-prosemirror.ts';
import { generateDoc } from '../../shared/domain/fixtures/generate.ts';
import { CL } from '../../shared/schema/control-list/index.ts';
import { normalise } from './normalise.ts';

const schema = documentSchema();

/** The document after normalising the change from `before` to `after` (itself when nothing needed fixing). */
function normalised(before: PMNode, after: PMNode, rebuilt = false): PMNode {
  const tr = normalise(before, after, EditorState.create({ doc: after }).tr, rebuilt);
  return tr ? tr.doc : after;
}

/** Top-level entries with their positions. */
function entries(doc: PMNode): Array<{ node: PMNode; pos: number }> {
  const out: Array<{ node: PMNode; pos: number }> = [];
  doc.forEach((node, pos) => {
    if (node.type.name === CL.entry) out.push({ node, pos });
  });
  return out;
}

/** A generated draft of 20 entries, already normalised. */
function draft(): PMNode {
  const raw = schema.nodeFromJSON(toProseMirror(generateDoc(20)));
  return normalised(schema.topNodeType.create(), raw);
}

/** Inserts `text` at the start of entry `n`'s first textblock. */
function typeInto(doc: PMNode, n: number, text: string): PMNode {
  const entry = entries(doc)[n];
  if (!entry) throw new Error(`no entry ${n}`);
  let at = -1;
  entry.node.descendants((child, offset) => {
    if (at < 0 && child.isTextblock) at = entry.pos + 1 + offset + 1;
    return at < 0;
  });
  return EditorState.create({ doc }).tr.insertText(text, at).doc;
}

describe('normalise', () => {
  it('needs nothing fixed after a keystroke, local or rebuilt by the collaboration binding', () => {
    const before = draft();
    const typed = typeInto(before, 10, 'x');
    expect(normalise(before, typed, EditorState.create({ doc: typed }).tr)).toBeNull();
    const rebuilt = schema.nodeFromJSON(typed.toJSON());
    expect(normalise(before, rebuilt, EditorState.create({ doc: rebuilt }).tr)).toBeNull();
    expect(normalise(before, rebuilt, EditorState.create({ doc: rebuilt }).tr, true)).toBeNull();
  });

  it('gives a pasted copy of an entry a new id and keeps the original’s', () => {
    const before = draft();
    const [, original] = entries(before);
    const tenth = entries(before)[10];
    if (!original || !tenth) throw new Error('generated draft too short');
    const pasted = before.replace(tenth.pos, tenth.pos, new Slice(Fragment.from(original.node), 0, 0));
    const after = normalised(before, pasted);
    const uids = entries(after).map((e) => e.node.attrs.uid as string);
    expect(new Set(uids).size).toBe(uids.length);
    expect(entries(after)[1]?.node.attrs.uid).toBe(original.node.attrs.uid);
    expect(entries(after)[10]?.node.attrs.uid).not.toBe(original.node.attrs.uid);
  });

  it.each([false, true])('labels a new sub-item of the changed entry, also when every block is a new object (compared by content: %s)', (byContent) => {
    const before = draft();
    const entry = entries(before)[5];
    if (!entry) throw new Error('generated draft too short');
    let itemPos = -1;
    const items: PMNode[] = [];
    entry.node.forEach((child, offset) => {
      if (child.type.name !== CL.subItem) return;
      if (items.length === 0) itemPos = entry.pos + 1 + offset;
      items.push(child);
    });
    const item = items[0];
    if (!item) throw new Error('the generated entry has no sub-item');
    const copy = item.type.create({ ...item.attrs, uid: '', label: '' }, item.content);
    // Rebuilt from JSON: every block a new object, as after a remote change.
    const inserted = schema.nodeFromJSON(before.replace(itemPos, itemPos, new Slice(Fragment.from(copy), 0, 0)).toJSON());
    const after = normalised(before, inserted, byContent);
    const labels: string[] = [];
    entries(after)[5]?.node.forEach((child) => {
      if (child.type.name === CL.subItem) labels.push(String(child.attrs.label));
    });
    expect(labels.slice(0, 2)).toEqual(['a', 'b']);
    expect(labels.every((l) => l !== '')).toBe(true);
  });

  it('after a rebuild by the collaboration binding, leaves the entries whose content did not change alone', () => {
    const before = draft();
    // An unchanged entry with a label missing, which only a full pass would fill in.
    const third = entries(before)[3];
    let itemPos = -1;
    third?.node.forEach((child, offset) => {
      if (itemPos < 0 && child.type.name === CL.subItem) itemPos = third.pos + 1 + offset;
    });
    if (itemPos < 0) throw new Error('the generated entry has no sub-item');
    const unlabelled = EditorState.create({ doc: before }).tr.setNodeAttribute(itemPos, 'label', '').doc;
    const rebuilt = schema.nodeFromJSON(typeInto(unlabelled, 10, 'x').toJSON());
    expect(normalise(unlabelled, rebuilt, EditorState.create({ doc: rebuilt }).tr, true)).toBeNull();
    // Compared by identity, every rebuilt entry counts as changed and the label is filled in.
    expect(normalised(unlabelled, rebuilt).nodeAt(itemPos)?.attrs.label).toBe('a');
  });
});
