import type { Editor } from '@tiptap/react';
import type { PanelDefinition } from './types.ts';
import { memo, useMemo, useState } from 'react';
import type { Entry } from '../../shared/domain/index.ts';
import { touchedEntries } from '../../shared/domain/touched.ts';
import type { DraftId } from '../../shared/ids.ts';
import type { CollabSession } from '../collab/collab-session.ts';
import { colorClass } from '../editor/extensions.ts';
import { checkStoreFor } from '../structure/check-store.ts';
import { jumpTo, useChecks } from '../structure/hooks.ts';
import { useCollaboratorUnits, type PlacedPerson } from '../structure/useCollaborators.ts';
import { useBaseline, type Baseline } from '../structure/useBaseline.ts';
import { outlineRows, type OutlineRow } from '../structure/outline-rows.ts';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((w) => w.charAt(0))
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

/** No one is at this entry (one shared empty list, so rows without collaborators compare equal). */
const NOBODY: PlacedPerson[] = [];

/** Moves the cursor to an entry's identifier, located in the latest check pass when chosen. */
function jumpToEntry(editor: Editor, entry: Entry): void {
  const pos = checkStoreFor(editor).get().conversion?.locate(entry.identifier.source.nodeId ?? '') ?? null;
  if (pos !== null) jumpTo(editor, pos);
}

/**
 * One entry of the outline. Memoised, and given no document positions (they shift with every
 * keystroke above them): the converter reuses an unchanged entry's object, so after a keystroke
 * only the row of the entry being typed in re-renders, not all 2,000.
 */
const EntryRow = memo(function EntryRow({ editor, entry, count, people }: { editor: Editor; entry: Entry; count: number; people: PlacedPerson[] }) {
  const id = entry.identifier.text.trim() || '—';
  return (
    <li className="cl-outline__entry">
      <button type="button" onClick={() => jumpToEntry(editor, entry)} aria-label={`${id} ${entry.heading.text}${count ? `, ${count} ${count === 1 ? 'problem' : 'problems'}` : ''}`}>
        <span className="cl-outline__id">{id}</span>
        <span className="cl-outline__heading">{entry.heading.text}</span>
        {people.length > 0 && (
          <span className="cl-outline__people">
            {people.map((p) => (
              <span key={p.clientId} className={`cl-outline__person ${colorClass(p.color)}`} title={`${p.name} is here`}>
                {initials(p.name)}
              </span>
            ))}
          </span>
        )}
        {count > 0 && <span className="cl-outline__count" title={`${count} problem${count === 1 ? '' : 's'}`}>{count}</span>}
      </button>
    </li>
  );
});

/**
 * A baseline entry this proposal deletes, where it stood: its baseline identifier and heading,
 * struck through. It is not in the text any more, so there is nothing to jump to.
 */
const DeletedRow = memo(function DeletedRow({ entry }: { entry: Entry }) {
  const id = entry.identifier.text.trim() || '—';
  return (
    <li className="cl-outline__entry cl-outline__entry--deleted" title={`Deleted since the baseline: ${id} ${entry.heading.text}`}>
      <del className="cl-outline__deleted">
        <span className="cl-outline__id">{id}</span>
        <span className="cl-outline__heading">{entry.heading.text}</span>
      </del>
      <span className="cl-outline__tag">deleted</span>
    </li>
  );
});

/** Why the "touches" filter is unavailable, or what it compares with. */
function baselineNote(baseline: Baseline): string {
  switch (baseline.status) {
    case 'none':
      return 'Needs a baseline: in History (Alt+2), choose the version this proposal amends and “Set as baseline”.';
    case 'loading':
      return 'Reading the baseline…';
    case 'error':
      return `The baseline could not be read: ${baseline.message}`;
    case 'ready':
      return `Compared with the baseline “${baseline.name}”.`;
  }
}

/**
 * The Category > Group > Entry tree: identifiers and headings, problem counts, where the others
 * are working, and filters (text, only entries with problems, only the entries this proposal
 * touches — changed from or new since the baseline). Choosing an entry jumps to it.
 */
