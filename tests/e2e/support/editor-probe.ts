import type { Page } from 'playwright-core';

/**
 * Reads and drives the editor a page shows, through the Tiptap editor object Tiptap puts on its
 * element (`.ProseMirror`.editor). Everything runs in the page: the functions passed to
 * page.evaluate are self-contained.
 */

/** A textblock of the document: where its content starts, its type, its parent's type, its text. */
export interface Textblock {
  pos: number;
  type: string;
  parent: string;
  /** Index of the top-level block that holds it. */
  top: number;
  text: string;
}

/** The document as JSON. */
export function docJSON(page: Page): Promise<unknown> {
  return page.evaluate(() => {
    const editor = (document.querySelector('.draft-text.ProseMirror, .ProseMirror') as unknown as { editor: { getJSON(): unknown } }).editor;
    return editor.getJSON();
  });
}

/** Every textblock in document order. */
export function textblocks(page: Page): Promise<Textblock[]> {
  return page.evaluate(() => {
    type N = { isTextblock: boolean; type: { name: string }; textContent: string; forEach(f: (c: N, offset: number, index: number) => void): void; descendants(f: (n: N, pos: number, parent: N | null) => boolean | void): void };
    const editor = (document.querySelector('.ProseMirror') as unknown as { editor: { state: { doc: N } } }).editor;
    const out: Array<{ pos: number; type: string; parent: string; top: number; text: string }> = [];
    let offset = 0;
    editor.state.doc.forEach((block, _o, top) => {
      const at = offset;
      offset += (block as unknown as { nodeSize: number }).nodeSize;
      if (block.isTextblock) {
        out.push({ pos: at + 1, type: block.type.name, parent: 'doc', top, text: block.textContent });
        return;
      }
      block.descendants((n, pos, parent) => {
        if (!n.isTextblock) return true;
        out.push({ pos: at + 1 + pos + 1, type: n.type.name, parent: parent?.type.name ?? '', top, text: n.textContent });
        return false;
      });
    });
    return out;
  });
}

/** Moves top-level block `from` to stand before top-level block `to`, as a drag-and-drop does: one transaction deletes it and reinserts it. */
export function moveBlock(page: Page, from: number, to: number): Promise<void> {
  return page.evaluate(
    ([f, t]) => {
      type N = { nodeSize: number; child(i: number): N };
      type Tr = { delete(a: number, b: number): Tr; insert(p: number, n: N): Tr; mapping: { map(p: number): number } };
      const editor = (document.querySelector('.ProseMirror') as unknown as { editor: { state: { doc: N; tr: Tr }; view: { dispatch(tr: Tr): void } } }).editor;
      const doc = editor.state.doc;
      const start = (i: number) => {
        let pos = 0;
        for (let k = 0; k < i; k++) pos += doc.child(k).nodeSize;
        return pos;
      };
      const node = doc.child(f);
      const tr = editor.state.tr.delete(start(f), start(f) + node.nodeSize);
      editor.view.dispatch(tr.insert(tr.mapping.map(start(t)), node));
    },
    [from, to] as const,
  );
}

/** Puts the page's caret at `pos` and focuses the editor (as a click there would). */
export async function placeCaret(page: Page, pos: number): Promise<void> {
  await page.evaluate((at) => {
    const editor = (document.querySelector('.ProseMirror') as unknown as { editor: { commands: { focus(p?: number): boolean; setTextSelection(p: number): boolean } } }).editor;
    editor.commands.setTextSelection(at);
    editor.commands.focus();
  }, pos);
  // Tiptap focuses in the next animation frame: keys pressed before then would go nowhere.
  await page.waitForFunction(() => (document.querySelector('.ProseMirror') as unknown as { editor: { view: { hasFocus(): boolean } } }).editor.view.hasFocus());
}

/** The `n` characters of the textblock after the page's own selection head. */
export function textAfterCaret(page: Page, n = 8): Promise<string> {
  return page.evaluate((count) => {
    const editor = (document.querySelector('.ProseMirror') as unknown as { editor: { state: { selection: { $head: { parent: { textContent: string }; parentOffset: number } } } } }).editor;
    const $head = editor.state.selection.$head;
    return $head.parent.textContent.slice($head.parentOffset, $head.parentOffset + count);
  }, n);
}

/** The `n` characters of the textblock after each collaborator's caret as this page draws it. */
export function textAfterRemoteCarets(page: Page, n = 8): Promise<string[]> {
  return page.evaluate((count) => {
    type Deco = { from: number; spec: { side?: number } };
    type State = { doc: { content: { size: number }; resolve(p: number): { parent: { textContent: string }; parentOffset: number } }; plugins: Array<{ key: string; getState(s: unknown): { find(from: number, to: number): Deco[] } }> };
    const editor = (document.querySelector('.ProseMirror') as unknown as { editor: { state: State } }).editor;
    const state = editor.state;
    const carets = state.plugins.find((p) => p.key.startsWith('yjs-cursor'));
    if (!carets) return [];
    return carets
      .getState(state)
      .find(0, state.doc.content.size)
      .filter((d) => d.spec.side === 10)
      .map((d) => {
        const $pos = state.doc.resolve(d.from);
        return $pos.parent.textContent.slice($pos.parentOffset, $pos.parentOffset + count);
      });
  }, n);
}

