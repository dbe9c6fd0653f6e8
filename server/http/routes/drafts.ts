import { Hono } from 'hono';
import {
  CreateDraftRequestSchema,
  PutMemberRequestSchema,
  UpdateDraftRequestSchema,
  type DraftSummary,
} from '../../../shared/api/index.ts';
import { UserIdSchema, type DraftId } from '../../../shared/ids.ts';
import type { Role } from '../../../shared/roles.ts';
import { newId } from '../../auth/tokens.ts';
import type { ServerContext } from '../../context.ts';
import { badRequest, conflict, notFound } from '../../errors.ts';
import type { DraftRow } from '../../storage/drafts-repo.ts';
import { clientAddress, requireUser } from '../authenticate.ts';
import { draftAccess, requireCoordinator } from '../draft-access.ts';
import type { AppEnv } from '../types.ts';
import { parseBody } from '../validate.ts';
import { templateDocument } from '../../../shared/templates/index.ts';
import { writeInitialContent } from '../../import/initial-content.ts';

const toSummary = (d: DraftRow, role: Role): DraftSummary => ({
  id: d.id,
  title: d.title,
  role,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

/** Drafts and members under /api/drafts. */
export function draftRoutes(ctx: ServerContext) {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser(ctx));



  app.get('/', (c) => c.json({ drafts: ctx.drafts.listForUser(c.get('user').id).map((d) => toSummary(d, d.role)) }));

  app.post('/', async (c) => {
    const body = await parseBody(c, CreateDraftRequestSchema);
    const now = new Date().toISOString();
    const draft: DraftRow = { id: newId() as DraftId, title: body.title, createdBy: c.get('user').id, createdAt: now, updatedAt: now };
    ctx.drafts.create(draft);
    if (body.template) await writeInitialContent(ctx.registry, draft.id, draft.createdBy, templateDocument(body.template));
    ctx.logger.info('draft created', { draftId: draft.id, by: draft.createdBy });
    return c.json(toSummary(draft, 'coordinator'), 201);
  });

  app.get('/:id', (c) => {
    const { draft, role } = draftAccess(ctx.drafts, c);
    return c.json(toSummary(draft, role));
  });

  app.patch('/:id', async (c) => {
    const { draft, role } = draftAccess(ctx.drafts, c);
    requireCoordinator(role);
    const body = await parseBody(c, UpdateDraftRequestSchema);
    const now = new Date().toISOString();
    ctx.drafts.rename(draft.id, body.title, now);
    ctx.registry.notify(draft.id, 'draft');
    return c.json(toSummary({ ...draft, title: body.title, updatedAt: now }, role));
  });

  app.get('/:id/members', (c) => {
    const { draft } = draftAccess(ctx.drafts, c);
    return c.json({ members: ctx.drafts.members(draft.id) });
  });

  app.put('/:id/members', async (c) => {
    const { draft, role } = draftAccess(ctx.drafts, c);
    requireCoordinator(role);
    const body = await parseBody(c, PutMemberRequestSchema);
    const user = ctx.users.findByEmail(body.email);
    if (!user || user.disabledAt) throw badRequest(`No active account uses ${body.email}. Ask an administrator to create it first.`);
    const previous = ctx.drafts.roleOf(draft.id, user.id);
    if (previous === 'coordinator' && body.role !== 'coordinator' && ctx.drafts.coordinatorCount(draft.id) <= 1) {
      throw conflict('A draft needs at least one coordinator. Make someone else coordinator first.');
    }
    ctx.drafts.setMember(draft.id, user.id, body.role, new Date().toISOString());
    if (previous && previous !== body.role) ctx.registry.membershipChanged(draft.id, user.id, false);
    ctx.registry.notify(draft.id, 'members');
    ctx.logger.info('member set', { draftId: draft.id, userId: user.id, role: body.role, by: c.get('user').id });
    if (previous !== body.role) ctx.audit.record({ draftId: draft.id, actorId: c.get('user').id, action: previous ? 'member.role' : 'member.added', detail: { userId: user.id, member: user.name, role: body.role, previous: previous ?? null }, address: clientAddress(c) });
    return c.json({ members: ctx.drafts.members(draft.id) }, previous ? 200 : 201);
  });

  app.delete('/:id/members/:userId', (c) => {
    const { draft, role } = draftAccess(ctx.drafts, c);
    requireCoordinator(role);
    const parsed = UserIdSchema.safeParse(c.req.param('userId'));
    if (!parsed.success) throw notFound('Member');
    const previous = ctx.drafts.roleOf(draft.id, parsed.data);
    if (!previous) throw notFound('Member');
    if (previous === 'coordinator' && ctx.drafts.coordinatorCount(draft.id) <= 1) {
      throw conflict('A draft needs at least one coordinator. Make someone else coordinator first.');
    }
    ctx.drafts.removeMember(draft.id, parsed.data);
    ctx.registry.membershipChanged(draft.id, parsed.data, true);
    ctx.registry.notify(draft.id, 'members');
    ctx.logger.info('member removed', { draftId: draft.id, userId: parsed.data, by: c.get('user').id });
    ctx.audit.record({ draftId: draft.id, actorId: c.get('user').id, action: 'member.removed', detail: { userId: parsed.data, member: ctx.users.findById(parsed.data)?.name ?? null, previous }, address: clientAddress(c) });
    return c.json({ members: ctx.drafts.members(draft.id) });
  });

  return app;
}