export function OutlinePanel({ editor, session, draftId }: { editor: Editor; session: CollabSession; draftId: DraftId }) {
  const { conversion, counts } = useChecks(editor);
  const people = useCollaboratorUnits(editor, session);
  const baseline = useBaseline(editor, draftId, session);
  const [query, setQuery] = useState('');
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [onlyTouchedWanted, setOnlyTouched] = useState(false);
  const onlyTouched = onlyTouchedWanted && baseline.status === 'ready';
  const baselineDoc = baseline.status === 'ready' ? baseline.doc : null;
  const changes = useMemo(
    () => (onlyTouched && conversion && baselineDoc ? touchedEntries(conversion.doc, baselineDoc) : null),
    [onlyTouched, conversion, baselineDoc],
  );
  if (!conversion) return <p className="cl-panel__summary">Reading the draft…</p>;
  const q = query.trim().toLowerCase();
  const matches = (e: Entry) => q === '' || e.identifier.text.toLowerCase().includes(q) || e.heading.text.toLowerCase().includes(q);
  // A deleted entry has no problems and is by definition touched, so only the other filters apply.
  const keep = (row: OutlineRow) =>
    row.kind === 'deleted'
      ? !onlyProblems && matches(row.entry)
      : (!onlyProblems || (counts.get(row.entry.id) ?? 0) > 0) && (!changes || changes.touched.has(row.entry.id)) && matches(row.entry);
  const cats = outlineRows(conversion.doc, changes?.removed ?? null)
    .map((c) => ({ c, groups: c.groups.map((g) => ({ g, rows: g.rows.filter(keep) })).filter((x) => x.rows.length > 0) }))
    .filter((x) => x.groups.length > 0);
  return (
    <nav className="cl-panel" aria-label="Outline">
      <div className="cl-panel__filter">
        <input type="search" placeholder="Filter by identifier or words" aria-label="Filter entries" value={query} onChange={(e) => setQuery(e.target.value)} />
        <label>
          <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} /> Only entries with problems
        </label>
        <label className={baseline.status === 'ready' ? undefined : 'cl-outline__unavailable'}>
          <input
            type="checkbox"
            checked={onlyTouched}
            disabled={baseline.status !== 'ready'}
            aria-describedby="cl-outline-baseline-note"
            onChange={(e) => setOnlyTouched(e.target.checked)}
          />{' '}
          Only entries this proposal touches
        </label>
        <p id="cl-outline-baseline-note" className="cl-outline__note">
          {baselineNote(baseline)}
        </p>
      </div>
      {changes && (
        <p className="cl-panel__summary" role="status">
          {changesSummary(changes.touched.size, changes.removed.length)}
        </p>
      )}
      {cats.length === 0 && <p className="cl-panel__summary">{q || onlyProblems || onlyTouched ? 'No entry matches.' : 'No entries yet. Ctrl+Alt+E inserts one.'}</p>}
      <ul className="cl-outline">
        {cats.map(({ c, groups }, ci) => (
          <li key={`${c.number}-${ci}`}>
            <div className="cl-outline__cat">Category {c.number || '?'}{c.part ? ` – ${c.part}` : ''}</div>
            <ul>
              {groups.map(({ g, rows }, gi) => (
                <li key={`${g.letter}-${gi}`}>
                  <div className="cl-outline__group">{g.letter || '?'}. {g.title}</div>
                  <ul>
                    {rows.map((row) =>
                      row.kind === 'deleted' ? (
                        <DeletedRow key={`deleted-${row.entry.id}`} entry={row.entry} />
                      ) : (
                        <EntryRow key={row.entry.id} editor={editor} entry={row.entry} count={counts.get(row.entry.id) ?? 0} people={people.get(row.entry.id) ?? NOBODY} />
                      ),
                    )}
                  </ul>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** "2 entries differ from the baseline; 1 deleted (struck through below)." */
function changesSummary(touched: number, deleted: number): string {
  const differ = touched === 0 ? 'No entry in the draft differs from the baseline' : `${touched} ${touched === 1 ? 'entry differs' : 'entries differ'} from the baseline`;
  if (deleted === 0) return `${differ}.`;
  return `${differ}; ${deleted} ${deleted === 1 ? 'entry was' : 'entries were'} deleted (struck through below).`;
}

/** The Outline tab (left side, Alt+5). */
export const outlinePanel: PanelDefinition = {
  id: 'outline',
  side: 'left',
  label: 'Outline',
  shortcutKey: '5',
  render: (ctx) => <OutlinePanel editor={ctx.editor} session={ctx.session} draftId={ctx.draftId} />,
};
