import StarterKit from '@tiptap/starter-kit';
import type { AnyExtension } from '@tiptap/core';
import { getSchema } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import { isSafeHref } from './link-policy.ts';
import { controlListNodes } from './control-list/index.ts';

/**
 * The one document schema of Plenary, as Tiptap extensions. The client's editor adds behaviour
 * (collaboration, carets, commands) on top of exactly these; the server builds its ProseMirror
 * schema from the same list to read documents for versions, exports and checks.
 *
 * History (undo/redo) is off: with collaboration, undo is Yjs's and covers one's own changes only.
 */
export function documentExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      undoRedo: false,
      // Not part of a control-list drafting vocabulary: code and rules have no meaning in a
      // proposal and would need a rendering in every export format.
      code: false,
      codeBlock: false,
      horizontalRule: false,
      // The client adds these two again with its own view options; they carry no schema.
      dropcursor: false,
      gapcursor: false,
      trailingNode: false,
      heading: { levels: [1, 2, 3] },
      link: {
        openOnClick: false,
        autolink: true,
        protocols: ['mailto'],
        defaultProtocol: 'https',
        isAllowedUri: (url) => isSafeHref(url),
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null },
      },
    }),
    ...controlListNodes(),
  ];
}

/** The Yjs XML fragment that holds the editor content (Tiptap Collaboration's default). */
export const DOCUMENT_FRAGMENT = 'default';

let cachedSchema: Schema | undefined;

/** The ProseMirror schema of a draft, built once. */
export function documentSchema(): Schema {
  cachedSchema ??= getSchema(documentExtensions());
  return cachedSchema;
}
