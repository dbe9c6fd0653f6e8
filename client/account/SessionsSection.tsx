import { useState } from 'react';
import { accountApi } from '../api/account-api.ts';
import { errorMessage, FormError } from '../components/FormError.tsx';
import { formatWhen } from '../components/format.ts';
import { useAsync } from '../hooks/useAsync.ts';

/** My sessions: device, where from, last seen, when it ends; end any of them. Loaded again when `version` changes. */
export function SessionsSection({ version }: { version: number }) {
  const sessions = useAsync(() => accountApi.sessions(), [version]);
  const [error, setError] = useState<string>();
  const run = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
      sessions.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const others = sessions.data?.sessions.filter((s) => !s.current).length ?? 0;

  return (
    <section className="card" aria-labelledby="sessions-title">
      <div className="section-head">
        <h2 id="sessions-title">Where you are logged in</h2>
        {others > 0 && (
          <button type="button" className="button" onClick={() => void run(() => accountApi.revokeOtherSessions())}>
            Log out everywhere else
          </button>
        )}
      </div>
      <p className="lead">If you do not recognise a session, end it and change your password.</p>
      <FormError message={error ?? sessions.error} />
      {sessions.data && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Address</th>
              <th scope="col">Logged in</th>
              <th scope="col">Last active</th>
              <th scope="col">Ends</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.sessions.map((s) => (
              <tr key={s.id} data-testid="session-row">
                <td>
                  {s.device} {s.current && <span className="badge badge--ok">This browser</span>}
                </td>
                <td>{s.address}</td>
                <td>{formatWhen(s.createdAt)}</td>
                <td>{formatWhen(s.lastSeenAt)}</td>
                <td>{formatWhen(s.expiresAt)}</td>
                <td className="actions">
                  {!s.current && (
                    <button type="button" className="button small danger" onClick={() => void run(() => accountApi.revokeSession(s.id))}>
                      End session
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
