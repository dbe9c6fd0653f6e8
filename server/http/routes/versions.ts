import { Hono, type Context } from 'hono';
import {
  CompareQuerySchema,
  CreateVersionRequestSchema,
  UpdateVersionRequestSchema,
} from '../../../shared/api/versions.ts';
import { VersionIdSchema, type VersionId } from '../../../shared/ids.ts';
import { canEditText, canManageDraft } from '../../../shared/roles.ts';
import type { ServerContext } from '../../context.ts';
import { badRequest, conflict, forbidden, isStorageUnavailable, notFound, storageUnavailable } from '../../errors.ts';
import type { DraftRow } from '../../storage/drafts-repo.ts';
import { RestoreRefused } from '../../versions/version-service.ts';
import { clientAddress, requireUser } from '../authenticate.ts';
import { draftAccess } from '../draft-access.ts';
import type { AppEnv } from '../types.ts';
import { parseBody } from '../validate.ts';

/** What the Save version dialog shows when storage cannot take the version now. */
const VERSION_NOT_SAVED = 'Storage is busy; your version was not saved. Try again in a moment.';

/**
 * Versions of a draft under /api/drafts/:id: list, save, open, rename / baseline, compare, restore.
 * Members browse and compare; editors also save; coordinators also set the baseline, rename any
 * version and restore (editors may rename the versions they saved).
 */
export function versionRoutes(ctx: ServerContext) {
  const app = new Hono<AppEnv>();
  app.use('/:id/versions/*', requireUser(ctx));
  app.use('/:id/versions', requireUser(ctx));
  app.use('/:id/compare', requireUser(ctx));

  /** Same answer for a malformed id, an unknown draft and a draft the caller is not a member of. */


  /** A version id of this draft, or 404 (a malformed id, and another draft's id, are unknown here). */
  function versionParam(c: Context<AppEnv>, draft: DraftRow): VersionId {
    const parsed = VersionIdSchema.safeParse(c.req.param('versionId'));
    if (!parsed.success || !ctx.versions.find(draft.id, parsed.data)) throw notFound('Version');
    return parsed.data;
  }

  app.get('/:id/versions', (c) => {
    const { draft } = draftAccess(ctx.drafts, c);
    return c.json(ctx.versions.list(draft.id));
  });

  app.post('/:id/versions', async (c) => {
    const { draft, role } = draftAccess(ctx.drafts, c);
    if (!canEditText(role)) throw forbidden('Only editors and coordinators can save a version.');
    const body = await parseBody(c, CreateVersionRequestSchema);
    const user = c.get('user');
    const version = await ctx.versions.save(draft.id, { name: body.name, kind: 'named', reason: 'saved', savedBy: user.id }).catch((err: unknown) => {
      if (!isStorageUnavailable(err)) throw err;
      ctx.logger.warn('version not saved: storage unavailable', { draftId: draft.id, err });
      throw storageUnavailable(VERSION_NOT_SAVED);
    });
    ctx.audit.record({ draftId: draft.id, actorId: user.id, action: 'version.saved', detail: { versionId: version.id, name: version.name, contentHash: version.contentHash }, address: clientAddress(c) });
    return c.json(version, 201);
  });

  app.get('/:id/versions/:versionId', (c) => {
    const { draft } = draftAccess(ctx.drafts, c);
    const opened = ctx.versions.open(draft.id, versionParam(c, draft));
    if (!opened) throw notFound('Version');
    return c.json(opened);
  });

  app.patch('/:id/versions/:versionId', async (c) => {
    const { draft, role } = draftAccess(ctx.drafts, c);
    const id = versionParam(c, draft);
    const body = await parseBody(c, UpdateVersionRequestSchema);
    const user = c.get('user');
    const version = ctx.versions.find(draft.id, id);
    if (!version) throw notFound('Version');
    if (body.baseline !== undefined && !canManageDraft(role)) throw forbidden('Only a coordinator can set the baseline.');
    if (body.name !== undefined && !canManageDraft(role) && !(canEditText(role) && version.savedBy?.userId === user.id)) {
      throw forbidden('Only a coordinator, or the editor who saved it, can rename this version.');
    }
    if (body.name !== undefined) ctx.versions.rename(draft.id, id, body.name);
    if (body.baseline !== undefined) ctx.versions.setBaseline(draft.id, id, body.baseline);
    ctx.audit.record({ draftId: draft.id, actorId: user.id, action: 'version.updated', detail: { versionId: id, ...body }, address: clientAddress(c) });
    return c.json(ctx.versions.find(draft.id, id));
  });

  app.get('/:id/compare', (c) => {
    const { draft } = draftAccess(ctx.drafts, c);
    const rawFrom = c.req.query('from');
    const rawTo = c.req.query('to');
    if (!rawFrom || !rawTo) throw badRequest('Say what to compare: ?from=VERSION&to=VERSION (or to=current).');
    // A malformed id names no version of this draft: 404, like an unknown one.
    const query = CompareQuerySchema.safeParse({ from: rawFrom, to: rawTo });
    if (!query.success) throw notFound('Version');
    const result = ctx.versions.compare(draft.id, query.data.from, query.data.to);
    if (!result) throw notFound('Version');
    return c.json(result);
  });

  app.post('/:id/versions/:versionId/restore', async (c) => {
    const { draft, role } = draftAccess(ctx.drafts, c);
    if (!canManageDraft(role)) throw forbidden('Only a coordinator can restore a version.');
    const id = versionParam(c, draft);
    const user = c.get('user');
    let result;
    try {
      result = await ctx.versions.restore(draft.id, id, user.id);
    } catch (err) {
      if (err instanceof RestoreRefused) throw conflict(err.message);
      throw err;
    }
    if (!result) throw notFound('Version');
    ctx.audit.record({ draftId: draft.id, actorId: user.id, action: 'version.restored', detail: { versionId: id, before: result.before.id }, address: clientAddress(c) });
    return c.json(result);
  });

  return app;
}
