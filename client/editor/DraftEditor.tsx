import { EditorContent, type Editor } from '@tiptap/react';
import { Toolbar } from './Toolbar.tsx';
import { StructureToolbar } from '../structure/StructureToolbar.tsx';

/**
 * The rich-text editor bound to the draft's shared document, with its toolbar when editable.
 * `suggesting`: the toolbar turns off the commands that cannot become suggestions.
 */
export function DraftEditor({ editor, suggesting = false }: { editor: Editor; suggesting?: boolean }) {
  return (
    <>
      {editor.isEditable && (
        <div className="toolbars">
          <Toolbar editor={editor} suggesting={suggesting} />
          <StructureToolbar editor={editor} suggesting={suggesting} />
        </div>
      )}
      <div className="page-sheet">
        <EditorContent editor={editor} />
      </div>
    </>
  );
}
