import { useState, type FormEvent } from 'react';
import type { CreatedInvite, InviteSummary } from '../../shared/api/index.ts';
import { LIMITS } from '../../shared/limits.ts';
import { accountApi } from '../api/account-api.ts';
import { errorMessage, FormError, formText } from '../components/FormError.tsx';
import { formatWhen } from '../components/format.ts';
import { useAsync } from '../hooks/useAsync.ts';

const STATUS: Record<InviteSummary['status'], { label: string; badge: string }> = {
  pending: { label: 'Waiting', badge: 'badge badge--warn' },
  used: { label: 'Accepted', badge: 'badge badge--ok' },
  revoked: { label: 'Revoked', badge: 'badge' },
  expired: { label: 'Expired', badge: 'badge' },
};

/** Invite a colleague: a one-time, expiring link bound to their email and organisation. */
export function InvitesSection() {
  const invites = useAsync(() => accountApi.invites(), []);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<CreatedInvite>();

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setError(undefined);
    setCreated(undefined);
    try {
      setCreated(
        await accountApi.createInvite({
          email: formText(f, 'email'),
          organisation: formText(f, 'organisation'),
          isAdmin: f.get('isAdmin') === 'on',
          expiresInHours: Number(formText(f, 'expires')),
        }),
      );
      form.reset();
      invites.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const revoke = async (id: string) => {
    setError(undefined);
    try {
      await accountApi.revokeInvite(id);
      invites.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section className="card" aria-labelledby="invites-title">
      <h2 id="invites-title">Invite a colleague</h2>
      <p className="lead">The link works once, only for this email, and ends when it expires or you revoke it. Send it by a channel you trust.</p>
      <form className="form-grid" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>Email</span>
          <input name="email" type="email" required maxLength={LIMITS.emailMax} />
        </label>
        <label className="field">
          <span>Organisation</span>
          <input name="organisation" maxLength={LIMITS.organisationMax} />
        </label>
        <label className="field">
          <span>Link expires after</span>
          <select name="expires" defaultValue="72">
            <option value="24">1 day</option>
            <option value="72">3 days</option>
            <option value="168">7 days</option>
            <option value="720">30 days</option>
          </select>
        </label>
        <label className="checkbox">
          <input name="isAdmin" type="checkbox" /> Administrator
        </label>
        <div>
          <button type="submit" className="button primary">
            Create invitation link
          </button>
        </div>
      </form>
      <FormError message={error ?? invites.error} />
      {created && (
        <div className="stack" role="status">
          <p className="form-ok">Invitation for {created.email} created. Copy the link now: it is shown only once.</p>
          <div className="row">
            <code className="invite-link" data-testid="invite-link">
              {created.url}
            </code>
            <button type="button" className="button small" onClick={() => void navigator.clipboard?.writeText(created.url)}>
              Copy
            </button>
          </div>
        </div>
      )}
      {invites.data && invites.data.invites.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Organisation</th>
              <th scope="col">Status</th>
              <th scope="col">Expires</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {invites.data.invites.map((i) => (
              <tr key={i.id}>
                <td>
                  {i.email} {i.isAdmin && <span className="badge">Administrator</span>}
                </td>
                <td>{i.organisation}</td>
                <td>
                  <span className={STATUS[i.status].badge}>{STATUS[i.status].label}</span>
                </td>
                <td>{formatWhen(i.expiresAt)}</td>
                <td className="actions">
                  {i.status === 'pending' && (
                    <button type="button" className="button small danger" onClick={() => void revoke(i.id)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
