import { z } from 'zod';
import { LoginRequestSchema } from './auth.ts';
import { MeSchema, OrganisationSchema, PasswordSchema, PersonNameSchema, UserSummarySchema } from './users.ts';

/**
 * POST /api/auth/login with the optional second step: `code` is a 6-digit authenticator code or a
 * recovery code, sent again with the email and password once the server asked for it
 * (error `second_factor_required`).
 */
export const LoginWithCodeRequestSchema = LoginRequestSchema.extend({
  code: z.string().trim().min(1).max(32).optional(),
});
export type LoginWithCodeRequest = z.input<typeof LoginWithCodeRequestSchema>;

/** One of the caller's login sessions (GET /api/account/sessions). Times are ISO 8601. */
export const SessionInfoSchema = z.object({
  /** An opaque id for revoking; not the session token nor its stored hash. */
  id: z.string(),
  /** "Firefox on Windows", from the User-Agent at login. */
  device: z.string(),
  address: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  /** When it ends unless used again (idle expiry) or at the latest (absolute expiry). */
  expiresAt: z.string(),
  /** The session this request came with. */
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const SessionListSchema = z.object({ sessions: z.array(SessionInfoSchema) });
export type SessionList = z.infer<typeof SessionListSchema>;

/** GET /api/account: who I am and the state of my second factor. */
export const AccountSchema = z.object({
  me: MeSchema,
  totp: z.object({ enabled: z.boolean(), recoveryCodesLeft: z.number().int() }),
  /** The administrator requires two-step login of every account. */
  totpRequired: z.boolean(),
});
export type Account = z.infer<typeof AccountSchema>;

/** PATCH /api/account: the caller's own name and organisation (as colleagues see them); answers with the account as GET /api/me. */
export const UpdateProfileRequestSchema = z.strictObject({ name: PersonNameSchema, organisation: OrganisationSchema });
export type UpdateProfileRequest = z.input<typeof UpdateProfileRequestSchema>;

/** POST /api/account/password. The new password follows the rules (length, not breached). */
export const ChangePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1, 'is required').max(1024),
  newPassword: PasswordSchema,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>;

/** POST /api/account/totp/setup: a new secret to type into an authenticator app (or its otpauth URI). */
export const TotpSetupSchema = z.object({ secret: z.string(), uri: z.string() });
export type TotpSetup = z.infer<typeof TotpSetupSchema>;

/** POST /api/account/totp/confirm: the first code from the app turns two-step login on. */
export const TotpConfirmRequestSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'must be the 6-digit code') });

/** Recovery codes, shown once; each works once in place of an authenticator code. */
export const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof RecoveryCodesSchema>;

/** Sensitive account changes ask for the current password again. */
export const PasswordConfirmRequestSchema = z.object({ password: z.string().min(1, 'is required').max(1024) });

/** An account as administrators see it (GET /api/admin/users). */
export const AdminUserSchema = UserSummarySchema.extend({
  isAdmin: z.boolean(),
  disabled: z.boolean(),
  totpEnabled: z.boolean(),
  createdAt: z.string(),
});
export type AdminUser = z.infer<typeof AdminUserSchema>;
export const AdminUserListSchema = z.object({ users: z.array(AdminUserSchema) });

/** POST /api/admin/users/:id/password: an administrator sets a new password; the account's sessions end. */
export const AdminResetPasswordRequestSchema = z.object({ password: PasswordSchema });

/** GET and PUT /api/admin/settings. */
export const InstanceSettingsSchema = z.object({ requireTotp: z.boolean() });
export type InstanceSettings = z.infer<typeof InstanceSettingsSchema>;
