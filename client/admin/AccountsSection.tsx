import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { AdminUser } from '../../shared/api/index.ts';
import { LIMITS } from '../../shared/limits.ts';
import { accountApi } from '../api/account-api.ts';
import { useMe } from '../app/me.tsx';
import { errorMessage, FormError, formText } from '../components/FormError.tsx';
import { useAsync } from '../hooks/useAsync.ts';

/** Every account, with what an administrator can do to it: reset the password, disable or enable, clear two-step login. */
export function AccountsSection({ version }: { version: number }) {
  const { me } = useMe();
  const users = useAsync(() => accountApi.adminUsers(), [version]);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [resetting, setResetting] = useState<string>();

  const run = async (action: () => Promise<unknown>, done: string) => {
    setError(undefined);
    setNotice(undefined);
    try {
      await action();
      setNotice(done);
      users.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const reset = (u: AdminUser) => (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const password = formText(new FormData(e.currentTarget), 'password');
    void run(async () => {
      await accountApi.resetPassword(u.id, password);
      setResetting(undefined);
    }, `New password set for ${u.name}; their sessions have ended. Give it to them by a channel you trust.`);
  };

  return (
    <section className="card" aria-labelledby="accounts-title">
      <h2 id="accounts-title">Accounts</h2>
      <FormError message={error ?? users.error} />
      {notice && (
        <p className="form-ok" role="status">
          {notice}
        </p>
      )}
      {users.data && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Status</th>
              <th scope="col">Two-step</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {users.data.users.map((u) => (
              <tr key={u.id} data-testid="account-row">
                <td>
                  {u.name} {u.isAdmin && <span className="badge">Administrator</span>}
                  {u.organisation && <div className="muted small">{u.organisation}</div>}
                </td>
                <td>{u.email}</td>
                <td>{u.disabled ? <span className="badge badge--off">Disabled</span> : <span className="badge badge--ok">Active</span>}</td>
                <td>{u.totpEnabled ? 'On' : 'Off'}</td>
                <td className="actions">
                  {resetting === u.id ? (
                    <form className="inline-form" onSubmit={reset(u)}>
                      <label className="visually-hidden" htmlFor={`pw-${u.id}`}>
                        New password for {u.name}
                      </label>
                      <input id={`pw-${u.id}`} name="password" type="password" minLength={LIMITS.passwordMin} required autoComplete="new-password" placeholder="New password" />
                      <button type="submit" className="button small primary">
                        Set
                      </button>
                      <button type="button" className="button small subtle" onClick={() => setResetting(undefined)}>
                        Cancel
                      </button>
                    </form>
                  ) : (
                    <div className="inline-form">
                      {u.id === me?.id ? (
                        // Not reset from here: the account page asks for the current password (the server refuses it here).
                        <Link to="/account" className="small">
                          Change it on your account page
                        </Link>
                      ) : (
                        <button type="button" className="button small" onClick={() => setResetting(u.id)}>
                          Reset password
                        </button>
                      )}
                      {u.totpEnabled && u.id !== me?.id && (
                        <button type="button" className="button small" onClick={() => void run(() => accountApi.resetTotp(u.id), `Two-step login cleared for ${u.name}.`)}>
                          Clear two-step
                        </button>
                      )}
                      {u.id !== me?.id &&
                        (u.disabled ? (
                          <button type="button" className="button small" onClick={() => void run(() => accountApi.setDisabled(u.id, false), `${u.name} can log in again.`)}>
                            Enable
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="button small danger"
                            onClick={() => {
                              // Like removing a member: it takes effect at once, on someone who may be typing.
                              if (!confirm(`Disable ${u.name}? They are logged out everywhere and their open drafts close at once.`)) return;
                              void run(() => accountApi.setDisabled(u.id, true), `${u.name} is disabled; their sessions and open drafts were closed.`);
                            }}
                          >
                            Disable
                          </button>
                        ))}
                    </div>
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
