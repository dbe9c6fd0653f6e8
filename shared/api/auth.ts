import { z } from 'zod';
import { EmailSchema, OrganisationSchema, PasswordSchema, PersonNameSchema } from './users.ts';

/** POST /api/auth/login. The password is not length-checked here: a wrong one is just wrong. */
export const LoginRequestSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, 'is required').max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/** POST /api/setup: creates the first (administrator) account with the one-time token printed at start. */
export const SetupRequestSchema = z.object({
  token: z.string().min(16).max(128),
  name: PersonNameSchema,
  email: EmailSchema,
  organisation: OrganisationSchema.default(''),
  password: PasswordSchema,
});
export type SetupRequest = z.input<typeof SetupRequestSchema>;

/** GET /api/setup: whether the instance still needs its first account. */
export const SetupStatusSchema = z.object({ needsSetup: z.boolean() });

export const OkSchema = z.object({ ok: z.literal(true) });
