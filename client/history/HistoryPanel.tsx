import { useEffect, useRef, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { VERSION_NAME_MAX, type CompareResponse, type VersionDetail, type VersionSummary } from '../../shared/api/versions.ts';
import type { VersionId } from '../../shared/ids.ts';
import { canEditText, canManageDraft } from '../../shared/roles.ts';
import type { PanelContext } from '../panels/types.ts';
import { CompareView } from './CompareView.tsx';
import { useVersions } from './useVersions.ts';
import { versionOptionLabel } from './version-label.ts';
import { VersionList } from './VersionList.tsx';
import { versionsApi } from './versions-api.ts';
import { VersionView } from './VersionView.tsx';
import './history.css';

type Stage = { kind: 'version'; detail: VersionDetail } | { kind: 'compare'; result: CompareResponse } | undefined;

const message = (e: unknown) => (e instanceof Error ? e.message : 'Something went wrong. Try again.');

/** One end of a comparison: a choice among the versions, after one special first option. */
function VersionSelect(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  versions: readonly VersionSummary[];
  first: { value: string; label: string };
}) {
  return (
    <label className="field">
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value={props.first.value}>{props.first.label}</option>
        {props.versions.map((v) => (
          <option key={v.id} value={v.id}>
            {versionOptionLabel(v)}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The History panel: save a version, list versions, open one read-only, compare any two (or one
 * with the live draft, or the baseline in one click), set the baseline, restore. What it opens is
 * shown in place of the editor (a portal into the page's main area) while the panel is open.
 */
export function HistoryPanel({ draftId, session, role, me }: PanelContext) {
  const { list, error: listError } = useVersions(draftId, session);
  const [stage, setStage] = useState<Stage>();
  const [name, setName] = useState('');
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>('current');
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<string>();
  const [main, setMain] = useState<HTMLElement | null>(null);
  const statusLine = useRef<HTMLParagraphElement>(null);
  // The row acted on may be far down the list: bring the news of what happened into view.
  useEffect(() => {
    if (status) statusLine.current?.scrollIntoView({ block: 'nearest' });
  }, [status]);
  useEffect(() => setMain(document.querySelector<HTMLElement>('.draft-main')), []);

  const versions = list?.versions ?? [];
  const baseline = versions.find((v) => v.isBaseline);
  const run = async (what: () => Promise<void>) => {
    setError(undefined);
    try {
      await what();
    } catch (e) {
      setError(message(e));
    }
  };
  const compare = (fromId: VersionId, toId: VersionId | 'current') =>
    run(async () => setStage({ kind: 'compare', result: await versionsApi.compare(draftId, fromId, toId) }));
  const open = (v: VersionSummary) => run(async () => setStage({ kind: 'version', detail: await versionsApi.open(draftId, v.id) }));

  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const v = await versionsApi.save(draftId, name);
      setName('');
      setStatus(`Saved “${v.name}”.`);
    });
  };

  return (
    <section className="history-panel" aria-label="History">
      {canEditText(role) && (
        <form className="history-panel__save" onSubmit={save}>
          <label className="field">
            Save the current text as a version
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={VERSION_NAME_MAX} placeholder="e.g. Sent to legal review" required />
          </label>
          <button type="submit" className="button small primary" disabled={!name.trim()}>
            Save version
          </button>
        </form>
      )}
      {baseline && (
        <button type="button" className="button small history-panel__baseline" onClick={() => void compare(baseline.id, 'current')}>
          Compare with baseline
        </button>
      )}
      {versions.length > 0 && (
        <form
          className="history-panel__compare"
          onSubmit={(e) => {
            e.preventDefault();
            const f = versions.find((v) => v.id === from) ?? versions[versions.length - 1];
            const t = to === 'current' ? 'current' : versions.find((v) => v.id === to)?.id;
            if (f && t) void compare(f.id, t);
          }}
        >
          <VersionSelect label="From" value={from} onChange={setFrom} versions={versions} first={{ value: '', label: 'Oldest version' }} />
          <VersionSelect label="To" value={to} onChange={setTo} versions={versions} first={{ value: 'current', label: 'Current draft' }} />
          <button type="submit" className="button small">
            Compare
          </button>
        </form>
      )}
      {/* Visible, not only announced: a restore changes everyone's text and must be seen to have happened. */}
      <p ref={statusLine} className={status ? 'history-panel__status small' : 'visually-hidden'} role="status">
        {status}
      </p>
      {(error ?? listError) && (
        <p className="form-error" role="alert">
          {error ?? listError}
        </p>
      )}
      {list ? (
        <VersionList
          versions={versions}
          actions={{
            onOpen: (v) => void open(v),
            onCompare: (v) => void compare(v.id, 'current'),
            onToggleBaseline: canManageDraft(role)
              ? (v) => void run(async () => void (await versionsApi.update(draftId, v.id, { baseline: !v.isBaseline })))
              : undefined,
            canRename: (v) => canManageDraft(role) || (canEditText(role) && v.savedBy?.userId === me.id),
            onRename: (v, name) => void run(async () => void (await versionsApi.update(draftId, v.id, { name }))),
          }}
        />
      ) : (
        <p className="muted small">Loading versions…</p>
      )}
      {stage &&
        main &&
        createPortal(
          <div className="history-stage">
            {stage.kind === 'compare' ? (
              <CompareView result={stage.result} onClose={() => setStage(undefined)} />
            ) : (
              <VersionView
                detail={stage.detail}
                canRestore={canManageDraft(role)}
                onCompareWithCurrent={() => void compare(stage.detail.version.id, 'current')}
                onRestore={() =>
                  run(async () => {
                    const { before } = await versionsApi.restore(draftId, stage.detail.version.id);
                    setStage(undefined);
                    setStatus(`Restored “${stage.detail.version.name}” for everyone. The text it replaced is kept as “${before.name}”: restore that to undo.`);
                  })
                }
                onClose={() => setStage(undefined)}
              />
            )}
          </div>,
          main,
        )}
    </section>
  );
}
