import Database from 'better-sqlite3';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema } from '../../shared/api/index.ts';
import { hashToken } from '../../server/auth/tokens.ts';
import { api, buildUser, loginAdmin, sessionCookieFrom, type TestUser } from '../helpers/api.ts';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { connectSynced, waitFor } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/**
 * Issue 5 items 3 and 5: login attempts are limited per account and per address (with a clear
 * message, and the same answer for an unknown email, so the limit reveals no account), and sessions
 * end after their idle and absolute lifetimes.
 */
const ATTEMPTS = 3;
let server: TestServer;
let adminCookie: string;

beforeAll(async () => {
  // The helper lifts the limit for other files; here it is small so a test can reach it.
  server = await startServer({ env: { LOGIN_ATTEMPTS_PER_15_MIN: String(ATTEMPTS), SESSION_CHECK_INTERVAL_MS: '200' } });
  adminCookie = await loginAdmin(server);
});
afterAll(async () => {
  await server?.dispose();
});

/** A login from a chosen loopback address (127.0.0.0/8 is all loopback on Linux), to tell addresses apart. */
function loginFrom(localAddress: string, email: string, password: string): Promise<{ status: number; body: unknown }> {
  const payload = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.url}/api/auth/login`,
      { method: 'POST', localAddress, headers: { origin: server.origin, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('login rate limits', () => {
  it('blocks an account after LOGIN_ATTEMPTS_PER_15_MIN wrong passwords, even for the right one, in any letter case, with a clear 429', async () => {
    const user = await buildUser(server, adminCookie);
    for (let i = 0; i < ATTEMPTS; i++) expect((await loginFrom('127.0.0.2', user.email, 'wrong password here')).status).toBe(401);
    const blocked = await loginFrom('127.0.0.2', user.email.toUpperCase(), user.password);
    expect(blocked.status).toBe(429);
    expect(ApiErrorSchema.parse(blocked.body).message).toBe('Too many login attempts. Wait 15 minutes and try again.');
    // The limit is the account's: from another address it is blocked too.
    expect((await loginFrom('127.0.0.3', user.email, user.password)).status).toBe(429);
    // Other accounts are not affected.
    const other = await buildUser(server, adminCookie);
    expect((await loginFrom('127.0.0.2', other.email, other.password)).status).toBe(200);
  });

  it('answers an unknown email exactly as a known one, so the limit reveals no account', async () => {
    const known = await buildUser(server, adminCookie);
    const unknown = 'nobody-here@plenary.test';
    const answers = async (email: string) => {
      const seen: unknown[] = [];
      for (let i = 0; i <= ATTEMPTS; i++) {
        const res = await loginFrom('127.0.0.4', email, 'wrong password here');
        seen.push({ status: res.status, body: res.body });
      }
      return seen;
    };
    expect(await answers(unknown)).toEqual(await answers(known.email));
  });

  it('forgives earlier failures after a successful login', async () => {
    const user = await buildUser(server, adminCookie);
    for (let i = 0; i < ATTEMPTS - 1; i++) expect((await loginFrom('127.0.0.5', user.email, 'wrong password here')).status).toBe(401);
    expect((await loginFrom('127.0.0.5', user.email, user.password)).status).toBe(200);
    for (let i = 0; i < ATTEMPTS - 1; i++) expect((await loginFrom('127.0.0.5', user.email, 'wrong password here')).status).toBe(401);
    expect((await loginFrom('127.0.0.5', user.email, user.password)).status).toBe(200);
  });

  it('blocks an address after five times as many attempts over any accounts, and only that address', async () => {
    const user = await buildUser(server, adminCookie);
    for (let i = 0; i < ATTEMPTS * 5; i++) expect((await loginFrom('127.0.0.6', `spray-${i}@plenary.test`, 'wrong password here')).status).toBe(401);
    expect((await loginFrom('127.0.0.6', user.email, user.password)).status).toBe(429);
    expect((await loginFrom('127.0.0.7', user.email, user.password)).status).toBe(200);
  });
});

describe('session lifetimes (SESSION_IDLE_MS, SESSION_ABSOLUTE_MS)', () => {
  let user: TestUser;
  const dbPath = () => path.join(server.dataDir, 'plenary.sqlite');
  const DAY = 24 * 3600 * 1000;

  beforeAll(async () => {
    user = await buildUser(server, adminCookie);
  });

  /** The stored id of the session behind a cookie (the server keeps only the token's hash). */
  const tokenHashOf = (cookie: string) => hashToken(cookie.slice(cookie.indexOf('=') + 1));

  /** Moves one session's clock back, as if that much time had passed. */
  function age(cookie: string, field: 'last_seen_at' | 'created_at', ms: number): void {
    const db = new Database(dbPath());
    const changed = db.prepare(`UPDATE sessions SET ${field} = ${field} - ? WHERE token_hash = ?`).run(ms, tokenHashOf(cookie)).changes;
    db.close();
    expect(changed).toBe(1);
  }

  /** The session row behind a cookie, if it is still stored. */
  function storedSession(cookie: string): { last_seen_at: number } | undefined {
    const db = new Database(dbPath(), { readonly: true });
    const row = db.prepare('SELECT last_seen_at FROM sessions WHERE token_hash = ?').get(tokenHashOf(cookie)) as { last_seen_at: number } | undefined;
    db.close();
    return row;
  }
  const sessionStored = (cookie: string) => storedSession(cookie) !== undefined;
  const lastSeen = (cookie: string) => storedSession(cookie)?.last_seen_at ?? 0;

  async function freshLogin(): Promise<string> {
    const res = await api(server, undefined, 'POST', '/api/auth/login', { email: user.email, password: user.password });
    const cookie = sessionCookieFrom(res.headers);
    if (!cookie) throw new Error('no session cookie');
    return cookie;
  }

  it('ends a session idle for longer than the idle lifetime (7 days by default), and removes it; use renews it', async () => {
    const cookie = await freshLogin();
    age(cookie, 'last_seen_at', 6 * DAY);
    expect((await api(server, cookie, 'GET', '/api/me')).status).toBe(200);
    // That request counted as use: another six quiet days are still within the lifetime.
    age(cookie, 'last_seen_at', 6 * DAY);
    expect((await api(server, cookie, 'GET', '/api/me')).status).toBe(200);
    age(cookie, 'last_seen_at', 8 * DAY);
    expect((await api(server, cookie, 'GET', '/api/me')).status).toBe(401);
    expect(sessionStored(cookie)).toBe(false);
    expect((await api(server, user.cookie, 'GET', '/api/me')).status).toBe(200);
  });

  it('ends a session older than the absolute lifetime (30 days by default) however recently it was used', async () => {
    const cookie = await freshLogin();
    age(cookie, 'created_at', 29 * DAY);
    expect((await api(server, cookie, 'GET', '/api/me')).status).toBe(200);
    age(cookie, 'created_at', 2 * DAY);
    expect((await api(server, cookie, 'GET', '/api/me')).status).toBe(401);
    expect(sessionStored(cookie)).toBe(false);
  });

  it('closes an open socket once its session passes the absolute lifetime (4401), and keeps a socket’s session from going idle', async () => {
    const cookie = await freshLogin();
    const draftId = (await api(server, cookie, 'POST', '/api/drafts', { title: 'Open for a long time' })).body as { id: string };
    const client = await connectSynced(server, cookie, draftId.id);
    try {
      // Six quiet days on the clock, but the socket is open: the next check counts it as use.
      age(cookie, 'last_seen_at', 6 * DAY);
      await waitFor(() => lastSeen(cookie) > Date.now() - 60_000, 3_000, 'the open socket to renew its session');
      expect(client.closes).toEqual([]);
      age(cookie, 'created_at', 31 * DAY);
      await waitFor(() => client.closes.length > 0, 3_000, 'the socket of the expired session to close');
      expect(client.closes[0]).toEqual({ code: CloseCode.Unauthenticated, reason: 'session expired' });
      expect(sessionStored(cookie)).toBe(false);
    } finally {
      client.destroy();
    }
  });
});
