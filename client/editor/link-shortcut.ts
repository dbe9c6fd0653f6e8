import { Extension } from '@tiptap/core';

/**
 * Mod-K asks the toolbar to open its link form. The form (not a prompt()) validates the address
 * with the same link policy the schema uses.
 */
/** Asks the toolbar to open its link form. */
export const EDIT_LINK_EVENT = 'plenary:edit-link';

export const LinkShortcut = Extension.create({
  name: 'linkShortcut',
  addKeyboardShortcuts() {
    return {
      'Mod-k': () => {
        document.dispatchEvent(new CustomEvent(EDIT_LINK_EVENT));
        return true;
      },
    };
  },
});
