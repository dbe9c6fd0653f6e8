import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../shared/limits.ts';
import { accountApi } from '../api/account-api.ts';
import { errorMessage, FormError, formText } from '../components/FormError.tsx';

/** Change my password (ends my other sessions: `onChanged` lets the page show that). */
export function PasswordSection({ onChanged }: { onChanged: () => void }) {
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setError(undefined);
    setDone(false);
    if (formText(f, 'newPassword') !== formText(f, 'repeat')) return setError('The two new passwords are not the same.');
    try {
      await accountApi.changePassword({ currentPassword: formText(f, 'currentPassword'), newPassword: formText(f, 'newPassword') });
      form.reset();
      setDone(true);
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <p className="lead">
        At least {LIMITS.passwordMin} characters. A few unrelated words make a strong password; symbols and digits are not needed. Passwords known from
        leaks are refused. Changing it logs you out everywhere else.
      </p>
      <form className="form-grid" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>Current password</span>
          <input name="currentPassword" type="password" autoComplete="current-password" required />
        </label>
        <span />
        <label className="field">
          <span>New password</span>
          <input name="newPassword" type="password" autoComplete="new-password" minLength={LIMITS.passwordMin} maxLength={LIMITS.passwordMax} required />
        </label>
        <label className="field">
          <span>New password again</span>
          <input name="repeat" type="password" autoComplete="new-password" required />
        </label>
        <div>
          <button type="submit" className="button primary">
            Change password
          </button>
        </div>
      </form>
      <FormError message={error} />
      {done && (
        <p className="form-ok" role="status">
          Password changed. Your other sessions have ended.
        </p>
      )}
    </section>
  );
}
