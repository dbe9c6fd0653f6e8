import type { Editor } from '@tiptap/react';
import { useSyncExternalStore } from 'react';
import { checkStoreFor, type CheckSnapshot } from './check-store.ts';

/** The latest check pass of an editor; re-renders when a new pass is published. */
export function useChecks(editor: Editor): CheckSnapshot {
  const store = checkStoreFor(editor);
  return useSyncExternalStore(
    (listener) => store.subscribe(listener),
    () => store.get(),
  );
}

/** Moves the cursor to `from` (selecting up to `to`), scrolls there and focuses the text. */
export function jumpTo(editor: Editor, from: number, to = from): void {
  const size = editor.state.doc.content.size;
  if (from < 0 || from > size) return;
  editor.chain().focus().setTextSelection({ from, to: Math.min(to, size) }).scrollIntoView().run();
}
