import { useState } from 'react';
import type { AuditEntry } from '../../shared/api/index.ts';
import { accountApi, auditCsvUrl } from '../api/account-api.ts';
import { describeEntry } from '../audit/describe.ts';
import { errorMessage, FormError } from '../components/FormError.tsx';
import { formatWhen } from '../components/format.ts';
import { useAsync } from '../hooks/useAsync.ts';

/** The instance audit log: every entry with who, what, when and from where; CSV export; integrity check. */
export function AuditSection() {
  const first = useAsync(() => accountApi.instanceAudit(), []);
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null | undefined>(undefined);
  const [check, setCheck] = useState<string>();
  const [error, setError] = useState<string>();
  const entries = [...(first.data?.entries ?? []), ...older];
  const nextBefore = next === undefined ? first.data?.nextBefore : next;

  const loadOlder = async () => {
    if (!nextBefore) return;
    try {
      const page = await accountApi.instanceAudit(nextBefore);
      setOlder((o) => [...o, ...page.entries]);
      setNext(page.nextBefore);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const verify = async () => {
    setCheck(undefined);
    try {
      const r = await accountApi.verifyAudit();
      setCheck(r.ok ? `Intact: all ${r.entries} entries link up.` : `Tampering detected: the chain breaks at entry ${r.firstBadId ?? '?'}.`);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section className="card" aria-labelledby="audit-title">
      <div className="section-head">
        <h2 id="audit-title">Audit log</h2>
        <div className="row">
          <button type="button" className="button" onClick={() => void verify()}>
            Check integrity
          </button>
          <a className="button" href={auditCsvUrl.instance} download>
            Download CSV
          </a>
        </div>
      </div>
      <p className="lead">Logins, failed logins, draft access, roles, invitations and account changes. Entries cannot be changed; each is chained to the one before.</p>
      {check && (
        <p className={check.startsWith('Intact') ? 'form-ok' : 'form-error'} role="status">
          {check}
        </p>
      )}
      <FormError message={error ?? first.error} />
      {entries.length > 0 && (
        <table className="data-table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{formatWhen(e.at)}</td>
                <td>{e.actor ? e.actor.name : <span className="muted">Unknown</span>}</td>
                <td>
                  {describeEntry(e)}
                  {e.draftId && <div className="muted small">Draft {e.draftId}</div>}
                </td>
                <td className="mono">{e.address}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextBefore ? (
        <button type="button" className="button" onClick={() => void loadOlder()}>
          Show older entries
        </button>
      ) : null}
    </section>
  );
}
