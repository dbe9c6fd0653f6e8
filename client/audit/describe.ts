import { auditActionLabel, type AuditEntry } from '../../shared/api/audit.ts';
import { ROLE_LABELS, RoleSchema } from '../../shared/roles.ts';

const role = (value: unknown): string => {
  const parsed = RoleSchema.safeParse(value);
  return parsed.success ? ROLE_LABELS[parsed.data].toLowerCase() : String(value);
};

/** Internal ids say nothing to a reader; everything else in a detail is shown. */
const HIDDEN = new Set(['userId', 'inviteId', 'account', 'invitedBy', 'emailHash']);

/** How a login proved who it was (server/http/routes/auth.ts), in an administrator's words. */
const SECOND_FACTOR_WORDS: Record<string, string> = {
  none: 'password only',
  totp: 'password and authenticator code',
  recovery: 'password and a recovery code',
};

/** Why a login was refused (server/http/routes/auth.ts). */
const FAILED_LOGIN_WORDS: Record<string, string> = {
  credentials: 'wrong email or password',
  'second factor': 'wrong or reused two-step code',
  'rate-limited': 'too many attempts, refused without checking',
};

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
    case 'login':
      return `${label} (${SECOND_FACTOR_WORDS[String(d.secondFactor)] ?? String(d.secondFactor)})`;
    case 'login.failed':
      return `${label} (${FAILED_LOGIN_WORDS[String(d.reason)] ?? String(d.reason)})`;
    default: {
      const rest = Object.entries(d)
        .filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== '')
        .map(([k, v]) => `${k}: ${String(v)}`);
      return rest.length ? `${label} (${rest.join(', ')})` : label;
    }
  }
}
