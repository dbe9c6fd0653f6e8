import { useEffect, useRef, useState } from 'react';
import type { CompareResponse } from '../../shared/api/versions.ts';
import { redlineColorClass } from '../../shared/schema/redline-extensions.ts';
import { formatWhen, nameWithOrganisation } from '../components/format.ts';
import { showChange } from './change-stepper.ts';
import { ReadOnlyDocument } from './ReadOnlyDocument.tsx';

const KIND_WORDS = { insert: 'Inserted', delete: 'Deleted', format: 'Formatting' } as const;

/** A redline in place of the editor: per-member summary, next / previous change, the marked text. */
export function CompareView({ result, onClose }: { result: CompareResponse; onClose: () => void }) {
  const [index, setIndex] = useState(-1);
  const body = useRef<HTMLDivElement>(null);
  const total = result.changes.length;
  const current = index >= 0 ? result.changes[index] : undefined;

  const step = (delta: number) => {
    if (total === 0) return;
    setIndex((i) => (i < 0 ? (delta > 0 ? 0 : total - 1) : (i + delta + total) % total));
  };
  useEffect(() => {
    if (current) showChange(body.current, current.id);
  }, [current]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
      e.preventDefault();
      step(e.key === 'ArrowDown' ? 1 : -1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <section className="history-stage__inner" aria-label="Comparison">
      <header className="history-stage__bar">
        <div className="history-stage__title">
          <h2>
            Changes from “{result.from.name}” to {result.to.id === 'current' ? 'the current draft' : `“${result.to.name}”`}
          </h2>
          <p className="muted small">Inserted text is underlined, deleted text struck through, each in its author’s colour. Hover for who and when.</p>
        </div>
        <div className="history-stage__actions">
          <button type="button" className="button small" onClick={() => step(-1)} disabled={total === 0} title="Previous change — Alt+↑" aria-keyshortcuts="Alt+ArrowUp">
            ↑ Previous
          </button>
          <span className="history-stage__count" role="status" data-testid="change-position">
            {total === 0 ? 'No changes' : current ? `Change ${index + 1} of ${total}` : `${total} change${total === 1 ? '' : 's'}`}
          </span>
          <button type="button" className="button small" onClick={() => step(1)} disabled={total === 0} title="Next change — Alt+↓" aria-keyshortcuts="Alt+ArrowDown">
            Next ↓
          </button>
          <button type="button" className="button small subtle" onClick={onClose}>
            Back to the draft
          </button>
        </div>
      </header>
      {result.summary.length > 0 && (
        <ul className="change-summary" aria-label="Changes per member">
          {result.summary.map((s) => (
            <li key={s.person.userId || 'unknown'} className={`change-summary__person ${redlineColorClass(s.person.color)}`}>
              <span className="change-summary__swatch" aria-hidden="true" />
              <strong>{nameWithOrganisation(s.person.name, s.person.organisation)}</strong>
              <span className="muted">
                {s.insertions} insertion{s.insertions === 1 ? '' : 's'} · {s.deletions} deletion{s.deletions === 1 ? '' : 's'}
                {s.formatChanges > 0 ? ` · ${s.formatChanges} formatting` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {current && (
        <p className="history-stage__current small">
          {KIND_WORDS[current.kind]} by {nameWithOrganisation(current.author.name, current.author.organisation)}
          {current.author.at ? `, ${formatWhen(current.author.at)}` : ''}: “{current.excerpt}”
        </p>
      )}
      <div className="page-sheet history-sheet" ref={body}>
        <ReadOnlyDocument content={result.document} label="Comparison, read-only" />
      </div>
    </section>
  );
}
