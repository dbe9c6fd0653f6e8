import { Hono, type Context } from 'hono';
import {
  CreateSuggestionRequestSchema,
  CreateThreadRequestSchema,
  DecideAllRequestSchema,
  EditCommentRequestSchema,
  ReplyRequestSchema,
  ReviewSettingsSchema,
  ThreadStatusRequestSchema,
  UpdateSuggestionRequestSchema,
  canComment,
  canDecide,
  canSuggest,
} from '../../../shared/api/index.ts';
import type { UserId } from '../../../shared/ids.ts';
import { canManageDraft, type Role } from '../../../shared/roles.ts';
import type { ServerContext } from '../../context.ts';
import { conflict, forbidden, notFound } from '../../errors.ts';
import { reviewPolicy } from '../../review/review-service.ts';
import type { ThreadRow } from '../../review/review-repo.ts';
import type { DraftRow } from '../../storage/drafts-repo.ts';
import { clientAddress, requireUser } from '../authenticate.ts';
import { draftAccess } from '../draft-access.ts';
import type { AppEnv } from '../types.ts';
import { parseBody } from '../validate.ts';

/**
 * Comments, suggestions and the review phase under /api/drafts/:id. Every write is checked here
 * against the caller's role and authorship (viewers read; commenters and up comment and suggest;
 * only authors edit or withdraw; coordinators decide), then every member is told to refetch.
 */
