import { useState } from 'react';
import { accountApi } from '../api/account-api.ts';
import { errorMessage, FormError } from '../components/FormError.tsx';
import { useAsync } from '../hooks/useAsync.ts';

/** Instance settings: require two-step login of every account. */
export function SettingsSection() {
  const settings = useAsync(() => accountApi.settings(), []);
  const [error, setError] = useState<string>();
  const toggle = async (requireTotp: boolean) => {
    setError(undefined);
    try {
      settings.setData(await accountApi.putSettings(requireTotp));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <section className="card" aria-labelledby="settings-title">
      <h2 id="settings-title">Security settings</h2>
      {settings.data && (
        <label className="checkbox">
          <input type="checkbox" checked={settings.data.requireTotp} onChange={(e) => void toggle(e.currentTarget.checked)} />
          Require two-step login for every account
        </label>
      )}
      <p className="muted small">
        People without it are asked to set it up at their next login, before they can open any draft. Turn it on for your own account first.
      </p>
      <FormError message={error ?? settings.error} />
    </section>
  );
}
