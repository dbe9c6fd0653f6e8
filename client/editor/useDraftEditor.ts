import { useEditor, type Editor } from '@tiptap/react';
import { useEffect } from 'react';
import type { CollabSession } from '../collab/collab-session.ts';
import { documentExtensions } from '../../shared/schema/extensions.ts';
import { editorExtensions, type CaretUser } from './extensions.ts';

/** The Tiptap editor bound to a draft's shared document; one per session. */
export function useDraftEditor(session: CollabSession | undefined, user: CaretUser, editable: boolean): Editor | null {
  const editor = useEditor(
    session
      ? {
          extensions: editorExtensions(session.doc, session.provider, user),
          editable,
          // Our CSP forbids inline <style>; the editor's base styles are in editor.css.
          injectCSS: false,
          editorProps: {
            attributes: {
              class: 'draft-text',
              'aria-label': 'Draft text',
              'aria-multiline': 'true',
              role: 'textbox',
              spellcheck: 'true',
            },
          },
        }
      : // Until the session exists: an inert editor of the same schema (never shown).
        { extensions: documentExtensions(), editable: false, injectCSS: false },
    [session],
  );
  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);
  return session ? editor : null;
}
