import { useState } from 'react';
import type { VersionDetail } from '../../shared/api/versions.ts';
import { formatWhen } from '../components/format.ts';
import { ReadOnlyDocument } from './ReadOnlyDocument.tsx';

/** One version, read-only, in place of the editor; coordinators can restore it from here. */
export function VersionView({
  detail,
  canRestore,
  onCompareWithCurrent,
  onRestore,
  onClose,
}: {
  detail: VersionDetail;
  canRestore: boolean;
  onCompareWithCurrent: () => void;
  onRestore: () => Promise<void>;
  onClose: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const v = detail.version;
  return (
    <section className="history-stage__inner" aria-label={`Version ${v.name}`}>
      <header className="history-stage__bar">
        <div className="history-stage__title">
          <h2>{v.name}</h2>
          <p className="muted small">
            Read-only version saved {formatWhen(v.createdAt)}
            {v.savedBy ? ` by ${v.savedBy.name}` : ' automatically'}. Others keep editing the live draft.
          </p>
        </div>
        <div className="history-stage__actions">
          <button type="button" className="button small" onClick={onCompareWithCurrent}>
            Compare with current
          </button>
          {canRestore && !confirming && (
            <button type="button" className="button small" onClick={() => setConfirming(true)}>
              Restore this version…
            </button>
          )}
          {canRestore && confirming && (
            <span className="restore-confirm" role="group" aria-label="Confirm restore">
              <span className="small">Everyone’s text becomes this version; the current text is kept as a version.</span>
              <button
                type="button"
                className="button small primary"
                disabled={busy}
                onClick={() => {
                  setBusy(true);
                  void onRestore().finally(() => setBusy(false));
                }}
              >
                {busy ? 'Restoring…' : 'Restore for everyone'}
              </button>
              <button type="button" className="button small subtle" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </span>
          )}
          <button type="button" className="button small subtle" onClick={onClose}>
            Back to the draft
          </button>
        </div>
      </header>
      <div className="page-sheet history-sheet">
        <ReadOnlyDocument content={detail.content} label={`Version ${v.name}, read-only`} />
      </div>
    </section>
  );
}
