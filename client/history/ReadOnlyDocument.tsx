import { EditorContent, useEditor } from '@tiptap/react';
import type { PmNodeJSON } from '../../shared/api/versions.ts';
import { documentExtensions } from '../../shared/schema/extensions.ts';
import { redlineExtensions } from '../../shared/schema/redline-extensions.ts';

/**
 * A document shown read-only (a version, or a redline): its own Tiptap editor, not bound to the
 * shared document, so opening it disturbs nobody's editing.
 */
export function ReadOnlyDocument({ content, label }: { content: PmNodeJSON; label: string }) {
  const editor = useEditor(
    {
      extensions: [...documentExtensions(), ...redlineExtensions()],
      content,
      editable: false,
      injectCSS: false,
      editorProps: { attributes: { class: 'draft-text history-text', 'aria-label': label, 'aria-readonly': 'true', role: 'document' } },
    },
    [content],
  );
  return <EditorContent editor={editor} />;
}