/**
 * Where the collaboration binding's node cache disagrees with what the page shows: walking the
 * shared Yjs fragment and the ProseMirror document together, every element must have a cached node
 * equal to the node shown in its place. Positions of carets, comments and selections are computed
 * from the cached nodes' sizes, so a wrong entry puts them on the wrong words. Empty when right.
 */
export function mappingProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type PmNode = { isText: boolean; type: { name: string }; eq(o: PmNode): boolean; forEach(f: (c: PmNode) => void): void };
    type YType = { nodeName?: string; toArray(): YType[] };
    type State = { doc: PmNode; plugins: Array<{ key: string; getState(s: unknown): { binding: { type: YType; mapping: Map<YType, PmNode | PmNode[]> } } }> };
    const editor = (document.querySelector('.ProseMirror') as unknown as { editor: { state: State } }).editor;
    const sync = editor.state.plugins.find((p) => p.key.startsWith('y-sync'));
    if (!sync) return ['no collaboration binding'];
    const { type: fragment, mapping } = sync.getState(editor.state).binding;
    const problems: string[] = [];
    const walk = (parent: YType, shown: PmNode, path: string): void => {
      const yElements = parent.toArray().filter((t) => typeof t.nodeName === 'string');
      const pmElements: PmNode[] = [];
      shown.forEach((c) => {
        if (!c.isText) pmElements.push(c);
      });
      if (yElements.length !== pmElements.length) problems.push(`${path}: ${yElements.length} shared elements, ${pmElements.length} shown`);
      yElements.forEach((y, i) => {
        const node = pmElements[i];
        if (!node) return;
        const at = `${path}/${i}:${node.type.name}`;
        const cached = mapping.get(y);
        if (cached === undefined) problems.push(`${at}: no cached node`);
        else if (Array.isArray(cached) || !cached.eq(node)) problems.push(`${at}: cached node differs from the one shown`);
        walk(y, node, at);
      });
    };
    walk(fragment, editor.state.doc, '');
    return problems;
  });
}

/** Keeps the document the page shows now, for `blocksKept`. */
export function holdDoc(page: Page): Promise<void> {
  return page.evaluate(() => {
    const editor = (document.querySelector('.ProseMirror') as unknown as { editor: { state: { doc: unknown } } }).editor;
    (window as unknown as { heldDoc: unknown }).heldDoc = editor.state.doc;
  });
}

/** How many top-level blocks of the document now are the very node objects of the held one (unchanged, not rebuilt). */
export function blocksKept(page: Page): Promise<{ kept: number; total: number }> {
  return page.evaluate(() => {
    type N = { childCount: number; child(i: number): N };
    const editor = (document.querySelector('.ProseMirror') as unknown as { editor: { state: { doc: N } } }).editor;
    const held = (window as unknown as { heldDoc: N }).heldDoc;
    const now = editor.state.doc;
    const before = new Set<N>();
    for (let i = 0; i < held.childCount; i++) before.add(held.child(i));
    let kept = 0;
    for (let i = 0; i < now.childCount; i++) if (before.has(now.child(i))) kept++;
    return { kept, total: now.childCount };
  });
}

/** Where the page draws its own caret, relative to the window, and the window's height. */
export function caretOnScreen(page: Page): Promise<{ top: number; windowHeight: number }> {
  return page.evaluate(() => {
    const editor = (document.querySelector('.ProseMirror') as unknown as { editor: { state: { selection: { head: number } }; view: { coordsAtPos(p: number): { top: number } } } }).editor;
    return { top: editor.view.coordsAtPos(editor.state.selection.head).top, windowHeight: window.innerHeight };
  });
}

/**
 * Replaces the collaboration binding's cached node for top-level block `index` with a paragraph
 * reading `text` that the page does not show: a stale cache entry, as a bug could leave one.
 */
export function staleCacheEntry(page: Page, index: number, text: string): Promise<void> {
  return page.evaluate(
    ([i, t]) => {
      type Schema = { text(s: string): unknown; nodes: { paragraph: { create(attrs: null, content: unknown): unknown } } };
      type State = { plugins: Array<{ key: string; getState(s: unknown): { binding: { type: { get(i: number): unknown }; mapping: Map<unknown, unknown> } } }> };
      const editor = (document.querySelector('.ProseMirror') as unknown as { editor: { state: State; schema: Schema } }).editor;
      const sync = editor.state.plugins.find((p) => p.key.startsWith('y-sync'));
      if (!sync) throw new Error('no collaboration binding');
      const { binding } = sync.getState(editor.state);
      binding.mapping.set(binding.type.get(i), editor.schema.nodes.paragraph.create(null, editor.schema.text(t)));
    },
    [index, text] as const,
  );
}
