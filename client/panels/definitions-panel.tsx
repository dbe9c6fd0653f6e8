import type { Editor } from '@tiptap/react';
import type { PanelDefinition } from './types.ts';
import { useMemo } from 'react';
import { termKey, type Entry } from '../../shared/domain/index.ts';
import { entriesByTerm } from '../structure/term-usage.ts';
import { jumpTo, useChecks } from '../structure/hooks.ts';

function EntryLinks({ editor, entries, locate }: { editor: Editor; entries: Entry[]; locate: (id: string) => number | null }) {
  if (entries.length === 0) return <span className="cl-panel__meta">used by no entry</span>;
  return (
    <span className="cl-panel__meta">
      used by{' '}
      {entries.map((e, i) => {
        const pos = locate(e.identifier.source.nodeId ?? '');
        return (
          <span key={e.id}>
            {i > 0 && ', '}
            <a
              href={`#${e.id}`}
              onClick={(ev) => {
                ev.preventDefault();
                if (pos !== null) jumpTo(editor, pos);
              }}
            >
              {e.identifier.text.trim() || '(no identifier)'}
            </a>
          </span>
        );
      })}
    </span>
  );
}

/**
 * Every defined term with the entries that use it. A definition edited while the draft is open is
 * listed first with every entry it affects: changing a definition changes the scope of each of
 * them, which is easy to miss because none of their text changes.
 */
export function DefinitionsPanel({ editor }: { editor: Editor }) {
  const { conversion, edited } = useChecks(editor);
  const usage = useMemo(() => (conversion ? entriesByTerm(conversion.doc) : new Map<string, Entry[]>()), [conversion]);
  if (!conversion) return <p className="cl-panel__summary">Reading the draft…</p>;
  const locate = (id: string) => conversion.locate(id);
  const defs = conversion.doc.definitions;
  return (
    <section className="cl-panel" aria-label="Definitions">
      {edited.length > 0 && (
        <div className="cl-panel__edited" role="status">
          <strong>Definitions edited since you opened this draft</strong>
          <ul className="cl-panel__list">
            {edited.map((e) => (
              <li key={e.uid}>
                “{e.term}”: the scope of every entry using it changes.{' '}
                <EntryLinks editor={editor} entries={usage.get(termKey(e.term)) ?? []} locate={locate} />
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="cl-panel__summary">{defs.length === 0 ? 'This draft defines no terms yet (Ctrl+Alt+D adds one).' : `${defs.length} defined terms.`}</p>
      <ul className="cl-panel__list">
        {defs.map((d) => {
          const pos = locate(d.id);
          return (
            <li key={d.id} className="cl-panel__item">
              <button type="button" onClick={() => pos !== null && jumpTo(editor, pos)}>
                <span className="cl-panel__quote">“{d.term || '(no term)'}”</span>{' '}
                <span className="cl-panel__meta">({d.categories === 'all' ? 'All' : d.categories.join(', ') || 'no category'})</span>
                <div className="cl-panel__msg">{d.text.text.length > 140 ? `${d.text.text.slice(0, 140)}…` : d.text.text}</div>
              </button>
              <div className="cl-panel__filter">
                <EntryLinks editor={editor} entries={usage.get(termKey(d.term)) ?? []} locate={locate} />
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The Definitions tab (right side, Alt+4). */
export const definitionsPanel: PanelDefinition = {
  id: 'definitions',
  side: 'right',
  label: 'Definitions',
  shortcutKey: '4',
  render: (ctx) => <DefinitionsPanel editor={ctx.editor} />,
};
