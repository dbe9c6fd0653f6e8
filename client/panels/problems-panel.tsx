import type { Editor } from '@tiptap/react';
import type { PanelDefinition } from './types.ts';
import { problemRange } from '../structure/live-checks.ts';
import { jumpTo, useChecks } from '../structure/hooks.ts';

const CHECK_NAMES: Record<string, string> = {
  identifier: 'Identifier',
  duplicate: 'Duplicate',
  order: 'Order',
  crossref: 'Cross-reference',
  'undefined-term': 'Undefined term',
  'unused-definition': 'Unused definition',
  'definition-category': 'Definition categories',
  'local-term': 'Local term',
  conjunction: 'Any of / all of',
};

/** Every problem the live checks found, in reading order; choosing one moves the cursor there. */
export function ProblemsPanel({ editor }: { editor: Editor }) {
  const { problems, conversion } = useChecks(editor);
  return (
    <section className="cl-panel" aria-label="Problems">
      <p className="cl-panel__summary" role="status">
        {problems.length === 0 ? 'No problems found in this draft.' : `${problems.length} problem${problems.length === 1 ? '' : 's'} to look at.`}
      </p>
      <ul className="cl-panel__list">
        {problems.map((p, i) => {
          const range = conversion ? problemRange(conversion, p) : null;
          return (
            <li key={`${p.check}-${p.source.nodeId ?? ''}-${p.range?.from ?? 0}-${i}`} className="cl-panel__item">
              <button type="button" disabled={!range} onClick={() => range && jumpTo(editor, range.from, range.to)}>
                <span className="cl-panel__check">{CHECK_NAMES[p.check] ?? p.check}</span>{' '}
                <span className="cl-panel__quote">{p.text.length > 80 ? `${p.text.slice(0, 80)}…` : p.text}</span>
                <div className="cl-panel__msg">{p.message}</div>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The Problems tab (right side, Alt+3). */
export const problemsPanel: PanelDefinition = {
  id: 'problems',
  side: 'right',
  label: 'Problems',
  shortcutKey: '3',
  render: (ctx) => <ProblemsPanel editor={ctx.editor} />,
};
