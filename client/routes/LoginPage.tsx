import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { accountApi } from '../api/account-api.ts';
import { ApiRequestError } from '../api/http.ts';
import { preloadDraftPageWhenIdle } from '../app/draft-page-loader.ts';
import { useMe } from '../app/me.tsx';
import { safeNext } from '../app/safe-next.ts';
import { errorMessage, FormError, formText } from '../components/FormError.tsx';

/** Email and password login. */
export function LoginPage() {
  const { me, setMe } = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Set once the server asked for the second step (password was right, two-step login is on).
  const [needCode, setNeedCode] = useState(false);
  const next = safeNext(params.get('next'));
  // Sent here by a link to a draft: its page's code loads while the person types their password,
  // so that logging in goes straight to the text (the list of drafts does the same for a click).
  const toDraft = next.startsWith('/drafts/');
  useEffect(() => (toDraft ? preloadDraftPageWhenIdle() : undefined), [toDraft]);
  if (me) return <Navigate to={next} replace />;

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const code = formText(form, 'code');
      setMe(await accountApi.login({ email: formText(form, 'email'), password: formText(form, 'password'), ...(code ? { code } : {}) }));
      await navigate(next, { replace: true });
    } catch (err) {
      // Two-step login must be set up first; the account page then offers the way on to `next`.
      if (err instanceof ApiRequestError && err.id === 'second_factor_setup_required') {
        return void navigate(next === '/' ? '/account' : `/account?next=${encodeURIComponent(next)}`, { replace: true });
      }
      if (err instanceof ApiRequestError && err.id === 'second_factor_required' && !needCode) return setNeedCode(true);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="centered-page">
      <form className="card auth-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <p className="brand brand--large">Plenary</p>
        <h1 id="login-title">Log in</h1>
        <label className="field">
          <span>Email</span>
          <input name="email" type="email" autoComplete="username" required autoFocus />
        </label>
        <label className="field">
          <span>Password</span>
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {needCode && (
          <label className="field">
            <span>Code from your authenticator app (or a recovery code)</span>
            {/* Not inputMode="numeric": recovery codes have letters, which a phone's number pad cannot type. */}
            <input name="code" autoComplete="one-time-code" autoCapitalize="off" spellCheck={false} required autoFocus />
          </label>
        )}
        <FormError message={error} />
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        <p className="muted small">Accounts are created by your instance's administrator.</p>
      </form>
    </main>
  );
}
