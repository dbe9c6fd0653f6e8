import { EditorContent, type Editor } from '@tiptap/react';
import { Toolbar } from './Toolbar.tsx';
import { StructureToolbar } from '../structure/StructureToolbar.tsx';

/** The rich-text editor bound to the draft's shared document, with its toolbar when editable. */
export function DraftEditor({ editor }: { editor: Editor }) {
  return (
    <>
      {editor.isEditable && (
        <div className="toolbars">
          <Toolbar editor={editor} />
          <StructureToolbar editor={editor} />
        </div>
      )}
      <div className="page-sheet">
        <EditorContent editor={editor} />
      </div>
    </>
  );
}
