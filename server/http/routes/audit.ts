import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { auditCsv, presentEntry } from '../../audit/present.ts';
import type { ServerContext } from '../../context.ts';
import type { AuditView } from '../../storage/audit-repo.ts';
import { requireUser } from '../authenticate.ts';
import { draftAccess, requireCoordinator } from '../draft-access.ts';
import type { AppEnv } from '../types.ts';
import { parseValue } from '../validate.ts';

const PageQuerySchema = z.object({
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  format: z.enum(['json', 'csv']).default('json'),
});

/** Most entries one CSV export holds (newest first when cut); bounds the memory of an export. */
const CSV_MAX_ROWS = 100_000;

/**
 * Answers one page of a log as JSON, or the whole log (bounded) as a CSV attachment. Shared by the
 * draft log (coordinators) and the instance log (administrators).
 */
export function auditPage(c: Context<AppEnv>, load: (beforeId: number, limit: number) => AuditView[], withAddress: boolean, filename: string) {
  const q = parseValue(PageQuerySchema, c.req.query(), 'query');
  if (q.format === 'csv') {
    const all: AuditView[] = [];
    let before = Number.MAX_SAFE_INTEGER;
    while (all.length < CSV_MAX_ROWS) {
      const page = load(before, 1000);
      all.push(...page);
      const last = page[page.length - 1];
      if (page.length < 1000 || !last) break;
      before = last.id;
    }
    c.header('Content-Disposition', `attachment; filename="${filename}"`);
    return c.body(auditCsv(all.reverse(), withAddress), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  }
  const page = load(q.before ?? Number.MAX_SAFE_INTEGER, q.limit);
  const last = page[page.length - 1];
  return c.json({ entries: page.map((v) => presentEntry(v, withAddress)), nextBefore: page.length === q.limit && last ? last.id : null });
}

/** GET /api/drafts/:id/audit: a draft's activity, for its coordinators. */
export function draftAuditRoutes(ctx: ServerContext) {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser(ctx));
  app.get('/', (c) => {
    const { draft, role } = draftAccess(ctx.drafts, c);
    requireCoordinator(role, 'Only a coordinator of this draft can see its activity log.');
    return auditPage(c, (before, limit) => ctx.audit.forDraft(draft.id, before, limit), false, `plenary-draft-${draft.id}-activity.csv`);
  });
  return app;
}
