import { Extension } from '@tiptap/core';

/**
 * Mod-K asks the toolbar to open its link form. The form (not a prompt()) validates the address
 * with the same link policy the schema uses.
 */
export const LinkShortcut = Extension.create({
  name: 'linkShortcut',
  addKeyboardShortcuts() {
    return {
      'Mod-k': () => {
        this.editor.view.dom.dispatchEvent(new CustomEvent('plenary:edit-link', { bubbles: true }));
        return true;
      },
    };
  },
});
