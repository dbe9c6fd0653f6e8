import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, buildDraft, field, loginAdmin, type ApiResponse } from '../helpers/api.ts';
import { waitFor } from '../helpers/wait.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { routesServed, type ServedRoute } from './route-inventory.ts';

/**
 * security.md "Bad input", for every API route the server defines (read from its source, so a new
 * route is covered without a new line here): malformed, non-object, deeply nested and mistyped
 * JSON bodies, and path parameters that are not ids — malformed percent-escapes, NUL, traversal,
 * overlong. Each gets a 4xx with a JSON message, never a 5xx, and the server stays up. Sent as the
 * administrator, who coordinates the draft, so authorization lets the request reach its parsing.
 */
const BAD_BODIES: Array<{ name: string; raw: string; contentType?: string }> = [
  { name: 'truncated JSON', raw: '{"name": "x", ' },
  { name: 'JSON null', raw: 'null' },
  { name: 'a JSON array', raw: '[1, 2, 3]' },
  { name: 'a JSON string', raw: '"just a string"' },
  { name: 'arrays nested 100,000 deep', raw: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
  { name: 'objects nested 20,000 deep', raw: `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}` },
  { name: 'a lone UTF-16 surrogate in a string', raw: '{"name": "\\ud800", "title": "\\ud800", "email": "\\ud800"}' },
  { name: 'valid JSON sent as text/plain', raw: '{"name": "x"}', contentType: 'text/plain' },
  { name: 'form-encoded fields', raw: 'name=x&title=y', contentType: 'application/x-www-form-urlencoded' },
];
const BAD_IDS: Array<{ name: string; id: string }> = [
  { name: 'a malformed percent-escape', id: '%E0%A4%A' },
  { name: 'a lone percent sign', id: '%' },
  { name: 'an escaped NUL', id: '%00' },
  { name: 'an escaped path traversal', id: '..%2F..%2Fetc%2Fpasswd' },
  { name: '4,000 characters', id: 'x'.repeat(4000) },
  { name: 'SQL', id: "1' OR '1'='1" },
];

describe('bad input on every API route', () => {
  let server: TestServer;
  let cookie: string;
  let params: Record<string, string>;
  const routes = routesServed();

  beforeAll(async () => {
    server = await startServer();
    cookie = await loginAdmin(server);
    const draftId = await buildDraft(server, cookie, 'Bad input draft');
    const version = await api(server, cookie, 'POST', `/api/drafts/${draftId}/versions`, { name: 'A version' });
    expect(version.status).toBe(201);
    params = { id: draftId, versionId: field(version.body, 'id') };
  });
  afterAll(async () => {
    await server?.dispose();
  });

  /** The route's path with its parameters filled: real ids where we have them, else `fill`. */
  const pathOf = (route: ServedRoute, fill: (name: string) => string) =>
    route.path.replace(/:(\w+)/g, (_, name: string) => fill(name)).replace(/\*$/, 'anything');

  /** Never a 5xx; a refusal is a 4xx that says why. (A route that takes no body may ignore it: 2xx.) */
  function expectNoServerError(res: ApiResponse, what: string): void {
    expect(res.status, what).toBeLessThan(500);
    if (res.status < 400) return;
    // 405 and the like may come from the router before our handlers; ours always say why.
    if (res.status !== 405) expect(typeof (res.body as { message?: unknown }).message, `${what}: a message`).toBe('string');
  }

  // Logging out would end the session the other requests use.
  const withBody = routes.filter((r) => r.method !== 'GET' && r.method !== 'DELETE' && r.path !== '/api/auth/logout');
  const bodyRefused = new Map<string, number>();

  it.each(BAD_BODIES)('never answers 5xx to $name on any route that takes a body, and refuses it with a message', async ({ name, raw, contentType }) => {
    expect(withBody.length).toBeGreaterThan(10);
    for (const route of withBody) {
      const path = pathOf(route, (name) => params[name] ?? 'AAAAAAAAAAAAAAAAAAAAAA');
      const res = await api(server, cookie, route.method, path, undefined, { rawBody: raw, contentType: contentType ?? 'application/json' }).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
      if (res instanceof Error) {
        // A route that answers before reading the body (404, 403) closes the connection if the
        // body has not drained within 500 ms (@hono/node-server): a refusal, as long as the
        // server lives on.
        expect(server.running(), `${route.method} ${path}: ${res.message}`).toBe(true);
      } else {
        expectNoServerError(res, `${route.method} ${path}`);
        if (res.status < 400) continue;
      }
      bodyRefused.set(name, (bodyRefused.get(name) ?? 0) + 1);
    }
    // Most routes read a body: the bad one must have been refused, not slipped through.
    expect(bodyRefused.get(name) ?? 0).toBeGreaterThan(withBody.length / 2);
    expect(server.running()).toBe(true);
    // The pooled connection may be one the server is closing for an undrained body (above): a
    // failed send on it says nothing about the server, so the health check may take a fresh one.
    await waitFor(async () => (await api(server, undefined, 'GET', '/api/health').catch(() => undefined))?.status === 200, 5000, 'the health check');
  });

  it.each(BAD_IDS)('never answers 5xx when a path parameter is $name, and refuses it with a message', async ({ id: bad }) => {
    const withParams = routes.filter((r) => r.path.includes(':'));
    expect(withParams.length).toBeGreaterThan(10);
    for (const route of withParams) {
      // One parameter wrong at a time, the others real, so each is checked on its own.
      for (const wrong of route.path.match(/:(\w+)/g) ?? []) {
        const path = pathOf(route, (name) => (`:${name}` === wrong ? bad : (params[name] ?? 'AAAAAAAAAAAAAAAAAAAAAA')));
        const res = await api(server, cookie, route.method, path, route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
        expectNoServerError(res, `${route.method} ${path.slice(0, 120)}`);
        expect(res.status, `${route.method} ${path.slice(0, 120)} is refused`).toBeGreaterThanOrEqual(400);
      }
    }
    expect(server.running()).toBe(true);
  });
});
