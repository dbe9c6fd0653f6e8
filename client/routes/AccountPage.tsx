import { useRef, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { accountApi } from '../api/account-api.ts';
import { ApiRequestError } from '../api/http.ts';
import { useMe } from '../app/me.tsx';
import { safeNext } from '../app/safe-next.ts';
import { PasswordSection } from '../account/PasswordSection.tsx';
import { ProfileSection } from '../account/ProfileSection.tsx';
import { SessionsSection } from '../account/SessionsSection.tsx';
import { TwoStepSection } from '../account/TwoStepSection.tsx';
import { AppHeader } from '../components/AppHeader.tsx';
import { FormError } from '../components/FormError.tsx';
import { useAsync } from '../hooks/useAsync.ts';
import '../styles/account.css';

/**
 * My account: sessions, two-step login, password. Also where someone lands when the instance
 * requires two-step login and they have not set it up: then it shows only that.
 */
export function AccountPage() {
  const { me, setMe, logout, forgetIfSessionEnded } = useMe();
  const navigate = useNavigate();
  // Remembers that this visit began with enrolment required, to offer the way on once it is done.
  const forced = useRef(false);
  // A changed password ends the other sessions: their list is loaded again.
  const [sessionsVersion, setSessionsVersion] = useState(0);
  // Where the person was going when they were sent here to set up two-step login (a link to a draft).
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const account = useAsync(
    () =>
      accountApi.account().catch((err: unknown) => {
        if (err instanceof ApiRequestError && err.status === 401) {
          // Else the login page, still holding the account, would send straight back here, and so on.
          forgetIfSessionEnded(err);
          return null;
        }
        throw err;
      }),
    [],
  );
  if (account.data === null) return <Navigate to="/login?next=/account" replace />;
  if (!account.data) return account.error ? <FormError message={account.error} /> : <p className="page-status" role="status">Loading…</p>;
  const a = account.data;
  const mustEnrol = a.totpRequired && !a.totp.enabled;
  if (mustEnrol) forced.current = true;
  const reload = () => {
    account.reload();
    // A session that was good only for enrolment is a full one now: load who I am.
    if (!me) void accountApi.account().then((next) => setMe(next.me));
  };

  return (
    <>
      <AppHeader />
      <main className="page">
        <h1>Your account</h1>
        <p className="lead">
          {a.me.name} · {a.me.email}
          {a.me.organisation ? ` · ${a.me.organisation}` : ''}
        </p>
        {mustEnrol && (
          <div className="banner-note" role="alert">
            Your administrator requires two-step login for every account. Set it up below to continue to your drafts.
            {/* The header has no account menu yet (no full session): without this, a person without their phone
                could not end a session that lets whoever sits here next enrol their own phone. */}
            {!me && (
              <>
                {' '}
                Your phone is not at hand?{' '}
                <button type="button" className="button small" onClick={() => void logout().then(() => navigate('/login'))}>
                  Log out
                </button>
              </>
            )}
          </div>
        )}
        {!mustEnrol && forced.current && (
          <p className="form-ok" role="status">
            Two-step login is on. <Link to={next}>{next.startsWith('/drafts/') ? 'Continue to the draft' : 'Continue to your drafts'}</Link>
          </p>
        )}
        <TwoStepSection account={a} onChanged={reload} />
        {!mustEnrol && (
          <>
            <ProfileSection
              me={a.me}
              onSaved={(next) => {
                setMe(next);
                account.reload();
              }}
            />
            <SessionsSection version={sessionsVersion} />
            <PasswordSection onChanged={() => setSessionsVersion((v) => v + 1)} />
          </>
        )}
      </main>
    </>
  );
}
