import { useState, type FormEvent } from 'react';
import { Navigate } from 'react-router';
import { LIMITS } from '../../shared/limits.ts';
import { api } from '../api/endpoints.ts';
import { useMe } from '../app/me.tsx';
import { AppHeader } from '../components/AppHeader.tsx';
import { errorMessage, FormError, formText } from '../components/FormError.tsx';
import { useAsync } from '../hooks/useAsync.ts';

/** Administrators create accounts for colleagues (name, organisation, email, initial password). */
export function AdminPage() {
  const { me } = useMe();
  const users = useAsync(() => api.listUsers(), []);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<string>();
  if (me && !me.isAdmin) return <Navigate to="/" replace />;

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
      users.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <>
      <AppHeader />
      <main className="page">
        <h1>Accounts</h1>
        <section className="card" aria-labelledby="new-account">
          <h2 id="new-account">New account</h2>
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
        </section>
        <FormError message={users.error} />
        {users.data && (
          <table className="draft-list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Organisation</th>
                <th scope="col">Email</th>
                <th scope="col">Administrator</th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{u.organisation}</td>
                  <td>{u.email}</td>
                  <td>{u.isAdmin ? 'Yes' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </main>
    </>
  );
}
