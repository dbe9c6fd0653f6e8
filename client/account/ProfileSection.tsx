import { useState, type FormEvent } from 'react';
import type { Me } from '../../shared/api/users.ts';
import { LIMITS } from '../../shared/limits.ts';
import { accountApi } from '../api/account-api.ts';
import { errorMessage, FormError, formText } from '../components/FormError.tsx';

/** My name and organisation, as colleagues see them beside my caret, comments and in member lists. */
export function ProfileSection({ me, onSaved }: { me: Me; onSaved: (me: Me) => void }) {
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(undefined);
    setDone(false);
    const name = formText(f, 'name').trim();
    if (!name) return setError('Your name cannot be empty.');
    try {
      onSaved(await accountApi.updateProfile({ name, organisation: formText(f, 'organisation').trim() }));
      setDone(true);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">Name and organisation</h2>
      <form className="form-grid" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>Your name</span>
          <input name="name" defaultValue={me.name} required maxLength={LIMITS.userNameMax} autoComplete="name" />
        </label>
        <label className="field">
          <span>Organisation</span>
          <input name="organisation" defaultValue={me.organisation} maxLength={LIMITS.organisationMax} autoComplete="organization" />
        </label>
        <div>
          <button type="submit" className="button primary">
            Save
          </button>
        </div>
      </form>
      <FormError message={error} />
      {done && (
        <p className="form-ok" role="status">
          Saved. Colleagues see your new name and organisation in lists and comments, and beside your caret the next time you open a draft.
        </p>
      )}
    </section>
  );
}
