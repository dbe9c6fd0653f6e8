import type { Context } from 'hono';
import { DraftIdSchema } from '../../shared/ids.ts';
import { canManageDraft, type Role } from '../../shared/roles.ts';
import { forbidden, notFound } from '../errors.ts';
import type { DraftRow, DraftsRepo } from '../storage/drafts-repo.ts';
import type { AppEnv } from './types.ts';

/**
 * The policy every draft route starts with: the draft named by the `:id` parameter and the
 * caller's role in it. A malformed id, an unknown draft and a draft the caller is not a member of
 * all answer the same 404, so ids reveal nothing (security.md §9).
 */
export function draftAccess(drafts: DraftsRepo, c: Context<AppEnv>): { draft: DraftRow; role: Role } {
  const parsed = DraftIdSchema.safeParse(c.req.param('id'));
  const draft = parsed.success ? drafts.find(parsed.data) : undefined;
  const role = draft && drafts.roleOf(draft.id, c.get('user').id);
  if (!draft || !role) throw notFound('Draft');
  return { draft, role };
}

/** Refuses with 403 unless the role may manage the draft (coordinators). */
export function requireCoordinator(role: Role, message = 'Only a coordinator of this draft can do this.'): void {
  if (!canManageDraft(role)) throw forbidden(message);
}
