import { z } from 'zod';
import { UserIdSchema } from '../ids.ts';
import { LIMITS } from '../limits.ts';

/** Emails are compared case-insensitively; we store them lower-cased and trimmed. */
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(LIMITS.emailMax)
  .pipe(z.email({ message: 'is not a valid email address' }));

export const PasswordSchema = z
  .string()
  .min(LIMITS.passwordMin, `must be at least ${LIMITS.passwordMin} characters`)
  .max(LIMITS.passwordMax, `must be at most ${LIMITS.passwordMax} characters`);

export const PersonNameSchema = z.string().trim().min(1, 'is required').max(LIMITS.userNameMax);
export const OrganisationSchema = z.string().trim().max(LIMITS.organisationMax);

/** An account as others may see it. */
export const UserSummarySchema = z.object({
  id: UserIdSchema,
  name: z.string(),
  email: z.string(),
  organisation: z.string(),
});
export type UserSummary = z.infer<typeof UserSummarySchema>;

/** The logged-in account, as GET /api/me returns it. */
export const MeSchema = UserSummarySchema.extend({
  isAdmin: z.boolean(),
  /** Stable caret colour, #rrggbb (3-digit colours make the caret invisible). */
  color: z.string().regex(/^#[0-9a-f]{6}$/),
});
export type Me = z.infer<typeof MeSchema>;

/** POST /api/users (administrator). */
export const CreateUserRequestSchema = z.object({
  name: PersonNameSchema,
  email: EmailSchema,
  organisation: OrganisationSchema.default(''),
  password: PasswordSchema,
  isAdmin: z.boolean().default(false),
});
export type CreateUserRequest = z.input<typeof CreateUserRequestSchema>;

export const UserListSchema = z.object({ users: z.array(UserSummarySchema.extend({ isAdmin: z.boolean() })) });
export type UserList = z.infer<typeof UserListSchema>;
