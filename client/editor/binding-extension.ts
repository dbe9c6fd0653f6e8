import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey, type ProsemirrorBinding } from '@tiptap/y-tiptap';

/**
 * A Tiptap extension that adjusts the collaboration binding (y-tiptap's ProsemirrorBinding) for as
 * long as the editor's view lives: `install` gets the binding once the sync plugin has made it and
 * returns how to undo what it did. List it after Collaboration, whose plugin view must exist first.
 */
export function bindingExtension(name: string, install: (binding: ProsemirrorBinding, view: EditorView) => () => void): Extension {
  return Extension.create({
    name,
    addProseMirrorPlugins() {
      return [
        new Plugin({
          key: new PluginKey(name),
          view(view) {
            const binding = (ySyncPluginKey.getState(view.state) as { binding?: ProsemirrorBinding } | undefined)?.binding;
            const uninstall = binding ? install(binding, view) : undefined;
            return { destroy: () => uninstall?.() };
          },
        }),
      ];
    },
  });
}
