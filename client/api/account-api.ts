import { z } from 'zod';
import {
  AccountSchema,
  AdminUserListSchema,
  AuditPageSchema,
  CreatedInviteSchema,
  InstanceSettingsSchema,
  InviteListSchema,
  InviteLookupSchema,
  MeSchema,
  OkSchema,
  RecoveryCodesSchema,
  SessionListSchema,
  TotpSetupSchema,
  type AcceptInviteRequest,
  type ChangePasswordRequest,
  type CreateInviteRequest,
  type LoginWithCodeRequest,
  type UpdateProfileRequest,
} from '../../shared/api/index.ts';
import type { DraftId } from '../../shared/ids.ts';
import { request } from './http.ts';

const enc = encodeURIComponent;

/** Account lifecycle calls: login with a second factor, my account and sessions, invites, administration, audit. */
export const accountApi = {
  login: (body: LoginWithCodeRequest) => request('POST', '/auth/login', MeSchema, body),

  account: () => request('GET', '/account', AccountSchema),
  updateProfile: (body: UpdateProfileRequest) => request('PATCH', '/account', MeSchema, body),
  changePassword: (body: ChangePasswordRequest) => request('POST', '/account/password', OkSchema, body),
  sessions: () => request('GET', '/account/sessions', SessionListSchema),
  revokeSession: (id: string) => request('DELETE', `/account/sessions/${enc(id)}`, OkSchema),
  revokeOtherSessions: () => request('DELETE', '/account/sessions', OkSchema),
  totpSetup: () => request('POST', '/account/totp/setup', TotpSetupSchema),
  totpConfirm: (code: string) => request('POST', '/account/totp/confirm', RecoveryCodesSchema, { code }),
  totpDisable: (password: string) => request('POST', '/account/totp/disable', OkSchema, { password }),
  newRecoveryCodes: (password: string) => request('POST', '/account/totp/recovery-codes', RecoveryCodesSchema, { password }),

  lookupInvite: (token: string) => request('POST', '/invites/lookup', InviteLookupSchema, { token }),
  acceptInvite: (body: AcceptInviteRequest) => request('POST', '/invites/accept', MeSchema, body),
  invites: () => request('GET', '/invites', InviteListSchema),
  createInvite: (body: CreateInviteRequest) => request('POST', '/invites', CreatedInviteSchema, body),
  revokeInvite: (id: string) => request('DELETE', `/invites/${enc(id)}`, OkSchema),

  adminUsers: () => request('GET', '/admin/users', AdminUserListSchema),
  resetPassword: (id: string, password: string) => request('POST', `/admin/users/${enc(id)}/password`, OkSchema, { password }),
  setDisabled: (id: string, disabled: boolean) => request('POST', `/admin/users/${enc(id)}/${disabled ? 'disable' : 'enable'}`, OkSchema),
  resetTotp: (id: string) => request('POST', `/admin/users/${enc(id)}/totp/reset`, OkSchema),
  settings: () => request('GET', '/admin/settings', InstanceSettingsSchema),
  putSettings: (requireTotp: boolean) => request('PUT', '/admin/settings', InstanceSettingsSchema, { requireTotp }),
  instanceAudit: (before?: number) => request('GET', `/admin/audit${before ? `?before=${before}` : ''}`, AuditPageSchema),
  verifyAudit: () => request('GET', '/admin/audit/verify', z.object({ ok: z.boolean(), entries: z.number(), firstBadId: z.number().nullable() })),
  draftAudit: (id: DraftId, before?: number) => request('GET', `/drafts/${enc(id)}/audit${before ? `?before=${before}` : ''}`, AuditPageSchema),
};

/** Where the CSV exports are downloaded from (plain links: a GET with the session cookie). */
export const auditCsvUrl = {
  instance: '/api/admin/audit?format=csv',
  draft: (id: DraftId) => `/api/drafts/${enc(id)}/audit?format=csv`,
};
