import { useState, type FormEvent } from 'react';
import type { Account, TotpSetup } from '../../shared/api/index.ts';
import { accountApi } from '../api/account-api.ts';
import { errorMessage, FormError, formText } from '../components/FormError.tsx';

/** Groups a base32 key in fours so it can be typed into a phone without losing one's place. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/** Recovery codes, shown once after they are made. */
function RecoveryCodesList({ codes }: { codes: string[] }) {
  return (
    <div className="stack" role="status">
      <p>
        <strong>Save these recovery codes now</strong> (print them, or keep them in your password manager). Each one works once instead of a code
        from your phone. They will not be shown again.
      </p>
      <ul className="recovery-codes" aria-label="Recovery codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Two-step login: set up with an authenticator app (a key to type in, or the otpauth link),
 * confirm with a first code, keep the recovery codes; later, new codes or turn it off.
 */
export function TwoStepSection({ account, onChanged }: { account: Account; onChanged: () => void }) {
  const [setup, setSetup] = useState<TotpSetup>();
  const [codes, setCodes] = useState<string[]>();
  const [error, setError] = useState<string>();
  const [asking, setAsking] = useState<'disable' | 'codes'>();
  const guard = async (action: () => Promise<void>) => {
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const confirm = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const code = formText(new FormData(e.currentTarget), 'code').replace(/\s/g, '');
    void guard(async () => {
      const result = await accountApi.totpConfirm(code);
      setSetup(undefined);
      setCodes(result.recoveryCodes);
      onChanged();
    });
  };
  const withPassword = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const password = formText(new FormData(e.currentTarget), 'password');
    void guard(async () => {
      if (asking === 'disable') {
        await accountApi.totpDisable(password);
        onChanged();
      } else {
        setCodes((await accountApi.newRecoveryCodes(password)).recoveryCodes);
        onChanged();
      }
      setAsking(undefined);
    });
  };

  return (
    <section className="card" aria-labelledby="two-step-title">
      <div className="section-head">
        <h2 id="two-step-title">Two-step login</h2>
        {account.totp.enabled ? <span className="badge badge--ok">On</span> : <span className="badge">Off</span>}
      </div>
      <p className="lead">
        With two-step login, logging in needs your password and a 6-digit code from an authenticator app on your phone (such as Aegis, FreeOTP or
        Google Authenticator), so a stolen password alone does not open your drafts.
      </p>
      {codes && <RecoveryCodesList codes={codes} />}
      {!account.totp.enabled && !setup && (
        <button type="button" className="button primary" onClick={() => void guard(async () => setSetup(await accountApi.totpSetup()))}>
          Set up two-step login
        </button>
      )}
      {setup && (
        <form className="stack" onSubmit={confirm} aria-label="Set up two-step login">
          <ol className="steps">
            <li>
              In your authenticator app, add an account and choose to enter a key. Type this key (time-based):
              <div className="secret-key" data-testid="totp-secret">
                {grouped(setup.secret)}
              </div>
              <span className="small muted">
                On a phone with the app, you can instead <a href={setup.uri}>open this setup link</a>.
              </span>
            </li>
            <li>
              <label className="field field--inline">
                <span>Type the 6-digit code the app shows</span>
                <input name="code" className="code-input" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" required />
              </label>
            </li>
          </ol>
          <div className="row">
            <button type="submit" className="button primary">
              Turn on two-step login
            </button>
            <button type="button" className="button subtle" onClick={() => setSetup(undefined)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {account.totp.enabled && !asking && (
        <div className="row">
          <span className="muted small">{account.totp.recoveryCodesLeft} recovery codes left.</span>
          <button type="button" className="button" onClick={() => setAsking('codes')}>
            New recovery codes
          </button>
          {!account.totpRequired && (
            <button type="button" className="button danger" onClick={() => setAsking('disable')}>
              Turn off
            </button>
          )}
        </div>
      )}
      {asking && (
        <form className="row row--end" onSubmit={withPassword}>
          <label className="field">
            <span>{asking === 'disable' ? 'Your password, to turn two-step login off' : 'Your password, to make new recovery codes'}</span>
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
          <button type="submit" className={`button ${asking === 'disable' ? 'danger' : 'primary'}`}>
            {asking === 'disable' ? 'Turn off' : 'Make new codes'}
          </button>
          <button type="button" className="button subtle" onClick={() => setAsking(undefined)}>
            Cancel
          </button>
        </form>
      )}
      <FormError message={error} />
    </section>
  );
}
