import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

/** Whether the browser keeps what is on screen in place when content above it changes (CSS scroll anchoring). */
function anchorsScrolling(): boolean {
  return typeof CSS !== 'undefined' && CSS.supports('overflow-anchor', 'auto');
}

/** Whether the view's last change was a collaborator's, received through Yjs (not one's own undo or redo). */
function lastChangeWasReceived(view: EditorView): boolean {
  const sync = ySyncPluginKey.getState(view.state) as { isChangeOrigin?: boolean; isUndoRedoOperation?: boolean } | undefined;
  return sync?.isChangeOrigin === true && sync.isUndoRedoOperation !== true;
}

/**
 * Leaves the page where it is when a collaborator's change arrives. The collaboration binding asks
 * ProseMirror to scroll to one's caret after every received change while the caret is on screen;
 * finding out whether it must scroll measures the caret, which makes the browser lay out the
 * whole draft at once, inside the message's task (about a third of a received keystroke's work in
 * a 2,000-entry draft). Where the browser anchors scrolling, content changing above the caret
 * already leaves what one reads, caret included, where it was. Elsewhere (no scroll anchoring),
 * and for one's own undo and redo, ProseMirror scrolls as before.
 */
export const KeepScrollOnReceivedChanges = Extension.create({
  name: 'keepScrollOnReceivedChanges',
  addProseMirrorPlugins() {
    const anchored = anchorsScrolling();
    return [
      new Plugin({
        key: new PluginKey('keepScrollOnReceivedChanges'),
        props: {
          handleScrollToSelection: (view) => anchored && lastChangeWasReceived(view),
        },
      }),
    ];
  },
});
