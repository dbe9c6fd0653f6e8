import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { serveStatic } from '@hono/node-server/serve-static';
import fs from 'node:fs';
import path from 'node:path';
import type { ServerContext } from '../context.ts';
import { HttpError, isStorageUnavailable, tooLarge } from '../errors.ts';
import { authRoutes } from './routes/auth.ts';
import { draftRoutes } from './routes/drafts.ts';
import { versionRoutes } from './routes/versions.ts';
import { importRoutes } from './routes/import.ts';
import { healthRoutes } from './routes/health.ts';
import { reviewRoutes } from './routes/review.ts';
import { exportRoutes } from './routes/export.ts';
import { versionsPortFrom } from '../exports/versions-port.ts';
import { createContentSource } from '../exports/sources.ts';
import { userRoutes } from './routes/users.ts';
import { accountRoutes } from './routes/account.ts';
import { adminRoutes } from './routes/admin.ts';
import { draftAuditRoutes } from './routes/audit.ts';
import { inviteRoutes } from './routes/invites.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { sameOriginWrites, securityHeaders } from './security.ts';
import { clientPage } from './client-page.ts';
import type { AppEnv } from './types.ts';

/** Seconds a client is told to wait before retrying a write the database could not take. */
const STORAGE_RETRY_AFTER_S = 5;

/** The HTTP application: security middleware, the JSON API under /api, and the built client. */
export function createHttpApp(ctx: ServerContext, connections: () => number) {
  const app = new Hono<AppEnv>();
  app.use('*', securityHeaders(ctx.config.secureCookies));

  const api = new Hono<AppEnv>();
  api.use('*', sameOriginWrites(ctx.origins));
  api.use(
    '*',
    bodyLimit({
      maxSize: ctx.config.maxBodyBytes,
      onError: () => {
        throw tooLarge(`The request body is over the limit of ${ctx.config.maxBodyBytes} bytes.`);
      },
    }),
  );
  api.route('/', authRoutes(ctx));
  api.route('/users', userRoutes(ctx));
  api.route('/drafts', draftRoutes(ctx));
  api.route('/drafts', versionRoutes(ctx));
  api.route('/drafts', reviewRoutes(ctx));
  api.route('/drafts', exportRoutes(ctx, createContentSource({ registry: ctx.registry, versions: versionsPortFrom(ctx.versions) })));
  api.route('/health', healthRoutes(ctx, connections));
  api.route('/account/sessions', sessionRoutes(ctx));
  api.route('/account', accountRoutes(ctx));
  api.route('/invites', inviteRoutes(ctx));
  api.route('/admin', adminRoutes(ctx));
  api.route('/drafts/:id/audit', draftAuditRoutes(ctx));
  api.all('*', (c) => c.json({ error: 'not_found', message: 'There is no such API endpoint.' }, 404));
  // Before /api: imported files have their own size limit (see routes/import.ts).
  app.route('/api/drafts/import', importRoutes(ctx));
  app.route('/api', api);

  const indexFile = path.join(ctx.config.clientDir, 'index.html');
  if (fs.existsSync(indexFile)) {
    // Read per request (it is small): a rebuilt client replaces the hashed asset names it refers to.
    const page = clientPage(ctx.config.clientDir);
    // Vite names every asset by a hash of its content, so a browser may keep each one for good:
    // reopening a draft then loads and compiles no script again (the page is asked for each time,
    // below, because a rebuilt client refers to new names).
    app.use(
      '/assets/*',
      serveStatic({
        root: path.relative(process.cwd(), ctx.config.clientDir),
        onFound: (_path, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable'),
      }),
    );
    // A missing asset (e.g. a chunk a stale tab asks for after an upgrade) is a 404, not the page:
    // HTML served as a script fails obscurely, and must never be cached as that asset.
    app.get('/assets/*', (c) => c.text('Not found.', 404, { 'Cache-Control': 'no-store' }));
    app.get('/favicon.svg', serveStatic({ path: path.relative(process.cwd(), path.join(ctx.config.clientDir, 'favicon.svg')) }));
    // Client-side routes all load the same page.
    app.get('*', (c) => {
      c.header('Cache-Control', 'no-cache');
      return c.html(page(c.req.path));
    });
  } else {
    app.get('*', (c) => c.text('The client is not built. Run `npm run build` (or `npm start`, which builds it).', 503));
  }

  app.onError((err, c) => {
    if (err instanceof HttpError) {
      // Storage comes back on its own: say when to try again (RFC 9110 §10.2.3), as for the case below.
      const headers = err.id === 'storage_unavailable' ? { 'Retry-After': String(STORAGE_RETRY_AFTER_S) } : undefined;
      return c.json({ error: err.id, message: err.message, ...(err.issues ? { issues: err.issues } : {}) }, err.status, headers);
    }
    if (isStorageUnavailable(err)) {
      ctx.logger.warn('request refused: the database cannot be written', { method: c.req.method, path: c.req.routePath, err });
      const message = 'The server cannot write to its database right now, so this was not saved. Try again in a moment.';
      return c.json({ error: 'storage_unavailable', message }, 503, { 'Retry-After': String(STORAGE_RETRY_AFTER_S) });
    }
    ctx.logger.error('unhandled error in request', { method: c.req.method, path: c.req.routePath, err });
    return c.json({ error: 'internal_error', message: 'Something went wrong on the server. Try again; if it persists, tell your administrator.' }, 500);
  });
  return app;
}
