import { useEffect, useId, useRef, useState } from 'react';
import { EXPORT_FORMAT_LABELS, EXPORT_FORMATS, REDLINE_FORMATS, SYNOPSIS_FORMATS, type ExportFormat } from '../../shared/api/export.ts';
import type { DraftId } from '../../shared/ids.ts';
import { versionOptionLabel } from '../history/version-label.ts';
import { downloadExport, exportUrl } from './download.ts';
import { openReviewNotice, useExportChoices } from './export-choices.ts';
import './export-menu.css';

/**
 * The Export menu of the draft's top bar: a format, what to export (the live draft or a version),
 * and for formats that can show changes, what to compare with (nothing, the baseline, or a
 * version). It says what the file leaves out (open suggestions and comments). Escape closes it and
 * returns focus.
 */
export function ExportMenu({ draftId }: { draftId: DraftId }) {
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<ExportFormat>('docx');
  const [against, setAgainst] = useState('');
  const [what, setWhat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  const { versions, openReview } = useExportChoices(draftId, open);

  useEffect(() => {
    if (!open) return;
    // On the document, not the panel: focus may have left the panel (a disabled button drops it).
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  const synopsis = SYNOPSIS_FORMATS.includes(format);
  const canCompare = REDLINE_FORMATS.includes(format);
  const effectiveAgainst = canCompare ? against || (synopsis ? 'baseline' : '') : '';

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await downloadExport(exportUrl(draftId, format, { version: what || undefined, against: effectiveAgainst || undefined }));
      close();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'The export failed. Try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="export-menu">
      <button ref={button} type="button" className="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        Export
      </button>
      {open && (
        <form
          id={panelId}
          className="export-menu__panel card"
          aria-label="Export this draft"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <fieldset className="export-menu__formats">
            <legend>Format</legend>
            {EXPORT_FORMATS.map((f, i) => (
              <label key={f} className="export-menu__option">
                <input type="radio" name="format" value={f} checked={format === f} autoFocus={i === 0} onChange={() => setFormat(f)} />
                {EXPORT_FORMAT_LABELS[f]}
              </label>
            ))}
          </fieldset>
          <label className="export-menu__choice">
            What to export
            <select value={what} onChange={(e) => setWhat(e.target.value)}>
              <option value="">The live draft, as it is now</option>
              {versions?.versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {versionOptionLabel(v)}
                </option>
              ))}
            </select>
          </label>
          <label className="export-menu__choice">
            Compare with…
            <select value={canCompare ? against : ''} disabled={!canCompare} onChange={(e) => setAgainst(e.target.value)}>
              {!synopsis && <option value="">Nothing (clean text)</option>}
              <option value={synopsis ? '' : 'baseline'}>The baseline{versions && !versions.baselineId ? ' (none set yet)' : ''}</option>
              {versions?.versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {versionOptionLabel(v)}
                </option>
              ))}
            </select>
          </label>
          <p className="export-menu__hint muted">
            {!canCompare
              ? 'This format exports the clean text.'
              : effectiveAgainst
                ? 'Changes are shown as tracked changes in Word, struck and underlined in PDF and HTML.'
                : what
                  ? 'Exports the version as it was saved.'
                  : 'Exports the live draft as it is now.'}
          </p>
          {!what && openReviewNotice(openReview) && (
            <p className="export-menu__hint export-menu__notice" data-testid="export-open-review">
              {openReviewNotice(openReview)}
            </p>
          )}
          {error && (
            <p className="export-menu__error" role="alert">
              {error}
            </p>
          )}
          <div className="export-menu__actions">
            <button type="button" className="button subtle" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={busy}>
              {busy ? 'Preparing…' : 'Download'}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
