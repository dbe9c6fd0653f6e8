import { useState, type FormEvent } from 'react';
import { Navigate } from 'react-router';
import { LIMITS } from '../../shared/limits.ts';
import { AccountsSection } from '../admin/AccountsSection.tsx';
import { AuditSection } from '../admin/AuditSection.tsx';
import { InvitesSection } from '../admin/InvitesSection.tsx';
import { SettingsSection } from '../admin/SettingsSection.tsx';
import { api } from '../api/endpoints.ts';
import { useMe } from '../app/me.tsx';
import { AppHeader } from '../components/AppHeader.tsx';
import { errorMessage, FormError, formText } from '../components/FormError.tsx';
import '../styles/account.css';

/** Creating an account directly, with an initial password (invitations are the usual way). */
function CreateAccountSection({ onCreated }: { onCreated: () => void }) {
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<string>();
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formEl = e.currentTarget;
    const f = new FormData(formEl);
    setError(undefined);
    setCreated(undefined);
    try {
      const user = await api.createUser({
        name: formText(f, 'name'),
        email: formText(f, 'email'),
        organisation: formText(f, 'organisation'),
        password: formText(f, 'password'),
        isAdmin: f.get('isAdmin') === 'on',
      });
      setCreated(`Account created for ${user.name}. Give them their initial password by a channel you trust.`);
      formEl.reset();
      onCreated();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <details className="card">
      <summary>Create an account directly, with an initial password</summary>
      <form className="form-grid" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>Name</span>
          <input name="name" required maxLength={LIMITS.userNameMax} />
        </label>
        <label className="field">
          <span>Organisation</span>
          <input name="organisation" maxLength={LIMITS.organisationMax} />
        </label>
        <label className="field">
          <span>Email</span>
          <input name="email" type="email" required />
        </label>
        <label className="field">
          <span>Initial password</span>
          <input name="password" type="password" required minLength={LIMITS.passwordMin} autoComplete="new-password" />
        </label>
        <label className="checkbox">
          <input name="isAdmin" type="checkbox" /> Administrator
        </label>
        <div>
          <button type="submit" className="button primary">
            Create account
          </button>
        </div>
      </form>
      <FormError message={error} />
      {created && (
        <p className="form-ok" role="status">
          {created}
        </p>
      )}
    </details>
  );
}

/** Administration: invitations, accounts, security settings and the instance audit log. */
export function AdminPage() {
  const { me } = useMe();
  const [version, setVersion] = useState(0);
  if (me && !me.isAdmin) return <Navigate to="/" replace />;
  return (
    <>
      <AppHeader />
      <main className="page stack">
        <h1>Administration</h1>
        <InvitesSection />
        <AccountsSection version={version} />
        <CreateAccountSection onCreated={() => setVersion((v) => v + 1)} />
        <SettingsSection />
        <AuditSection />
      </main>
    </>
  );
}
