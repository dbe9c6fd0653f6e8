import { Extension } from '@tiptap/core';
import type { Fragment } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { hasStructure, parseText } from '../../shared/domain/index.ts';
import { toProseMirror } from '../../shared/domain/to-prosemirror.ts';

/**
 * Pasting list text — from a PDF, a web page or Word — recognises its structure with the same
 * parser as imports: identifiers become entries, "a." lines sub-items, "Note:" lines notes,
 * `"Term" (4) means …` lines definitions. Only plain text is read (never pasted HTML), and text
 * without list structure, or a paste copied from Plenary itself, is left to the editor.
 */
export const StructurePaste = Extension.create({
  name: 'structurePaste',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('structurePaste'),
        props: {
          handlePaste(view, event) {
            const data = event.clipboardData;
            if (!data || data.types.includes('application/x-plenary') || /data-pm-slice/.test(data.getData('text/html'))) return false;
            const text = data.getData('text/plain');
            if (!/\n/.test(text)) return false;
            const model = parseText(text);
            if (!hasStructure(model)) return false;
            const doc = view.state.schema.nodeFromJSON(toProseMirror(model, { lines: text.split(/\r\n|\r|\n/) }));
            const { $from } = view.state.selection;
            const at = $from.depth >= 1 ? $from.after(1) : view.state.selection.to;
            const content: Fragment = doc.content;
            view.dispatch(view.state.tr.insert(at, content).scrollIntoView());
            return true;
          },
        },
      }),
    ];
  },
});
