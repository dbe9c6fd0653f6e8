import { bindingExtension } from './binding-extension.ts';

/** The endpoints y-tiptap saves before a change from the shared document, to fall back on (see below). */
interface SavedSelection {
  absAnchor: number | null;
  absHead: number | null;
}

/**
 * The draft's content arriving in an editor that still shows nothing costs no selection recovery.
 *
 * y-tiptap keeps the local selection across a change from the shared document: it saves it as Yjs
 * relative positions (and the old absolute positions) before the change, and resolves it after.
 * When the result looks wrong it falls back to matching the old block's text against every block
 * of the new document. When the content first arrives (from the server, or this browser's copy)
 * the old document is the editor's empty starting paragraph: that fallback has nothing to match,
 * yet it walked all 2,000 paragraphs of a long draft (~80 ms of the opening). So while the shared
 * document is still empty, the saved absolute positions are dropped and the relative positions
 * resolve the selection as they do for every other change (to the start of the text).
 */
// After the collaboration plugin's view, so this listener runs after the binding saved the selection.
export const FirstContentSelection = bindingExtension('plenary-first-content-selection', (binding) => {
  const forgetPositionsWhileEmpty = () => {
    const saved: SavedSelection | null = binding.beforeTransactionSelection;
    if (saved && binding.type.length === 0) {
      saved.absAnchor = null;
      saved.absHead = null;
    }
  };
  binding.doc.on('beforeAllTransactions', forgetPositionsWhileEmpty);
  return () => binding.doc.off('beforeAllTransactions', forgetPositionsWhileEmpty);
});
