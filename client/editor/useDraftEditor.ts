import { useEditor, type Editor } from '@tiptap/react';
import { useEffect } from 'react';
import type { CollabSession } from '../collab/collab-session.ts';
import StarterKit from '@tiptap/starter-kit';
import { editorExtensions, type CaretUser } from './extensions.ts';
import { markOpenMilestone } from '../app/open-milestones.ts';

/** Document, paragraph and text only: what an editor that is never shown needs. */
const PLACEHOLDER_SCHEMA = StarterKit.configure({
  blockquote: false,
  bold: false,
  bulletList: false,
  code: false,
  codeBlock: false,
  dropcursor: false,
  gapcursor: false,
  hardBreak: false,
  heading: false,
  horizontalRule: false,
  italic: false,
  link: false,
  listItem: false,
  listKeymap: false,
  orderedList: false,
  strike: false,
  trailingNode: false,
  underline: false,
  undoRedo: false,
});

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
      : // Until the session exists: an inert placeholder, never shown nor handed out (see below),
        // so the smallest schema will do: building the draft's full schema and its plugins for it
        // cost the opening of every draft a second editor.
        { extensions: [PLACEHOLDER_SCHEMA], editable: false, injectCSS: false },
    [session],
  );
  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);
  // On the render that brings the session, useEditor still returns the inert editor (it makes the
  // real one in an effect): never hand that one out, or the review controller and panels are built
  // for it, fetch for it, and are then built again for the real one.
  if (!session || !editor || !isBoundTo(editor, session)) return null;
  markOpenMilestone('editor-created');
  return editor;
}

/** The editor was made for this session: its collaboration extension edits the session's document. */
function isBoundTo(editor: Editor, session: CollabSession): boolean {
  return editor.extensionManager.extensions.some((e) => e.name === 'collaboration' && (e.options as { document?: unknown }).document === session.doc);
}
