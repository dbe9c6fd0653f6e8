import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

/**
 * Autolinking is for what this person types. Text arriving from the shared document (opening a
 * draft, others' edits) was autolinked, or not, where it was typed: here it would only make every
 * open editor add the same link mark again, and on opening it tokenized the whole draft's first
 * block and set up the link scanner inside the one long task that shows the text.
 * ProseMirror runs every plugin's filterTransaction before any appendTransaction, so the
 * `preventAutolink` meta (the Link extension's own switch) is on the transaction before the
 * autolink plugin looks at it.
 */
export const AutolinkOwnTypingOnly = Extension.create({
  name: 'autolinkOwnTypingOnly',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('autolink-own-typing-only'),
        filterTransaction(tr) {
          if (tr.getMeta(ySyncPluginKey) !== undefined) tr.setMeta('preventAutolink', true);
          return true;
        },
      }),
    ];
  },
});
