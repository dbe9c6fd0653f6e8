/**
 * The review's keyboard shortcuts, defined once: the mode switch and the comment button show them,
 * and the page listens for them.
 *
 * Chosen not to clash: Ctrl+Alt+E already inserts a control entry (client/structure/commands.ts),
 * so the modes take Ctrl+Alt+Shift+S / +E (no browser, Tiptap or structure binding); Ctrl+Alt+M
 * is the comment key of Word and Google Docs. On Windows, Ctrl+Alt is also AltGr, which types
 * letters on many European keyboards (ś, €, µ): a shortcut counts only when the key is the plain
 * letter, so typing those characters never triggers one.
 */
const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl';

export interface ReviewShortcut {
  letter: string;
  shift: boolean;
  /** As shown in tooltips, e.g. "Ctrl+Alt+Shift+S". */
  label: string;
  /** As aria-keyshortcuts spells it, e.g. "Control+Alt+Shift+S". */
  aria: string;
}

function shortcut(letter: string, shift: boolean): ReviewShortcut {
  const keys = `Alt+${shift ? 'Shift+' : ''}${letter.toUpperCase()}`;
  return { letter, shift, label: `${mod}+${keys}`, aria: `${isMac ? 'Meta' : 'Control'}+${keys}` };
}

export const REVIEW_SHORTCUTS = {
  suggesting: shortcut('s', true),
  editing: shortcut('e', true),
  comment: shortcut('m', false),
} as const;

/**
 * Whether a keydown is Undo or Redo (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y; ⌘ on a Mac): in Suggesting
 * they would take back one's earlier direct edits in the shared text, so the page stops them.
 */
export function isUndoOrRedo(e: KeyboardEvent): boolean {
  const modDown = isMac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  if (!modDown || e.altKey) return false;
  return e.code === 'KeyZ' || e.key.toLowerCase() === 'z' || (!isMac && (e.code === 'KeyY' || e.key.toLowerCase() === 'y') && !e.shiftKey);
}

/** Whether a keydown is this shortcut. */
export function matchesShortcut(e: KeyboardEvent, s: ReviewShortcut): boolean {
  const modDown = isMac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  if (!modDown || !e.altKey || e.shiftKey !== s.shift || e.repeat) return false;
  // Option changes the character on a Mac (⌥S is "ß"), so there the physical key decides.
  return isMac ? e.code === `Key${s.letter.toUpperCase()}` : e.key.toLowerCase() === s.letter;
}
