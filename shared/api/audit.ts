import { z } from 'zod';

/**
 * Audit actions the server records. Kept as an open string on the wire (features add their own),
 * with words for the known ones so the UI can say what happened.
 */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  login: 'Logged in',
  'login.failed': 'Failed login',
  logout: 'Logged out',
  'draft.join': 'Opened the draft',
  'member.added': 'Added a member',
  'member.role': 'Changed a role',
  'member.removed': 'Removed a member',
  'invite.created': 'Invited someone',
  'invite.revoked': 'Revoked an invitation',
  'invite.accepted': 'Accepted an invitation',
  'account.created': 'Created an account',
  'account.disabled': 'Disabled an account',
  'account.enabled': 'Enabled an account',
  'password.reset': 'Reset a password',
  'password.changed': 'Changed their password',
  'profile.changed': 'Changed their name or organisation',
  'totp.enabled': 'Turned on two-step login',
  'totp.disabled': 'Turned off two-step login',
  'session.revoked': 'Ended a session',
  'settings.changed': 'Changed instance settings',
  'version.saved': 'Saved a version',
  'version.restored': 'Restored a version',
  export: 'Exported the draft',
  'suggestion.accepted': 'Accepted a suggestion',
  'suggestion.rejected': 'Rejected a suggestion',
};

/** Words for an audit action; unknown actions are shown as recorded. */
export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

/** Small facts about an entry (ids, roles, formats) — never passwords, tokens or draft text. */
export const AuditDetailSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type AuditDetail = z.infer<typeof AuditDetailSchema>;

/** One audit entry as the API returns it. `address` is present only in the instance log. */
export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  draftId: z.string().nullable(),
  actor: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
  action: z.string(),
  detail: AuditDetailSchema,
  address: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** GET /api/drafts/:id/audit and GET /api/admin/audit: newest first; `nextBefore` pages back. */
export const AuditPageSchema = z.object({
  entries: z.array(AuditEntrySchema),
  nextBefore: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

/** GET /api/admin/audit/verify: whether the hash chain is intact, and where it first breaks. */
export const AuditVerifySchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  firstBadId: z.number().int().nullable(),
});
export type AuditVerify = z.infer<typeof AuditVerifySchema>;
