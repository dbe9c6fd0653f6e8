import { z } from 'zod';
import { DraftIdSchema, UserIdSchema } from '../ids.ts';
import { LIMITS } from '../limits.ts';
import { RoleSchema } from '../roles.ts';
import { EmailSchema } from './users.ts';
import { TEMPLATE_KINDS } from '../templates/kinds.ts';

export const DraftTitleSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(LIMITS.draftTitleMax, `must be at most ${LIMITS.draftTitleMax} characters`);

/** A draft as listed and fetched; `role` is the caller's own role in it. */
export const DraftSummarySchema = z.object({
  id: DraftIdSchema,
  title: z.string(),
  role: RoleSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DraftSummary = z.infer<typeof DraftSummarySchema>;

export const DraftListSchema = z.object({ drafts: z.array(DraftSummarySchema) });

/** POST /api/drafts. `template` fills the new draft with the proposal template or the sample. */
export const CreateDraftRequestSchema = z.strictObject({ title: DraftTitleSchema, template: z.enum(TEMPLATE_KINDS).optional() });
export type CreateDraftRequest = z.infer<typeof CreateDraftRequestSchema>;

/** PATCH /api/drafts/:id. Strict: a body that tries to set anything else is refused, not ignored. */
export const UpdateDraftRequestSchema = z.strictObject({ title: DraftTitleSchema });
export type UpdateDraftRequest = z.infer<typeof UpdateDraftRequestSchema>;

export const MemberSchema = z.object({
  userId: UserIdSchema,
  name: z.string(),
  email: z.string(),
  organisation: z.string(),
  role: RoleSchema,
  /** Their colour in this draft (shared/palette.ts): the same on their caret, cards and redlines. */
  color: z.string(),
});
export type Member = z.infer<typeof MemberSchema>;

export const MemberListSchema = z.object({ members: z.array(MemberSchema) });

/** PUT /api/drafts/:id/members: add a member by email, or change a member's role. */
export const PutMemberRequestSchema = z.strictObject({ email: EmailSchema, role: RoleSchema });
export type PutMemberRequest = z.infer<typeof PutMemberRequestSchema>;
