import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { normalise } from './normalise.ts';

/**
 * Keeps the structure's derived attributes right after every change, local or remote: provision
 * ids, sub-item labels and note numbers (see normalise.ts). Read-only editors leave the document
 * alone: the server would refuse their changes, and their copy would drift from the draft.
 */
export const StructureNormalise = Extension.create({
  name: 'structureNormalise',
  addProseMirrorPlugins() {
    const editor = this.editor;
    return [
      new Plugin({
        key: new PluginKey('structureNormalise'),
        appendTransaction(transactions, oldState, newState) {
          if (!editor.isEditable || !transactions.some((t) => t.docChanged)) return null;
          // A change from the collaboration binding may have rebuilt unchanged blocks (see normalise).
          const rebuilt = transactions.some((t) => t.docChanged && t.getMeta(ySyncPluginKey) !== undefined);
          return normalise(oldState.doc, newState.doc, newState.tr, rebuilt);
        },
      }),
    ];
  },
});
