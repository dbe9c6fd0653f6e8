import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/test-server.ts';

export interface ServedRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The full path with Hono's parameters, e.g. /api/drafts/:id/versions/:versionId. */
  path: string;
}

const HTTP_DIR = path.join(REPO_ROOT, 'server/http');

/**
 * Every API route the server defines, read from its source: each router mounted in
 * server/http/app.ts (`api.route(prefix, xRoutes(…))` under /api, `app.route(prefix, …)` as is),
 * and each `app.get|post|put|patch|delete('path'` in that router's file. Reading the source, not a
 * list kept by hand, is what lets the authorization matrix notice a route added without a row.
 */
export function routesServed(): ServedRoute[] {
  const appSource = fs.readFileSync(path.join(HTTP_DIR, 'app.ts'), 'utf8');
  const fileOf = new Map<string, string>();
  for (const m of appSource.matchAll(/import \{ (\w+Routes) \} from '\.\/routes\/([\w-]+\.ts)'/g)) fileOf.set(m[1] ?? '', m[2] ?? '');
  const routes: ServedRoute[] = [];
  for (const m of appSource.matchAll(/\b(api|app)\.route\('([^']*)', (\w+Routes)\(/g)) {
    const base = m[1] === 'api' ? '/api' : '';
    const file = fileOf.get(m[3] ?? '');
    if (!file) throw new Error(`app.ts mounts ${m[3]} but does not import it from ./routes/`);
    const source = fs.readFileSync(path.join(HTTP_DIR, 'routes', file), 'utf8');
    for (const r of source.matchAll(/\bapp\.(get|post|put|patch|delete)\(\s*'([^']*)'/g)) {
      const full = `${base}${m[2]}${r[2]}`.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
      routes.push({ method: (r[1] ?? '').toUpperCase() as ServedRoute['method'], path: full });
    }
  }
  return routes;
}
