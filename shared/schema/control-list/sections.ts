import { Node } from '@tiptap/core';
import { CL } from './names.ts';
import { uidAttribute } from './uid.ts';

/**
 * The section headings of a list: a category ("Category 4 – Computers"), a product group
 * ("A. Systems, equipment and components") and the heading that opens the Definitions. They are
 * top-level textblocks whose numbers are read from their text, because drafters type them.
 */
export const ClCategory = Node.create({
  name: CL.category,
  group: 'block',
  content: 'text*',
  marks: '',
  defining: true,
  addAttributes: () => ({ uid: uidAttribute }),
  parseHTML: () => [{ tag: 'h2.cl-category', priority: 60 }],
  renderHTML: ({ HTMLAttributes }) => ['h2', { ...HTMLAttributes, class: 'cl-category' }, 0],
});

/** A product group heading, A to E; see {@link ClCategory}. */
export const ClGroup = Node.create({
  name: CL.group,
  group: 'block',
  content: 'text*',
  marks: '',
  defining: true,
  addAttributes: () => ({ uid: uidAttribute }),
  parseHTML: () => [{ tag: 'h3.cl-group', priority: 60 }],
  renderHTML: ({ HTMLAttributes }) => ['h3', { ...HTMLAttributes, class: 'cl-group' }, 0],
});

/** The heading that opens the Definitions section; definitions follow it. */
export const ClDefinitions = Node.create({
  name: CL.definitions,
  group: 'block',
  content: 'text*',
  marks: '',
  defining: true,
  parseHTML: () => [{ tag: 'h2.cl-definitions', priority: 60 }],
  renderHTML: ({ HTMLAttributes }) => ['h2', { ...HTMLAttributes, class: 'cl-definitions' }, 0],
});
