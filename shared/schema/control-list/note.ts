import { Node } from '@tiptap/core';
import { CL, NOTE_KINDS, noteCaption, type NoteKindAttr } from './names.ts';
import { uidAttribute } from './uid.ts';

function kindOf(value: unknown): NoteKindAttr {
  return NOTE_KINDS.find((k) => k === value) ?? 'note';
}

/**
 * A Note, Technical Note or N.B. of the entry or definition it sits in. `number` is set when the
 * owner has more than one block of the kind ("Note 2:") and is kept up to date by the editor,
 * like sub-item labels; null means unnumbered.
 */
export const ClNote = Node.create({
  name: CL.note,
  content: `${CL.text} ${CL.subItem}*`,
  defining: true,
  addAttributes: () => ({
    uid: uidAttribute,
    kind: {
      default: 'note',
      parseHTML: (el) => kindOf(el.getAttribute('data-kind')),
      renderHTML: (attrs) => ({ 'data-kind': kindOf(attrs.kind) }),
    },
    number: {
      default: null,
      parseHTML: (el) => {
        const n = Number(el.getAttribute('data-number'));
        return Number.isInteger(n) && n > 0 ? n : null;
      },
      renderHTML: (attrs) => (typeof attrs.number === 'number' ? { 'data-number': String(attrs.number) } : {}),
    },
  }),
  parseHTML: () => [{ tag: 'aside.cl-note', priority: 60 }],
  renderHTML: ({ node, HTMLAttributes }) => {
    const kind = kindOf(node.attrs.kind);
    const number = typeof node.attrs.number === 'number' ? node.attrs.number : null;
    return [
      'aside',
      { ...HTMLAttributes, class: `cl-note cl-note--${kind}` },
      ['span', { class: 'cl-note-caption', contenteditable: 'false' }, noteCaption(kind, number)],
      ['div', { class: 'cl-body' }, 0],
    ];
  },
});
