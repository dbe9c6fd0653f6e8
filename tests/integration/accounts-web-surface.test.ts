import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../server/auth/tokens.ts';
import { CONTENT_SECURITY_POLICY } from '../../server/http/security.ts';
import { api, buildDraft, buildUser, login, loginAdmin, sessionCookieFrom } from '../helpers/api.ts';
import { connectClient, waitFor } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

describe('CSRF: cookie-authenticated writes must come from Plenary itself', () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startServer();
    cookie = (await buildUser(server, await loginAdmin(server))).cookie;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('refuses a cross-site HTML form POST carrying the session cookie, and creates nothing', async () => {
    const before = await api(server, cookie, 'GET', '/api/drafts');
    const res = await fetch(`${server.url}/api/drafts`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'title=planted',
    });
    expect(res.status).toBe(403);
    expect((await api(server, cookie, 'GET', '/api/drafts')).body).toEqual(before.body);
  });

  it('refuses a write whose Origin is ours but which the browser marks cross-site, and one with no Origin', async () => {
    expect((await api(server, cookie, 'POST', '/api/drafts', { title: 'x' }, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await api(server, cookie, 'POST', '/api/drafts', { title: 'x' }, { origin: null })).status).toBe(403);
    expect((await api(server, cookie, 'POST', '/api/drafts', { title: 'x' }, { origin: 'http://127.0.0.1.evil.example' })).status).toBe(403);
  });

  it('accepts the same write from our own origin (same-origin fetch metadata)', async () => {
    expect((await api(server, cookie, 'POST', '/api/drafts', { title: 'ok' }, { headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(201);
  });

  it('puts the security headers on every kind of response, with a CSP that allows no inline script', async () => {
    const paths = ['/', '/login', '/api/me', '/api/health', '/api/no-such-route', '/assets/missing.js'];
    for (const p of paths) {
      const res = await fetch(`${server.url}${p}`);
      const h = res.headers;
      expect(h.get('content-security-policy'), p).toBe(CONTENT_SECURITY_POLICY);
      expect(h.get('x-content-type-options'), p).toBe('nosniff');
      expect(h.get('referrer-policy'), p).toBe('no-referrer');
      expect(h.get('x-frame-options'), p).toBe('DENY');
      await res.body?.cancel();
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/object-src 'none'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/frame-ancestors 'none'/);
    const api401 = await fetch(`${server.url}/api/me`);
    expect(api401.headers.get('cache-control')).toBe('no-store');
  });

  it('sends a plain (non-__Host-) HttpOnly cookie without Secure on plain http, and no HSTS', async () => {
    const res = await api(server, undefined, 'POST', '/api/auth/login', { email: server.admin.email, password: server.admin.password });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('plenary_session='));
    expect(set).toMatch(/HttpOnly/i);
    expect(set).not.toMatch(/;\s*Secure/i);
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('behind HTTPS (PUBLIC_URL=https://…)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { PUBLIC_URL: 'https://plenary.example.org' } });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('names the session cookie __Host- and marks it Secure, HttpOnly, Path=/ with no Domain, and sends HSTS', async () => {
    const res = await api(server, undefined, 'POST', '/api/auth/login', { email: server.admin.email, password: server.admin.password });
    expect(res.status).toBe(200);
    const set = res.headers.getSetCookie().find((c) => c.startsWith('__Host-plenary_session='));
    expect(set).toBeDefined();
    expect(set).toMatch(/;\s*Secure/i);
    expect(set).toMatch(/;\s*HttpOnly/i);
    expect(set).toMatch(/;\s*Path=\/(;|$)/i);
    expect(set).not.toMatch(/Domain=/i);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('accepts writes from the public https origin and makes invite links on it', async () => {
    const cookie = sessionCookieFrom((await api(server, undefined, 'POST', '/api/auth/login', { email: server.admin.email, password: server.admin.password })).headers);
    const res = await api(server, cookie, 'POST', '/api/invites', { email: 'https-invite@plenary.test' }, { origin: 'https://plenary.example.org' });
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body)).toContain('"url":"https://plenary.example.org/invite#');
  });
});

describe('logs', () => {
  it('hold no password, session token or draft text after a login, a failed login, an edit and a logout', async () => {
    const server = await startServer({ env: { LOG_LEVEL: 'debug' } });
    try {
      const admin = await loginAdmin(server);
      const password = 'zebra-paperclip-unique-7731';
      const wrongPassword = 'wrong-guess-tangerine-5524';
      const secretText = 'Draft text: surveillance exemption Q9XK-LEAKCHECK';
      const user = await buildUser(server, admin, { password });
      await api(server, undefined, 'POST', '/api/auth/login', { email: user.email, password: wrongPassword });
      const cookie = await login(server, user.email, password);
      const token = cookie.split('=')[1] ?? '';
      const draftId = await buildDraft(server, cookie, 'Logs test');
      const client = connectClient(server, cookie, draftId, { hello: true });
      await waitFor(() => client.provider.synced, 10_000, 'sync');
      const clock = client.type(secretText);
      await waitFor(() => client.ackedClock() >= clock, 10_000, 'the edit to be acknowledged');
      client.destroy();
      expect((await api(server, cookie, 'POST', '/api/auth/logout')).status).toBe(200);
      await waitFor(() => server.logEntries().some((e) => e.msg === 'login'), 5_000, 'a login log line');
      const logs = server.logs();
      expect(logs.length).toBeGreaterThan(500);
      for (const secret of [password, wrongPassword, server.admin.password, token, hashToken(token), secretText, 'LEAKCHECK']) {
        expect(logs.includes(secret), `the logs contain ${secret.slice(0, 6)}…`).toBe(false);
      }
    } finally {
      await server.dispose();
    }
  });
});
