import type { Editor } from '@tiptap/react';
import { useSyncExternalStore } from 'react';
import { controllerOf, type ReviewController } from './review-controller.ts';

/**
 * Whether this editor is in Suggesting mode (chosen, forced for commenters, or by the review
 * phase). The review UI makes the controller, possibly after the caller first renders, so the
 * controller is looked up again on each editor transaction until it exists. Re-renders only when
 * the answer changes, not on every review update.
 */
export function useSuggestingMode(editor: Editor | null): boolean {
  return useSyncExternalStore(
    (onChange) => {
      if (!editor) return () => undefined;
      let attached: ReviewController | undefined;
      let detach: (() => void) | undefined;
      const attach = () => {
        const current = controllerOf(editor);
        if (current === attached) return;
        detach?.();
        attached = current;
        detach = current?.subscribe(onChange);
        onChange();
      };
      attach();
      editor.on('transaction', attach);
      return () => {
        editor.off('transaction', attach);
        detach?.();
      };
    },
    () => (editor ? controllerOf(editor)?.mode === 'suggesting' : false),
  );
}
