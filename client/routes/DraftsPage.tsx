import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { LIMITS } from '../../shared/limits.ts';
import { ROLE_LABELS } from '../../shared/roles.ts';
import { api } from '../api/endpoints.ts';
import { AppHeader } from '../components/AppHeader.tsx';
import { errorMessage, FormError, formText } from '../components/FormError.tsx';
import { useAsync } from '../hooks/useAsync.ts';
import { formatWhen } from '../components/format.ts';

/** "My drafts": every draft the user is a member of, and a way to start a new one. */
export function DraftsPage() {
  const navigate = useNavigate();
  const drafts = useAsync(() => api.listDrafts(), []);
  const [createError, setCreateError] = useState<string>();

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const title = formText(new FormData(e.currentTarget), 'title');
    setCreateError(undefined);
    try {
      const draft = await api.createDraft(title);
      await navigate(`/drafts/${draft.id}`);
    } catch (err) {
      setCreateError(errorMessage(err));
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
          <button type="submit" className="button primary">
            Create draft
          </button>
          <FormError message={createError} />
        </form>
        {drafts.loading && <p role="status">Loading your drafts…</p>}
        <FormError message={drafts.error} />
        {drafts.data && drafts.data.drafts.length === 0 && (
          <div className="empty-state">
            <h2>No drafts yet</h2>
            <p>Create a draft above. You will be its coordinator and can invite colleagues to edit, comment or read.</p>
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
