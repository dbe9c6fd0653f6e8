import { Node } from '@tiptap/core';
import { CL } from './names.ts';
import { uidAttribute } from './uid.ts';

/**
 * One definition of the Definitions section. Its first line is typed as in the lists —
 * `"Intrusion software" (4) means …` — and the term and category tags are read from it, so a
 * drafter edits them as text. Sub-items and notes follow, as in an entry.
 */
export const ClDefinition = Node.create({
  name: CL.definition,
  group: 'block',
  content: `${CL.text} ${CL.subItem}* ${CL.note}*`,
  defining: true,
  isolating: true,
  addAttributes: () => ({ uid: uidAttribute }),
  parseHTML: () => [{ tag: 'section.cl-definition', priority: 60 }],
  renderHTML: ({ HTMLAttributes }) => ['section', { ...HTMLAttributes, class: 'cl-definition' }, 0],
});
