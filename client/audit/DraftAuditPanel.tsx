import { canManageDraft } from '../../shared/roles.ts';
import { accountApi, auditCsvUrl } from '../api/account-api.ts';
import { FormError } from '../components/FormError.tsx';
import { formatWhen } from '../components/format.ts';
import { useAsync } from '../hooks/useAsync.ts';
import type { PanelContext, PanelDefinition } from '../panels/types.ts';
import { describeEntry } from './describe.ts';
import '../styles/account.css';

/** The draft's activity log, for its coordinators: who opened it, role changes, versions, exports, reviews. */
function ActivityList({ ctx }: { ctx: PanelContext }) {
  const log = useAsync(() => accountApi.draftAudit(ctx.draftId), [ctx.draftId]);
  return (
    <div className="stack">
      <div className="row">
        <button type="button" className="button small" onClick={log.reload}>
          Refresh
        </button>
        <a className="button small" href={auditCsvUrl.draft(ctx.draftId)} download>
          Download CSV
        </a>
      </div>
      <FormError message={log.error} />
      {log.loading && !log.data && <p role="status">Loading activity…</p>}
      {log.data && log.data.entries.length === 0 && <p className="muted">No activity recorded yet.</p>}
      {log.data && (
        <ol className="audit-list" aria-label="Activity, newest first" data-testid="draft-activity">
          {log.data.entries.map((e) => (
            <li key={e.id}>
              <div className="audit-what">{describeEntry(e)}</div>
              <div className="audit-meta">
                {e.actor?.name ?? 'Unknown'} · {formatWhen(e.at)}
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** Right-panel tab "Activity": coordinators only (the server refuses everyone else anyway). */
export function DraftAuditPanel(ctx: PanelContext) {
  if (!canManageDraft(ctx.role)) return <p className="muted">Only the draft's coordinators can see its activity log.</p>;
  return <ActivityList ctx={ctx} />;
}

/** The registry entry (client/panels/registry.ts). */
export const activityPanel: PanelDefinition = {
  id: 'activity',
  side: 'right',
  label: 'Activity',
  shortcutKey: '6',
  render: (ctx) => <DraftAuditPanel {...ctx} />,
};
