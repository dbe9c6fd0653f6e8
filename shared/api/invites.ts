import { z } from 'zod';
import { EmailSchema, OrganisationSchema, PasswordSchema, PersonNameSchema } from './users.ts';

/** POST /api/invites (administrator): a one-time link for one email and organisation. */
export const CreateInviteRequestSchema = z.object({
  email: EmailSchema,
  organisation: OrganisationSchema.default(''),
  isAdmin: z.boolean().default(false),
  /** How long the link works: 1 hour to 30 days. */
  expiresInHours: z.number().int().min(1).max(720).default(72),
});
export type CreateInviteRequest = z.input<typeof CreateInviteRequestSchema>;

export const INVITE_STATUSES = ['pending', 'used', 'revoked', 'expired'] as const;

/** An invitation as administrators see it. Times are ISO 8601. */
export const InviteSummarySchema = z.object({
  id: z.string(),
  email: z.string(),
  organisation: z.string(),
  isAdmin: z.boolean(),
  createdAt: z.string(),
  expiresAt: z.string(),
  status: z.enum(INVITE_STATUSES),
});
export type InviteSummary = z.infer<typeof InviteSummarySchema>;

/** The answer to creating an invite: the link is shown this once (only its hash is stored). */
export const CreatedInviteSchema = InviteSummarySchema.extend({ url: z.string() });
export type CreatedInvite = z.infer<typeof CreatedInviteSchema>;

export const InviteListSchema = z.object({ invites: z.array(InviteSummarySchema) });

/** POST /api/invites/lookup: what an invite link is for, before accepting it. */
export const InviteTokenRequestSchema = z.object({ token: z.string().min(16).max(128) });
export const InviteLookupSchema = z.object({ email: z.string(), organisation: z.string(), expiresAt: z.string() });
export type InviteLookup = z.infer<typeof InviteLookupSchema>;

/** POST /api/invites/accept: creates the account (email and organisation come from the invite) and logs in. */
export const AcceptInviteRequestSchema = InviteTokenRequestSchema.extend({ name: PersonNameSchema, password: PasswordSchema });
export type AcceptInviteRequest = z.infer<typeof AcceptInviteRequestSchema>;
