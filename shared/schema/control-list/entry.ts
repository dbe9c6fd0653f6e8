import { Node } from '@tiptap/core';
import { CL } from './names.ts';
import { uidAttribute } from './uid.ts';

/**
 * A control entry. Its identifier is the drafter's text (checked, never generated); its `uid` is
 * what stays the same when the identifier changes. Sub-items come before notes, as in the lists.
 */
export const ClEntry = Node.create({
  name: CL.entry,
  group: 'block',
  content: `${CL.identifier} ${CL.heading} ${CL.subItem}* ${CL.note}*`,
  defining: true,
  isolating: true,
  addAttributes: () => ({ uid: uidAttribute }),
  parseHTML: () => [{ tag: 'section.cl-entry', priority: 60 }],
  renderHTML: ({ HTMLAttributes }) => ['section', { ...HTMLAttributes, class: 'cl-entry' }, 0],
});

/** The identifier of an entry, "4.A.5." or "4A005": plain text, set in a fixed column. */
export const ClIdentifier = Node.create({
  name: CL.identifier,
  content: 'text*',
  marks: '',
  defining: true,
  parseHTML: () => [{ tag: 'div.cl-identifier', priority: 60 }],
  renderHTML: ({ HTMLAttributes }) => ['div', { ...HTMLAttributes, class: 'cl-identifier' }, 0],
});

/** The heading of an entry: what it controls, often ending "having any of the following:". */
export const ClHeading = Node.create({
  name: CL.heading,
  content: 'inline*',
  defining: true,
  parseHTML: () => [{ tag: 'div.cl-heading', priority: 60 }],
  renderHTML: ({ HTMLAttributes }) => ['div', { ...HTMLAttributes, class: 'cl-heading' }, 0],
});
