// @vitest-environment jsdom
/**
 * One's own edits reach Yjs block by block (changed-blocks-to-yjs.ts): on a real Tiptap editor bound
 * to a Y.Doc by the Collaboration extension, with the draft schema, what Yjs holds after each edit is
 * what the editor shows, edits inside blocks never take y-tiptap's whole-document pass, and edits
 * that change the top level (a split, a deleted block), received changes and undo still do.
 */
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import { ProsemirrorBinding, prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import * as Y from 'yjs';
import { documentExtensions, documentSchema, DOCUMENT_FRAGMENT } from '../../shared/schema/extensions.ts';
import { ChangedBlocksToYjs } from './changed-blocks-to-yjs.ts';

const BLOCKS = 30;

function seededDoc(): Y.Doc {
  const ydoc = new Y.Doc();
  const content = Array.from({ length: BLOCKS }, (_, i) => ({ type: 'paragraph', content: [{ type: 'text', text: `Paragraph ${i}.` }] }));
  prosemirrorJSONToYXmlFragment(documentSchema(), { type: 'doc', content }, ydoc.getXmlFragment(DOCUMENT_FRAGMENT));
  return ydoc;
}

/** The document position just inside the end of top-level block `index`. */
function endOfBlock(editor: Editor, index: number): number {
  let pos = 0;
  for (let i = 0; i <= index; i++) pos += editor.state.doc.child(i).nodeSize;
  return pos - 1;
}

describe('own edits written to Yjs block by block', () => {
  let ydoc: Y.Doc;
  let editor: Editor;
  let fullPass: MockInstance<ProsemirrorBinding['_prosemirrorChanged']>;
  const yjsContent = (doc: Y.Doc = ydoc) => yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(DOCUMENT_FRAGMENT));

  beforeEach(() => {
    // y-tiptap's whole-document pass; the extension calls it through the binding when it must.
    fullPass = vi.spyOn(ProsemirrorBinding.prototype, '_prosemirrorChanged');
    ydoc = seededDoc();
    const element = document.createElement('div');
    document.body.append(element);
    editor = new Editor({ element, extensions: [...documentExtensions(), Collaboration.configure({ document: ydoc, field: DOCUMENT_FRAGMENT }), ChangedBlocksToYjs] });
    expect(editor.state.doc.childCount).toBe(BLOCKS);
    fullPass.mockClear();
  });

  afterEach(() => {
    editor.destroy();
    fullPass.mockRestore();
  });

  it('typing inside blocks writes only those blocks, and Yjs holds what the editor shows', () => {
    for (const [index, text] of [[15, ' typed'], [0, ' first'], [BLOCKS - 1, ' last']] as const) {
      for (const ch of text) editor.chain().setTextSelection(endOfBlock(editor, index)).insertContent(ch).run();
      expect(yjsContent()).toEqual(editor.getJSON());
    }
    expect(editor.state.doc.child(15).textContent).toBe('Paragraph 15. typed');
    // Two blocks in one transaction, and a selection change alone.
    editor.view.dispatch(editor.state.tr.insertText('!', endOfBlock(editor, 3)).insertText('?', endOfBlock(editor, 20)));
    editor.commands.setTextSelection(endOfBlock(editor, 7));
    expect(yjsContent()).toEqual(editor.getJSON());
    expect(fullPass).not.toHaveBeenCalled();
  });

  it('a split block and a deleted block take the whole-document pass and still reach Yjs', () => {
    editor.chain().setTextSelection(endOfBlock(editor, 10) - 3).splitBlock().run();
    expect(editor.state.doc.childCount).toBe(BLOCKS + 1);
    expect(yjsContent()).toEqual(editor.getJSON());
    const calls = fullPass.mock.calls.length;
    expect(calls).toBeGreaterThan(0);
    const from = endOfBlock(editor, 4) + 1;
    editor.view.dispatch(editor.state.tr.delete(from, from + editor.state.doc.child(5).nodeSize));
    expect(editor.state.doc.childCount).toBe(BLOCKS);
    expect(yjsContent()).toEqual(editor.getJSON());
    expect(fullPass.mock.calls.length).toBeGreaterThan(calls);
  });

  it('a block moved over others (same length) takes the whole-document pass; blocks it did not pass keep their Yjs types', () => {
    const fragment = ydoc.getXmlFragment(DOCUMENT_FRAGMENT);
    const [before, after] = [fragment.get(3), fragment.get(20)];
    // Block 8 goes after block 11, in one transaction: the top level keeps its length.
    const from = endOfBlock(editor, 7) + 1;
    const block = editor.state.doc.child(8);
    const tr = editor.state.tr.delete(from, from + block.nodeSize);
    editor.view.dispatch(tr.insert(endOfBlock(editor, 11) + 1 - block.nodeSize, block));
    expect(editor.state.doc.child(11).textContent).toBe('Paragraph 8.');
    expect(yjsContent()).toEqual(editor.getJSON());
    expect(fullPass).toHaveBeenCalled();
    expect(fragment.get(3)).toBe(before);
    expect(fragment.get(20)).toBe(after);
  });

  it('after a colleague’s change, own typing elsewhere keeps theirs and both documents agree', () => {
    const colleague = new Y.Doc();
    Y.applyUpdate(colleague, Y.encodeStateAsUpdate(ydoc));
    ydoc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'colleague') Y.applyUpdate(colleague, update, 'own');
    });
    colleague.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'own') Y.applyUpdate(ydoc, update, 'colleague');
    });
    const theirs = colleague.getXmlFragment(DOCUMENT_FRAGMENT).get(3);
    const text = theirs instanceof Y.XmlElement ? theirs.get(0) : undefined;
    if (!(text instanceof Y.XmlText)) throw new Error('block 3 has no text');
    text.insert(0, 'Theirs: ');
    expect(editor.state.doc.child(3).textContent).toBe('Theirs: Paragraph 3.');
    for (const ch of ' mine') editor.chain().setTextSelection(endOfBlock(editor, 20)).insertContent(ch).run();
    expect(editor.state.doc.child(20).textContent).toBe('Paragraph 20. mine');
    expect(yjsContent()).toEqual(editor.getJSON());
    expect(yjsContent(colleague)).toEqual(editor.getJSON());
  });

  it('undo takes back own typing in Yjs too', () => {
    editor.chain().setTextSelection(endOfBlock(editor, 12)).insertContent(' gone').run();
    expect(editor.state.doc.child(12).textContent).toBe('Paragraph 12. gone');
    editor.commands.undo();
    expect(editor.state.doc.child(12).textContent).toBe('Paragraph 12.');
    expect(yjsContent()).toEqual(editor.getJSON());
  });
});
