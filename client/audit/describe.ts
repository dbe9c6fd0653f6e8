import { auditActionLabel, type AuditEntry } from '../../shared/api/audit.ts';
import { ROLE_LABELS, RoleSchema } from '../../shared/roles.ts';

const role = (value: unknown): string => {
  const parsed = RoleSchema.safeParse(value);
  return parsed.success ? ROLE_LABELS[parsed.data].toLowerCase() : String(value);
};

/** Internal ids say nothing to a reader; everything else in a detail is shown. */
const HIDDEN = new Set(['userId', 'inviteId', 'account', 'invitedBy', 'emailHash']);

/** One line saying what an entry records, in words ("Changed a role: Ben → commenter, was editor"). */
export function describeEntry(e: AuditEntry): string {
  const d = e.detail;
  const label = auditActionLabel(e.action);
  switch (e.action) {
    case 'member.added':
      return `${label}: ${String(d.member ?? '')} as ${role(d.role)}`;
    case 'member.role':
      return `${label}: ${String(d.member ?? '')} → ${role(d.role)} (was ${role(d.previous)})`;
    case 'member.removed':
      return `${label}: ${String(d.member ?? '')} (was ${role(d.previous)})`;
    case 'draft.join':
      return `${label} as ${role(d.role)}`;
    default: {
      const rest = Object.entries(d)
        .filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== '')
        .map(([k, v]) => `${k}: ${String(v)}`);
      return rest.length ? `${label} (${rest.join(', ')})` : label;
    }
  }
}
