import { useMemo, useSyncExternalStore } from 'react';
import type { Editor } from '@tiptap/react';
import { afterNextPaint } from './after-paint.ts';

/** Flags a toolbar shows: which marks and blocks are active, which commands are available. */
type Flags = Record<string, boolean>;

function sameFlags(a: Flags, b: Flags): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/**
 * What a toolbar shows about the editor, brought up to date after the frame that shows an edit
 * is painted, at most once per frame, instead of inside every transaction. Tiptap's
 * `useEditorState` runs its selector synchronously in each transaction; the toolbars' selectors
 * (`isActive`, and `can()`, which runs commands on a trial transaction) cost about a millisecond
 * per keystroke in a long draft before that keystroke could be painted (issue 6 profiles). A
 * button's pressed state now follows the caret one frame later, which nobody can see.
 *
 * `select` must read only the editor: it is taken from the first render with this editor.
 */
export function useEditorStateAfterPaint<T extends Flags>(editor: Editor, select: (editor: Editor) => T): T {
  const store = useMemo(() => {
    let current = select(editor);
    return {
      get: () => current,
      subscribe: (changed: () => void) => {
        let cancel: (() => void) | undefined;
        const refresh = () => {
          cancel = undefined;
          const next = select(editor);
          if (sameFlags(next, current)) return;
          current = next;
          changed();
        };
        const schedule = () => {
          cancel ??= afterNextPaint(refresh);
        };
        // Editable on / off and focus do not always come with a transaction.
        const events = ['transaction', 'update', 'focus', 'blur'] as const;
        for (const event of events) editor.on(event, schedule);
        // Whatever changed between the first render and this subscription.
        schedule();
        return () => {
          for (const event of events) editor.off(event, schedule);
          cancel?.();
        };
      },
    };
    // `select` reads only the editor, so its new closure on each render must not rebuild the store.
  }, [editor]);
  return useSyncExternalStore(store.subscribe, store.get);
}
