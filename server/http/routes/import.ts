import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ImportDraftQuerySchema, type ImportDraftResponse } from '../../../shared/api/index.ts';
import type { DraftId } from '../../../shared/ids.ts';
import { LIMITS } from '../../../shared/limits.ts';
import { newId } from '../../auth/tokens.ts';
import type { ServerContext } from '../../context.ts';
import { badRequest, tooLarge } from '../../errors.ts';
import { buildImport, type ImportResult } from '../../import/build-import.ts';
import { UnreadableFile } from '../../import/file-to-text.ts';
import { validateDocument, writeInitialContent } from '../../import/initial-content.ts';
import type { DraftRow } from '../../storage/drafts-repo.ts';
import { requireUser } from '../authenticate.ts';
import { sameOriginWrites } from '../security.ts';
import type { AppEnv } from '../types.ts';
import { parseValue } from '../validate.ts';

/**
 * POST /api/drafts/import: a .docx, .md or .txt file becomes a NEW draft with its structure.
 * Mounted beside the API rather than inside it because files are allowed to be larger than JSON
 * bodies (IMPORT_MAX_BYTES instead of MAX_BODY_BYTES); it repeats the API's CSRF check.
 * Everything is read and checked before the draft is created, so a failure leaves nothing behind.
 */
export function importRoutes(ctx: ServerContext) {
  const app = new Hono<AppEnv>();
  const limit = ctx.config.importMaxBytes;
  app.use('*', sameOriginWrites(ctx.origins));
  app.use('*', requireUser(ctx));
  app.use(
    '*',
    bodyLimit({
      maxSize: limit,
      onError: () => {
        throw tooLarge(`The file is larger than the import limit of ${Math.round(limit / 1024)} KiB.`);
      },
    }),
  );

  app.post('/', async (c) => {
    const query = parseValue(ImportDraftQuerySchema, c.req.query(), 'query');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    let result: ImportResult;
    try {
      result = await buildImport(query.filename, bytes);
      validateDocument(result.json);
    } catch (err) {
      if (err instanceof UnreadableFile) throw badRequest(err.message);
      throw err;
    }
    const user = c.get('user');
    const title = (query.title ?? query.filename.replace(/\.[^.]+$/, '')).slice(0, LIMITS.draftTitleMax) || 'Imported draft';
    const now = new Date().toISOString();
    const draft: DraftRow = { id: newId() as DraftId, title, createdBy: user.id, createdAt: now, updatedAt: now };
    ctx.drafts.create(draft);
    await writeInitialContent(ctx.registry, draft.id, user.id, result.json);
    ctx.logger.info('draft imported', { draftId: draft.id, by: user.id, bytes: bytes.byteLength, entries: result.entries });
    const answer: ImportDraftResponse = {
      draft: { id: draft.id, title, role: 'coordinator', createdAt: now, updatedAt: now },
      entries: result.entries,
      definitions: result.definitions,
    };
    return c.json(answer, 201);
  });
  return app;
}
