import { useState } from 'react';
import { VERSION_NAME_MAX, type VersionSummary } from '../../shared/api/versions.ts';
import { formatWhen } from '../components/format.ts';

/**
 * Named versions and runs of consecutive automatic ones (collapsed into one group each). The
 * version saved before a restore stands alone like a named one: it is how a restore is undone.
 */
type Entry = { kind: 'named'; version: VersionSummary } | { kind: 'autos'; versions: VersionSummary[] };

export function groupVersions(versions: VersionSummary[]): Entry[] {
  const out: Entry[] = [];
  for (const v of versions) {
    const last = out[out.length - 1];
    if (v.kind === 'named' || v.reason === 'before-restore') out.push({ kind: 'named', version: v });
    else if (last?.kind === 'autos') last.versions.push(v);
    else out.push({ kind: 'autos', versions: [v] });
  }
  return out;
}

interface RowActions {
  onOpen: (v: VersionSummary) => void;
  onCompare: (v: VersionSummary) => void;
  onToggleBaseline?: (v: VersionSummary) => void;
  /** Present when the user may rename `v` (coordinators: any; editors: their own). */
  canRename?: (v: VersionSummary) => boolean;
  onRename?: (v: VersionSummary, name: string) => void;
}

/** An inline form to rename a version; Escape or Cancel leaves it unchanged. */
function RenameForm({ v, onRename, onDone }: { v: VersionSummary; onRename: (v: VersionSummary, name: string) => void; onDone: () => void }) {
  return (
    <form
      className="version-row__rename"
      onSubmit={(e) => {
        e.preventDefault();
        const value = new FormData(e.currentTarget).get('name');
        const name = typeof value === 'string' ? value.trim() : '';
        if (name && name !== v.name) onRename(v, name);
        onDone();
      }}
      onKeyDown={(e) => e.key === 'Escape' && onDone()}
    >
      <label className="visually-hidden" htmlFor={`rename-${v.id}`}>
        New name for {v.name}
      </label>
      <input id={`rename-${v.id}`} name="name" defaultValue={v.name} maxLength={VERSION_NAME_MAX} required autoFocus />
      <button type="submit" className="button small primary">
        Rename
      </button>
      <button type="button" className="button small subtle" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

function VersionRow({ v, actions }: { v: VersionSummary; actions: RowActions }) {
  const people = v.contributors.map((p) => p.name).join(', ');
  const [renaming, setRenaming] = useState(false);
  const canRename = actions.onRename && actions.canRename?.(v);
  return (
    <li className={`version-row version-row--${v.kind}`} data-testid="version-row">
      <div className="version-row__head">
        <button type="button" className="version-row__name" onClick={() => actions.onOpen(v)} title="Open read-only">
          {v.name}
        </button>
        {v.isBaseline && <span className="version-badge">Baseline</span>}
      </div>
      {renaming && actions.onRename && <RenameForm v={v} onRename={actions.onRename} onDone={() => setRenaming(false)} />}
      <p className="version-row__meta small muted">
        {formatWhen(v.createdAt)}
        {v.savedBy ? ` · ${v.savedBy.name}` : ' · automatic'}
        {people ? ` · changes by ${people}` : ''}
      </p>
      <p className="version-row__hash small muted" title={`SHA-256 of the canonical text: ${v.contentHash}`}>
        SHA-256 {v.contentHash.slice(0, 12)}…
      </p>
      <div className="version-row__actions">
        <button type="button" className="button small subtle" onClick={() => actions.onCompare(v)}>
          Compare with current
        </button>
        {actions.onToggleBaseline && (
          <button type="button" className="button small subtle" onClick={() => actions.onToggleBaseline?.(v)}>
            {v.isBaseline ? 'Unset baseline' : 'Set as baseline'}
          </button>
        )}
        {canRename && !renaming && (
          <button type="button" className="button small subtle" onClick={() => setRenaming(true)}>
            Rename
          </button>
        )}
      </div>
    </li>
  );
}

function AutoGroup({ versions, actions }: { versions: VersionSummary[]; actions: RowActions }) {
  const [open, setOpen] = useState(false);
  const first = versions[versions.length - 1];
  const last = versions[0];
  return (
    <li className="version-autos">
      <button type="button" className="version-autos__toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} {versions.length} automatic version{versions.length === 1 ? '' : 's'}
        {first && last ? <span className="muted small"> · {formatWhen(first.createdAt)}{versions.length > 1 ? ` – ${formatWhen(last.createdAt)}` : ''}</span> : null}
      </button>
      {open && (
        <ul className="version-list version-list--nested">
          {versions.map((v) => (
            <VersionRow key={v.id} v={v} actions={actions} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The versions, newest first; named ones stand out, automatic ones are grouped. */
export function VersionList({ versions, actions }: { versions: VersionSummary[]; actions: RowActions }) {
  if (versions.length === 0) {
    return <p className="muted small">No versions yet. Save one to mark a stage of the draft, such as “Sent to legal review”.</p>;
  }
  return (
    <ul className="version-list" aria-label="Versions, newest first">
      {groupVersions(versions).map((e) =>
        e.kind === 'named' ? <VersionRow key={e.version.id} v={e.version} actions={actions} /> : <AutoGroup key={e.versions[0]?.id} versions={e.versions} actions={actions} />,
      )}
    </ul>
  );
}
