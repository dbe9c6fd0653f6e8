import { Node } from '@tiptap/core';
import { CL } from './names.ts';
import { uidAttribute } from './uid.ts';

/**
 * A sub-item: a label, its text, then nested sub-items. `label` is stored without punctuation
 * ("b", "2") and follows the letter/number alternation automatically unless `labelFixed` is set,
 * because renumbering changes legal references and keeping a label must be a deliberate choice.
 * Both are attributes, so every export and every client reads the same label.
 */
export const ClSubItem = Node.create({
  name: CL.subItem,
  content: `${CL.text} ${CL.subItem}*`,
  defining: true,
  addAttributes: () => ({
    uid: uidAttribute,
    label: {
      default: '',
      parseHTML: (el) => el.getAttribute('data-label') ?? '',
      renderHTML: (attrs) => ({ 'data-label': typeof attrs.label === 'string' ? attrs.label : '' }),
    },
    labelFixed: {
      default: false,
      parseHTML: (el) => el.getAttribute('data-label-fixed') === 'true',
      renderHTML: (attrs) => (attrs.labelFixed === true ? { 'data-label-fixed': 'true' } : {}),
    },
  }),
  parseHTML: () => [{ tag: 'div.cl-subitem', priority: 60 }],
  renderHTML: ({ node, HTMLAttributes }) => {
    const label = typeof node.attrs.label === 'string' ? node.attrs.label : '';
    return [
      'div',
      { ...HTMLAttributes, class: 'cl-subitem' },
      ['span', { class: 'cl-label', contenteditable: 'false' }, label === '' ? '' : `${label}.`],
      ['div', { class: 'cl-body' }, 0],
    ];
  },
});

/** The text line of a sub-item, note or definition. */
export const ClText = Node.create({
  name: CL.text,
  content: 'inline*',
  parseHTML: () => [{ tag: 'div.cl-text', priority: 60 }],
  renderHTML: ({ HTMLAttributes }) => ['div', { ...HTMLAttributes, class: 'cl-text' }, 0],
});
