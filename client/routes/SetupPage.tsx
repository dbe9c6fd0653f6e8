import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { SetupRequestSchema } from '../../shared/api/auth.ts';
import { LIMITS } from '../../shared/limits.ts';
import { api } from '../api/endpoints.ts';
import { useMe } from '../app/me.tsx';
import { errorMessage, FormError, formText } from '../components/FormError.tsx';

/** First start: create the administrator with the one-time link printed by the server. */
export function SetupPage() {
  const { me, setMe } = useMe();
  const navigate = useNavigate();
  const [needsSetup, setNeedsSetup] = useState<boolean>();
  const [error, setError] = useState<string>();
  const token = location.hash.slice(1);
  // Checked here, not sent: the server's answer to a link cut short would name the field and its length.
  const tokenComplete = SetupRequestSchema.shape.token.safeParse(token).success;

  useEffect(() => {
    api.setupStatus().then((s) => setNeedsSetup(s.needsSetup), (err: unknown) => setError(errorMessage(err)));
  }, []);
  if (me) return <Navigate to="/" replace />;
  if (needsSetup === false) return <Navigate to="/login" replace />;

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(undefined);
    try {
      const created = await api.setup({
        token,
        name: formText(f, 'name'),
        email: formText(f, 'email'),
        organisation: formText(f, 'organisation'),
        password: formText(f, 'password'),
      });
      setMe(created);
      await navigate('/', { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <main className="centered-page">
      <form className="card auth-card" onSubmit={(e) => void submit(e)} aria-labelledby="setup-title">
        <p className="brand brand--large">Plenary</p>
        <h1 id="setup-title">Set up this instance</h1>
        {!tokenComplete && (
          <p className="form-error" role="alert">
            {token
              ? 'This setup link is incomplete: the code after “#” is cut short. Open the whole link printed in the server’s console.'
              : 'Open the setup link printed in the server’s console: it carries a one-time code.'}
          </p>
        )}
        <p className="muted">Create the administrator account. You will then add your colleagues.</p>
        <label className="field">
          <span>Your name</span>
          <input name="name" required maxLength={LIMITS.userNameMax} autoComplete="name" />
        </label>
        <label className="field">
          <span>Organisation</span>
          <input name="organisation" maxLength={LIMITS.organisationMax} autoComplete="organization" />
        </label>
        <label className="field">
          <span>Email</span>
          <input name="email" type="email" required autoComplete="username" />
        </label>
        <label className="field">
          <span>Password</span>
          <input name="password" type="password" required minLength={LIMITS.passwordMin} autoComplete="new-password" />
          <small className="muted">At least {LIMITS.passwordMin} characters. A passphrase of several words is best.</small>
        </label>
        <FormError message={error} />
        <button type="submit" className="button primary" disabled={!tokenComplete}>
          Create administrator
        </button>
      </form>
    </main>
  );
}
