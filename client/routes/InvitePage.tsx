import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { InviteTokenRequestSchema } from '../../shared/api/invites.ts';
import { LIMITS } from '../../shared/limits.ts';
import { accountApi } from '../api/account-api.ts';
import { useMe } from '../app/me.tsx';
import { errorMessage, FormError, formText } from '../components/FormError.tsx';
import { formatWhen } from '../components/format.ts';
import { useAsync } from '../hooks/useAsync.ts';
import '../styles/account.css';

const INCOMPLETE_INVITE_LINK =
  'This invitation link is incomplete: the long code after “#” is missing or cut short. Open the whole link as you received it, or ask your administrator for a new one.';

/**
 * Accepting an invitation: the link's #fragment holds the token (never sent in a URL to the
 * server, so it stays out of logs); the person chooses their name and password.
 */
export function InvitePage() {
  const token = useLocation().hash.replace(/^#/, '');
  const { me, loading: meLoading, setMe, logout } = useMe();
  const navigate = useNavigate();
  // A link cut short (wrapped in an email, copied in part) is not asked about: the server's answer
  // would name the field and its length, not the link.
  const invite = useAsync(
    () => (InviteTokenRequestSchema.safeParse({ token }).success ? accountApi.lookupInvite(token) : Promise.reject(new Error(INCOMPLETE_INVITE_LINK))),
    [token],
  );
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(undefined);
    if (formText(f, 'password') !== formText(f, 'repeat')) return setError('The two passwords are not the same.');
    setBusy(true);
    try {
      setMe(await accountApi.acceptInvite({ token, name: formText(f, 'name'), password: formText(f, 'password') }));
      await navigate('/', { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="centered-page">
      <div className="card auth-card">
        <p className="brand brand--large">Plenary</p>
        <h1>Join Plenary</h1>
        {invite.loading && <p role="status">Checking your invitation…</p>}
        {invite.error && (
          <>
            <FormError message={invite.error} />
            <Link to="/login">Go to the login page</Link>
          </>
        )}
        {invite.data && me && (
          // Accepting would switch this browser to the new account and leave this session open on the server.
          <div className="stack">
            <p>
              You are logged in as <strong>{me.name}</strong> ({me.email}). This invitation creates a new account for{' '}
              <strong>{invite.data.email}</strong>: log out first to accept it.
            </p>
            <div className="row">
              <button type="button" className="button primary" onClick={() => void logout()}>
                Log out
              </button>
              <Link to="/">Back to my drafts</Link>
            </div>
          </div>
        )}
        {invite.data && !me && !meLoading && (
          <form className="stack" onSubmit={(e) => void submit(e)}>
            <p className="muted small">
              You are invited as <strong>{invite.data.email}</strong>
              {invite.data.organisation ? ` (${invite.data.organisation})` : ''}. This link works once, until {formatWhen(invite.data.expiresAt)}.
            </p>
            <label className="field">
              <span>Your name, as colleagues will see it</span>
              <input name="name" required maxLength={LIMITS.userNameMax} autoComplete="name" autoFocus />
            </label>
            <label className="field">
              <span>
                Password <span className="field-hint">— at least {LIMITS.passwordMin} characters; a few unrelated words work well</span>
              </span>
              <input name="password" type="password" required minLength={LIMITS.passwordMin} maxLength={LIMITS.passwordMax} autoComplete="new-password" />
            </label>
            <label className="field">
              <span>Password again</span>
              <input name="repeat" type="password" required autoComplete="new-password" />
            </label>
            <FormError message={error} />
            <button type="submit" className="button primary" disabled={busy}>
              {busy ? 'Creating your account…' : 'Create my account'}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
