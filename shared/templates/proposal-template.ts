import { CL } from '../schema/control-list/names.ts';
import { newUid } from '../schema/control-list/uid.ts';
import type { PMJSON } from '../domain/to-prosemirror.ts';

const text = (t: string): PMJSON[] => (t === '' ? [] : [{ type: 'text', text: t }]);
const p = (t: string): PMJSON => ({ type: 'paragraph', content: text(t) });
const h = (level: number, t: string): PMJSON => ({ type: 'heading', attrs: { level }, content: text(t) });
const line = (type: string, t: string): PMJSON => ({ type, content: text(t) });

/**
 * The "Proposal to amend control-list entries" template: title, summary, then for each affected
 * entry its current text (quoted, not checked), the proposed text (real entry nodes, checked) and
 * the rationale, then the definitions the proposal adds or changes. Placeholders say what to
 * write, so a first-time drafter can follow it without a manual.
 */
export function proposalTemplate(makeId: () => string = newUid): PMJSON {
  const item = (label: string, t: string): PMJSON => ({
    type: CL.subItem,
    attrs: { uid: makeId(), label, labelFixed: false },
    content: [line(CL.text, t)],
  });
  return {
    type: 'doc',
    content: [
      h(1, 'Proposal to amend control-list entries'),
      h(2, 'Summary'),
      p('In two or three sentences: which entries the proposal changes, and what the change achieves.'),
      h(2, 'Affected entries'),
      h(3, 'Current text'),
      { type: 'blockquote', content: [p('Quote the entry as it stands in the baseline list. Quoted text is not checked.')] },
      h(3, 'Proposed text'),
      { type: CL.category, attrs: { uid: makeId() }, content: text('Category 4 – Computers') },
      { type: CL.group, attrs: { uid: makeId() }, content: text('A. Systems, equipment and components') },
      {
        type: CL.entry,
        attrs: { uid: makeId() },
        content: [
          line(CL.identifier, '4.A.5.'),
          line(CL.heading, 'Write the proposed heading, ending "as follows:" or "having any of the following:"'),
          item('a', 'first sub-item; or'),
          item('b', 'second sub-item.'),
        ],
      },
      h(3, 'Rationale'),
      p('Why the change is needed, argued against the selection criteria: foreign availability, ability to control, clear and objective specification.'),
      { type: CL.definitions, content: text('Definitions') },
      {
        type: CL.definition,
        attrs: { uid: makeId() },
        content: [line(CL.text, '"Term" (4) means the definition the proposal adds or changes.')],
      },
    ],
  };
}
