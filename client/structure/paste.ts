import { Extension } from '@tiptap/core';
import type { Fragment } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { hasStructure, parseText } from '../../shared/domain/index.ts';
import { toProseMirror } from '../../shared/domain/to-prosemirror.ts';
import { listTextFromBlocks } from '../../shared/domain/pasted-lists.ts';
import { blocksFromHtml, hasListMarkup, withoutStyles } from './paste-html.ts';

/** The clipboard as list text: from its HTML when that has list markup, else its plain text. */
function listText(data: DataTransfer): string {
  const html = data.getData('text/html');
  if (html !== '') {
    const blocks = blocksFromHtml(html, new DOMParser());
    if (hasListMarkup(blocks)) return listTextFromBlocks(blocks);
  }
  return data.getData('text/plain');
}

/**
 * Pasting list text — from a PDF, a web page or Word — recognises its structure with the same
 * parser as imports: identifiers become entries, "a." lines sub-items, "Note:" lines notes,
 * `"Term" (4) means …` lines definitions. When the clipboard's HTML holds lists (`<ol>`/`<li>`
 * nesting, Word's list paragraphs), their nesting and labels are read from the markup first (see
 * paste-html.ts); only text is ever taken from it, never HTML. Text without list structure, or a
 * paste copied from Plenary itself, is left to the editor.
 */
export const StructurePaste = Extension.create({
  name: 'structurePaste',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('structurePaste'),
        props: {
          // ProseMirror parses pasted HTML before any handler runs; inline styles in it would
          // break the CSP and be reported, so every paste loses them first (see withoutStyles).
          transformPastedHTML: (html) => withoutStyles(html),
          handlePaste(view, event) {
            const data = event.clipboardData;
            if (!data || data.types.includes('application/x-plenary') || /data-pm-slice/.test(data.getData('text/html'))) return false;
            const text = listText(data);
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