export function reviewRoutes(ctx: ServerContext) {
  const app = new Hono<AppEnv>();
  const { repo, service } = ctx.review;
  app.use('*', requireUser(ctx));

  /** Same 404 for a malformed id, an unknown draft and a draft the caller is not in. */
  function access(c: Context<AppEnv>): { draft: DraftRow; role: Role; userId: UserId } {
    return { ...draftAccess(ctx.drafts, c), userId: c.get('user').id };
  }

  const thread = (draft: DraftRow, id: string | undefined, kind?: ThreadRow['kind']): ThreadRow => {
    const t = id ? repo.findThread(draft.id, id) : undefined;
    if (!t || (kind && t.kind !== kind)) throw notFound(kind === 'suggestion' ? 'Suggestion' : 'Thread');
    return t;
  };
  const openSuggestion = (draft: DraftRow, id: string | undefined): ThreadRow => {
    const s = thread(draft, id, 'suggestion');
    if (s.status !== 'open') throw conflict('This suggestion has already been decided or withdrawn.');
    return s;
  };
  const changed = (draft: DraftRow) => ctx.registry.notify(draft.id, 'review');
  const requireComment = (role: Role) => {
    if (!canComment(role)) throw forbidden('Viewers can read comments but not write them.');
  };

  app.get('/:id/review', (c) => {
    const { draft, userId } = access(c);
    return c.json(service.state(draft.id, userId, repo.suggestionsOnly(draft.id)));
  });

  app.put('/:id/review-settings', async (c) => {
    const { draft, role } = access(c);
    if (!canManageDraft(role)) throw forbidden('Only a coordinator can start or end the review phase.');
    const body = await parseBody(c, ReviewSettingsSchema);
    const before = repo.suggestionsOnly(draft.id);
    repo.setSuggestionsOnly(draft.id, body.suggestionsOnly, new Date().toISOString());
    if (before !== body.suggestionsOnly) {
      // Editors' connections reopen with the new rights (read-only while suggestions only).
      for (const m of ctx.drafts.members(draft.id)) if (m.role === 'editor') ctx.registry.membershipChanged(draft.id, m.userId, false);
      ctx.logger.info('review phase changed', { draftId: draft.id, suggestionsOnly: body.suggestionsOnly, by: c.get('user').id });
    }
    changed(draft);
    return c.json({ suggestionsOnly: body.suggestionsOnly });
  });

  app.post('/:id/threads', async (c) => {
    const { draft, role, userId } = access(c);
    requireComment(role);
    const body = await parseBody(c, CreateThreadRequestSchema);
    const id = service.createThread(draft.id, userId, body.anchor, body.body, body.mentions);
    changed(draft);
    return c.json({ id }, 201);
  });

  app.post('/:id/threads/:threadId/comments', async (c) => {
    const { draft, role, userId } = access(c);
    requireComment(role);
    const t = thread(draft, c.req.param('threadId'));
    const body = await parseBody(c, ReplyRequestSchema);
    const id = service.reply(draft.id, t, userId, body.body, body.mentions);
    changed(draft);
    return c.json({ id }, 201);
  });

  app.put('/:id/threads/:threadId/status', async (c) => {
    const { draft, role, userId } = access(c);
    const t = thread(draft, c.req.param('threadId'), 'comment');
    if (!reviewPolicy.canResolve(t, userId, role)) throw forbidden('Only the thread’s author, editors and coordinators can resolve or reopen it.');
    const body = await parseBody(c, ThreadStatusRequestSchema);
    repo.setStatus(t.id, body.status, userId, new Date().toISOString());
    changed(draft);
    return c.json({ ok: true });
  });

  app.patch('/:id/comments/:commentId', async (c) => {
    const { draft, userId } = access(c);
    const comment = repo.findComment(draft.id, c.req.param('commentId'));
    if (!comment) throw notFound('Comment');
    if (!reviewPolicy.canEditComment(comment, userId)) throw forbidden('Only its author can change a comment.');
    const body = await parseBody(c, EditCommentRequestSchema);
    const mentions = body.mentions && service.checkMentions(draft.id, body.mentions);
    repo.editComment(comment.id, body.body, mentions, new Date().toISOString());
    changed(draft);
    return c.json({ ok: true });
  });

  app.delete('/:id/comments/:commentId', (c) => {
    const { draft, role, userId } = access(c);
    const comment = repo.findComment(draft.id, c.req.param('commentId'));
    if (!comment) throw notFound('Comment');
    if (!reviewPolicy.canDeleteComment(comment, userId, role)) throw forbidden('Only its author or a coordinator can delete a comment.');
    const t = thread(draft, comment.threadId);
    repo.deleteComment(comment, t);
    changed(draft);
    return c.json({ ok: true });
  });

  app.post('/:id/suggestions', async (c) => {
    const { draft, role, userId } = access(c);
    if (!canSuggest(role)) throw forbidden('Viewers cannot make suggestions.');
    const body = await parseBody(c, CreateSuggestionRequestSchema);
    const id = service.createSuggestion(draft.id, userId, body);
    changed(draft);
    return c.json({ id }, 201);
  });

  app.patch('/:id/suggestions/:sid', async (c) => {
    const { draft, role, userId } = access(c);
    const s = openSuggestion(draft, c.req.param('sid'));
    if (!canSuggest(role) || !reviewPolicy.canWithdraw(s, userId)) throw forbidden('Only its author can change a suggestion.');
    const body = await parseBody(c, UpdateSuggestionRequestSchema);
    service.updateSuggestion(draft.id, s, body);
    changed(draft);
    return c.json({ ok: true });
  });

  app.delete('/:id/suggestions/:sid', (c) => {
    const { draft, userId } = access(c);
    const s = openSuggestion(draft, c.req.param('sid'));
    if (!reviewPolicy.canWithdraw(s, userId)) throw forbidden('Only its author can withdraw a suggestion; a coordinator can reject it.');
    service.reject(draft.id, s, userId, 'withdrawn');
    changed(draft);
    return c.json({ ok: true });
  });

  /** Accepts and rejects go to the audit log (who decided which suggestion, from where). */
  function recordDecision(c: Context<AppEnv>, draft: DraftRow, userId: UserId, suggestionId: string, accepted: boolean): void {
    ctx.audit.record({
      draftId: draft.id,
      actorId: userId,
      action: accepted ? 'suggestion.accepted' : 'suggestion.rejected',
      detail: { suggestionId },
      address: clientAddress(c),
    });
  }

  app.post('/:id/suggestions/:sid/:decision{accept|reject}', async (c) => {
    const { draft, role, userId } = access(c);
    if (!canDecide(role)) throw forbidden('Only a coordinator can accept or reject suggestions.');
    const s = openSuggestion(draft, c.req.param('sid'));
    const accepted = c.req.param('decision') === 'accept';
    if (accepted) await service.accept(draft.id, s, userId);
    else service.reject(draft.id, s, userId, 'rejected');
    recordDecision(c, draft, userId, s.id, accepted);
    changed(draft);
    return c.json({ decided: 1, skipped: 0 });
  });

  app.post('/:id/suggestions-decide', async (c) => {
    const { draft, role, userId } = access(c);
    if (!canDecide(role)) throw forbidden('Only a coordinator can accept or reject suggestions.');
    const body = await parseBody(c, DecideAllRequestSchema);
    const chosen = repo.openSuggestions(draft.id).filter((s) => !body.authorId || s.authorId === body.authorId);
    if (body.decision === 'reject') {
      for (const s of chosen) {
        service.reject(draft.id, s, userId, 'rejected');
        recordDecision(c, draft, userId, s.id, false);
      }
      changed(draft);
      return c.json({ decided: chosen.length, skipped: 0, refused: [] });
    }
    // One change for the lot, in document order; those that cannot apply stay open for a person to reject.
    const { accepted, refused } = await service.acceptBatch(draft.id, chosen, userId);
    for (const s of accepted) recordDecision(c, draft, userId, s.id, true);
    changed(draft);
    return c.json({ decided: accepted.length, skipped: refused.length, refused });
  });

  return app;
}
