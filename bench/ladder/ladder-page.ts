/**
 * Runs inside the benchmark's browser page (bundled by bench/ladder/ladder.ts, evaluated through
 * the DevTools protocol): mounts one rung of the typing ladder, an editor over the draft's JSON
 * with a chosen part of the app's editing stack, so the bench can type into it exactly as it types
 * into the app and tell which layer owns the latency.
 *
 * - `bare`: a plain ProseMirror EditorView with the draft's schema: no Yjs, no plugins.
 * - `sync`: + y-tiptap's sync plugin bound to a Y.Doc holding the same document.
 * - `sync-undo-cursor`: + y-tiptap's undo plugin and cursor plugin (with a local awareness).
 */
import { EditorState, type Plugin } from '@tiptap/pm/state';
import { EditorView } from '@tiptap/pm/view';
import { prosemirrorJSONToYXmlFragment, yCursorPlugin, ySyncPlugin, yUndoPlugin } from '@tiptap/y-tiptap';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { documentSchema, DOCUMENT_FRAGMENT } from '../../shared/schema/extensions.ts';

export type Rung = 'bare' | 'sync' | 'sync-undo-cursor';

/** One element of the app's chain of ancestors of its editor, outermost first. */
export interface AncestorShape {
  tag: string;
  className: string;
}

function plugins(rung: Rung, json: unknown): Plugin[] {
  if (rung === 'bare') return [];
  const ydoc = new Y.Doc();
  const fragment = ydoc.getXmlFragment(DOCUMENT_FRAGMENT);
  prosemirrorJSONToYXmlFragment(documentSchema(), json, fragment);
  const sync = ySyncPlugin(fragment) as Plugin;
  if (rung === 'sync') return [sync];
  const awareness = new Awareness(ydoc);
  awareness.setLocalStateField('user', { name: 'Bench', color: '#1f77b4' });
  return [sync, yCursorPlugin(awareness) as Plugin, yUndoPlugin() as Plugin];
}

/**
 * Mounts the rung under a copy of the app's ancestor chain (same classes, so the same CSS lays it
 * out) in a page that holds the app's stylesheets and nothing else. Returns when the view exists.
 */
function mount(rung: Rung, json: unknown, ancestors: readonly AncestorShape[], editorClass: string): void {
  let parent: HTMLElement = document.body;
  for (const a of ancestors) {
    const el = document.createElement(a.tag);
    el.className = a.className;
    parent.append(el);
    parent = el;
  }
  const schema = documentSchema();
  // The sync plugin builds the document from Yjs; the bare view from the JSON.
  const doc = rung === 'bare' ? schema.nodeFromJSON(json) : undefined;
  const state = EditorState.create({ schema, ...(doc ? { doc } : {}), plugins: plugins(rung, json) });
  new EditorView(parent, { state, attributes: { class: editorClass } });
}

(window as unknown as { __ladder: { mount: typeof mount } }).__ladder = { mount };
