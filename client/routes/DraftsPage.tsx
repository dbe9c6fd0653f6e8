import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { LIMITS } from '../../shared/limits.ts';
import { ROLE_LABELS } from '../../shared/roles.ts';
import { api } from '../api/endpoints.ts';
import { AppHeader } from '../components/AppHeader.tsx';
import { errorMessage, FormError, formText } from '../components/FormError.tsx';
import { useAsync } from '../hooks/useAsync.ts';
import { formatWhen } from '../components/format.ts';
import { createFromTemplate, importDraftFile } from '../structure/draft-starts.ts';
import type { TemplateKind } from '../../shared/templates/kinds.ts';
import { preloadDraftPageWhenIdle } from '../app/draft-page-loader.ts';
import { useMe } from '../app/me.tsx';

/** "My drafts": every draft the user is a member of, and a way to start a new one. */
export function DraftsPage() {
  const navigate = useNavigate();
  const { forgetIfSessionEnded } = useMe();
  // A session ended elsewhere sends to the login page (RequireMe), not "You need to log in" under the account's name.
  const drafts = useAsync(
    () =>
      api.listDrafts().catch((err: unknown) => {
        forgetIfSessionEnded(err);
        throw err;
      }),
    [],
  );
  const [createError, setCreateError] = useState<string>();
  const [importing, setImporting] = useState(false);
  // Whatever is chosen next (a draft of the list, a new or imported one) opens in the editor: have
  // its code ready by then, once the list is shown.
  const listShown = drafts.data !== undefined;
  useEffect(() => (listShown ? preloadDraftPageWhenIdle() : undefined), [listShown]);

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const title = formText(form, 'title');
    const start = formText(form, 'start');
    setCreateError(undefined);
    try {
      const draft = start === 'proposal' || start === 'sample' ? await createFromTemplate(start, title) : await api.createDraft(title);
      await navigate(`/drafts/${draft.id}`);
    } catch (err) {
      setCreateError(errorMessage(err));
    }
  };

  const startFrom = async (template: TemplateKind) => {
    setCreateError(undefined);
    try {
      const draft = await createFromTemplate(template);
      await navigate(`/drafts/${draft.id}`);
    } catch (err) {
      setCreateError(errorMessage(err));
    }
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setCreateError(undefined);
    setImporting(true);
    try {
      const result = await importDraftFile(file);
      await navigate(`/drafts/${result.draft.id}`);
    } catch (err) {
      setCreateError(errorMessage(err));
    } finally {
      setImporting(false);
    }
  };

  return (
    <>
      <AppHeader />
      <main className="page">
        <div className="page__head">
          <h1>My drafts</h1>
        </div>
        <form className="new-draft" onSubmit={(e) => void create(e)} aria-label="New draft">
          <label className="field field--inline">
            <span>New draft</span>
            <input name="title" required maxLength={LIMITS.draftTitleMax} placeholder="Title, e.g. Proposal to amend 4.D.4." />
          </label>
          <label className="field field--inline">
            <span>Start from</span>
            <select name="start" defaultValue="proposal">
              <option value="proposal">Template: Proposal to amend control-list entries</option>
              <option value="blank">An empty page</option>
              <option value="sample">The sample proposal</option>
            </select>
          </label>
          <button type="submit" className="button primary">
            Create draft
          </button>
          <label className="button">
            {importing ? 'Importing…' : 'Import a file (.docx, .md, .txt)'}
            <input
              type="file"
              className="visually-hidden"
              accept=".docx,.md,.txt"
              aria-label="Import a file (.docx, .md, .txt) as a new draft"
              disabled={importing}
              onChange={(e) => {
                const file = e.target.files?.[0];
                // Emptied, so the same file chosen again (say, corrected after it was refused) is read again.
                e.target.value = '';
                void importFile(file);
              }}
            />
          </label>
          <FormError message={createError} />
        </form>
        {drafts.loading && <p role="status">Loading your drafts…</p>}
        <FormError message={drafts.error} />
        {drafts.data && drafts.data.drafts.length === 0 && (
          <div className="empty-state">
            <h2>No drafts yet</h2>
            <p>Create a draft above, starting from the proposal template, or import a Word, Markdown or text file. You will be its coordinator and can invite colleagues to edit, comment or read.</p>
            <p>New here? Open the sample proposal: four surveillance entries and their definitions, with the live checks, outline and definitions panels at work.</p>
            <button type="button" className="button primary" onClick={() => void startFrom('sample')}>
              Open the sample proposal
            </button>
          </div>
        )}
        {drafts.data && drafts.data.drafts.length > 0 && (
          <table className="draft-list">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Your role</th>
                <th scope="col">Last changed</th>
              </tr>
            </thead>
            <tbody>
              {drafts.data.drafts.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link to={`/drafts/${d.id}`}>{d.title}</Link>
                  </td>
                  <td>{ROLE_LABELS[d.role]}</td>
                  <td>{formatWhen(d.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </main>
    </>
  );
}
