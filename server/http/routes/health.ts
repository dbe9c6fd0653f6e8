import { Hono } from 'hono';
import type { ServerContext } from '../../context.ts';
import type { AppEnv } from '../types.ts';

/** GET /api/health: no authentication, no draft data. */
export function healthRoutes(ctx: ServerContext, connections: () => number) {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => {
    const storageOk = ctx.writer.isHealthy();
    return c.json({ ok: storageOk, storage: storageOk ? 'ok' : 'unavailable', openDrafts: ctx.registry.size, connections: connections() }, storageOk ? 200 : 503);
  });
  return app;
}
