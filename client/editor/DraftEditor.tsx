import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect } from 'react';
import type { CollabSession } from '../collab/collab-session.ts';
import { editorExtensions, type CaretUser } from './extensions.ts';
import { Toolbar } from './Toolbar.tsx';

/** The rich-text editor bound to the draft's shared document. */
export function DraftEditor({ session, user, editable }: { session: CollabSession; user: CaretUser; editable: boolean }) {
  const editor = useEditor(
    {
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
    },
    [session],
  );

  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  if (!editor) return null;
  return (
    <>
      {editable && <Toolbar editor={editor} />}
      <div className="page-sheet">
        <EditorContent editor={editor} />
      </div>
    </>
  );
}
