import { Hono } from 'hono';
import { EXPORT_FORMATS, ExportFormatSchema, ExportQuerySchema, SYNOPSIS_FORMATS, type ExportFormat } from '../../../shared/api/export.ts';
import type { VersionId } from '../../../shared/ids.ts';
import { canManageDraft } from '../../../shared/roles.ts';
import type { ServerContext } from '../../context.ts';
import { badRequest, conflict, forbidden, notFound, rateLimited } from '../../errors.ts';
import { contentDisposition, FORMAT_FILES } from '../../exports/naming.ts';
import type { ContentSource, SourcedContent } from '../../exports/sources.ts';
import type { DraftRow } from '../../storage/drafts-repo.ts';
import { clientAddress, requireUser } from '../authenticate.ts';
import { draftAccess } from '../draft-access.ts';
import type { AppEnv } from '../types.ts';
import { parseValue } from '../validate.ts';

/** Exports are CPU-bound: past this many at once, further requests wait their turn as a 429. */
const MAX_CONCURRENT_EXPORTS = 4;

/**
 * GET /api/drafts/:id/export?format=…[&version=ID][&against=ID|baseline] — any member may export
 * what they may read; every export is recorded before the file is sent.
 * GET /api/drafts/:id/exports — the export log (coordinators).
 */
export function exportRoutes(ctx: ServerContext, source: ContentSource) {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser(ctx));
  let running = 0;



  app.get('/:id/export', async (c) => {
    const { draft } = draftAccess(ctx.drafts, c);
    const raw = c.req.query();
    if (!ExportFormatSchema.safeParse(raw.format).success) {
      throw badRequest(`Choose an export format: ${EXPORT_FORMATS.join(', ')}.`, [{ path: 'format', message: `must be one of ${EXPORT_FORMATS.join(', ')}` }]);
    }
    const query = parseValue(ExportQuerySchema, raw, 'query');
    const content = resolveContent(source, draft, query.format, query.version, query.against);
    if (running >= MAX_CONCURRENT_EXPORTS) throw rateLimited('The server is busy with other exports. Try again in a few seconds.');
    running++;
    let result;
    try {
      // Loaded on first use: the DOCX and PDF libraries are large and most processes never export.
      const { exportDocument } = await import('../../exports/exporter.ts');
      result = await exportDocument(query.format, content.json, {
        title: draft.title,
        versionLabel: content.label,
        comparisonLabel: content.comparison,
        date: content.date,
        draftId: draft.id,
      });
    } finally {
      running--;
    }
    const user = c.get('user');
    ctx.exportLog.record({
      draftId: draft.id,
      userId: user.id,
      format: query.format,
      versionId: query.version ?? null,
      againstId: content.againstId ?? null,
      contentHash: result.contentHash,
      bytes: result.body.byteLength,
      at: new Date().toISOString(),
    });
    ctx.audit.record({
      draftId: draft.id,
      actorId: user.id,
      action: 'export',
      detail: { format: query.format, versionId: query.version ?? null, againstId: content.againstId ?? null, contentHash: result.contentHash },
      address: clientAddress(c),
    });
    ctx.logger.info('draft exported', { draftId: draft.id, by: user.id, format: query.format, version: query.version, against: content.againstId, bytes: result.body.byteLength });
    if (result.unknownTypes.length) ctx.logger.warn('export met node types without a rendering', { draftId: draft.id, types: result.unknownTypes });

    const parts = content.comparison ? ['redline', content.againstLabel ?? '', 'to', content.label] : [content.label];
    c.header('Content-Type', FORMAT_FILES[query.format].contentType);
    c.header('Content-Disposition', contentDisposition(query.format, draft.title, parts));
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Hash', result.contentHash);
    // The HTML file carries its own policy (a meta tag: no script, its stylesheet only) so it stays
    // inert when opened from disk; over HTTP the app's global policy (http/security.ts) also applies.
    return c.body(new Uint8Array(result.body));
  });

  app.get('/:id/exports', (c) => {
    const { draft, role } = draftAccess(ctx.drafts, c);
    if (!canManageDraft(role)) throw forbidden('Only a coordinator of this draft can see its export log.');
    return c.json({ exports: ctx.exportLog.list(draft.id) });
  });

  return app;
}

interface ResolvedContent extends SourcedContent {
  comparison: string | undefined;
  againstId: VersionId | undefined;
  againstLabel: string | undefined;
}

/**
 * What to export: the live draft or a version, or the redline from `against` to it. Synopses are
 * always comparisons, against the baseline unless told otherwise. An unknown version, or one of
 * another draft, is a 404; `against` equal to `version` is an empty redline.
 */
function resolveContent(source: ContentSource, draft: DraftRow, format: ExportFormat, version: VersionId | undefined, against: VersionId | 'baseline' | undefined): ResolvedContent {
  const target = version ? source.version(draft.id, version) : source.current(draft.id);
  if (!target) throw notFound('Version');
  const wanted = against ?? (SYNOPSIS_FORMATS.includes(format) ? 'baseline' : undefined);
  if (!wanted) return { ...target, comparison: undefined, againstId: undefined, againstLabel: undefined };
  const fromId = wanted === 'baseline' ? source.baseline(draft.id) : wanted;
  if (!fromId) throw conflict('This draft has no baseline yet. Mark a version as the baseline, or choose a version to compare with.');
  const from = source.versionInfo(draft.id, fromId);
  if (!from) throw notFound('Version');
  const comparison = `Changes from ${from.name} to ${target.label}`;
  if (fromId === version) return { ...target, comparison, againstId: fromId, againstLabel: from.name };
  const redline = source.redline(draft.id, fromId, version ?? 'current');
  if (!redline) throw notFound('Version');
  return { ...redline, label: target.label, date: target.date, comparison, againstId: fromId, againstLabel: from.name };
}
