import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, HealthSchema, MeSchema } from '../../shared/api/index.ts';
import { api, buildUser, field, login, loginAdmin, sessionCookieFrom, type TestUser } from '../helpers/api.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

let server: TestServer;
let adminCookie: string;
let member: TestUser;

beforeAll(async () => {
  server = await startServer();
  adminCookie = await loginAdmin(server);
  member = await buildUser(server, adminCookie);
});

afterAll(async () => {
  await server?.dispose();
});

/** The API error body, validated against the shared contract. */
const errorOf = (body: unknown) => ApiErrorSchema.parse(body);

describe('POST /api/auth/login', () => {
  it('sets an HttpOnly, SameSite session cookie and answers with the account', async () => {
    const res = await api(server, undefined, 'POST', '/api/auth/login', { email: member.email, password: member.password });
    expect(res.status).toBe(200);
    expect(MeSchema.parse(res.body)).toMatchObject({ id: member.id, email: member.email, isAdmin: false });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('plenary_session='));
    expect(setCookie).toBeDefined();
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=(Lax|Strict)/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
  });

  it('issues a new session id on every login', async () => {
    const first = await login(server, member.email, member.password);
    const second = await login(server, member.email, member.password);
    expect(first).not.toBe(second);
  });

  it('accepts the email in any letter case', async () => {
    const res = await api(server, undefined, 'POST', '/api/auth/login', { email: member.email.toUpperCase(), password: member.password });
    expect(res.status).toBe(200);
  });

  it('answers a wrong password and an unknown email with the same 401 body (no account enumeration)', async () => {
    const wrongPassword = await api(server, undefined, 'POST', '/api/auth/login', { email: member.email, password: 'not-the-password-at-all' });
    const unknownEmail = await api(server, undefined, 'POST', '/api/auth/login', { email: 'nobody-here@plenary.test', password: 'not-the-password-at-all' });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(errorOf(wrongPassword.body).error).toBe('unauthenticated');
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(sessionCookieFrom(wrongPassword.headers)).toBeUndefined();
    expect(sessionCookieFrom(unknownEmail.headers)).toBeUndefined();
  });

  it('returns 400 with a message when the body is not JSON', async () => {
    const res = await api(server, undefined, 'POST', '/api/auth/login', undefined, { rawBody: '{"email": "a@b.c", ' });
    expect(res.status).toBe(400);
    const err = errorOf(res.body);
    expect(err.error).toBe('bad_request');
    expect(err.message).toMatch(/JSON/);
  });

  it('returns 400 naming the field when the email is missing', async () => {
    const res = await api(server, undefined, 'POST', '/api/auth/login', { password: 'whatever-password' });
    expect(res.status).toBe(400);
    const err = errorOf(res.body);
    expect(err.issues?.map((i) => i.path)).toContain('email');
    expect(err.message).toContain('email');
  });

  it('returns 400 naming the field when the password has the wrong type', async () => {
    const res = await api(server, undefined, 'POST', '/api/auth/login', { email: member.email, password: 123456789012 });
    expect(res.status).toBe(400);
    const err = errorOf(res.body);
    expect(err.issues?.map((i) => i.path)).toEqual(['password']);
    expect(err.message).toContain('password');
  });

  it('returns 415 when the body is not declared as JSON', async () => {
    const res = await api(server, undefined, 'POST', '/api/auth/login', undefined, {
      rawBody: `email=${member.email}&password=${member.password}`,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
    expect(sessionCookieFrom(res.headers)).toBeUndefined();
  });
});

describe('POST /api/auth/logout', () => {
  it('ends the session: GET /api/me answers 401 with the old cookie afterwards', async () => {
    const cookie = await login(server, member.email, member.password);
    expect((await api(server, cookie, 'GET', '/api/me')).status).toBe(200);
    const res = await api(server, cookie, 'POST', '/api/auth/logout');
    expect(res.status).toBe(200);
    const me = await api(server, cookie, 'GET', '/api/me');
    expect(me.status).toBe(401);
    expect(errorOf(me.body).error).toBe('unauthenticated');
  });
});

describe('GET /api/me', () => {
  it('returns 401 without a session cookie', async () => {
    const res = await api(server, undefined, 'GET', '/api/me');
    expect(res.status).toBe(401);
    expect(errorOf(res.body).error).toBe('unauthenticated');
  });

  it('returns 401 for a garbage session cookie', async () => {
    const res = await api(server, 'plenary_session=garbage-that-is-no-session', 'GET', '/api/me');
    expect(res.status).toBe(401);
  });
});

describe('CSRF: cookie-authenticated writes', () => {
  const draftCount = async (cookie: string) => {
    const res = await api(server, cookie, 'GET', '/api/drafts');
    expect(res.status).toBe(200);
    return (res.body as { drafts: unknown[] }).drafts.length;
  };

  it('returns 403 for a POST without an Origin header, and changes nothing', async () => {
    const before = await draftCount(member.cookie);
    const res = await api(server, member.cookie, 'POST', '/api/drafts', { title: 'csrf without origin' }, { origin: null });
    expect(res.status).toBe(403);
    expect(errorOf(res.body).error).toBe('forbidden');
    expect(await draftCount(member.cookie)).toBe(before);
  });

  it('returns 403 for a POST from a foreign Origin, and changes nothing', async () => {
    const before = await draftCount(member.cookie);
    const res = await api(server, member.cookie, 'POST', '/api/drafts', { title: 'csrf from elsewhere' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await draftCount(member.cookie)).toBe(before);
  });

  it('returns 403 for a POST whose Origin differs only in the port', async () => {
    const res = await api(server, member.cookie, 'POST', '/api/drafts', { title: 'other port' }, { origin: `http://127.0.0.1:${server.port + 1}` });
    expect(res.status).toBe(403);
  });

  it('returns 403 for a POST marked cross-site by Sec-Fetch-Site even with our Origin', async () => {
    const res = await api(server, member.cookie, 'POST', '/api/drafts', { title: 'cross-site' }, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(403);
  });

  it('refuses a logout from a foreign Origin (the session stays valid)', async () => {
    const cookie = await login(server, member.email, member.password);
    const res = await api(server, cookie, 'POST', '/api/auth/logout', undefined, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await api(server, cookie, 'GET', '/api/me')).status).toBe(200);
  });
});

describe('POST /api/users', () => {
  it('returns 403 for a user who is not an administrator', async () => {
    const res = await api(server, member.cookie, 'POST', '/api/users', {
      name: 'Sneaky',
      email: 'sneaky@plenary.test',
      password: 'a-long-enough-password',
    });
    expect(res.status).toBe(403);
    expect(errorOf(res.body).error).toBe('forbidden');
    const login = await api(server, undefined, 'POST', '/api/auth/login', { email: 'sneaky@plenary.test', password: 'a-long-enough-password' });
    expect(login.status).toBe(401);
  });

  it('returns 401 without a session', async () => {
    const res = await api(server, undefined, 'POST', '/api/users', { name: 'Anon', email: 'anon@plenary.test', password: 'a-long-enough-password' });
    expect(res.status).toBe(401);
  });

  it('creates an account an administrator asks for, which can then log in', async () => {
    const res = await api(server, adminCookie, 'POST', '/api/users', {
      name: 'New Person',
      email: 'New.Person@Plenary.test',
      organisation: 'Ministry',
      password: 'new-person-password',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'New Person', email: 'new.person@plenary.test', organisation: 'Ministry', isAdmin: false });
    expect(field(res.body, 'id')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await login(server, 'new.person@plenary.test', 'new-person-password')).toMatch(/^plenary_session=/);
  });

  it('returns 409 for an email already in use, in any letter case', async () => {
    const res = await api(server, adminCookie, 'POST', '/api/users', { name: 'Twin', email: member.email.toUpperCase(), password: 'another-long-password' });
    expect(res.status).toBe(409);
    expect(errorOf(res.body).error).toBe('conflict');
    // The original account still has its own password.
    expect(await login(server, member.email, member.password)).toMatch(/^plenary_session=/);
  });

  it('returns 400 naming the field when the password is too short', async () => {
    const res = await api(server, adminCookie, 'POST', '/api/users', { name: 'Shorty', email: 'shorty@plenary.test', password: 'short' });
    expect(res.status).toBe(400);
    expect(errorOf(res.body).issues?.map((i) => i.path)).toEqual(['password']);
  });

  it('returns 400 naming each missing field', async () => {
    const res = await api(server, adminCookie, 'POST', '/api/users', { organisation: 'Nobody' });
    expect(res.status).toBe(400);
    const paths = errorOf(res.body).issues?.map((i) => i.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['name', 'email', 'password']));
  });

  it('returns 400 when isAdmin has the wrong type', async () => {
    const res = await api(server, adminCookie, 'POST', '/api/users', { name: 'Typed', email: 'typed@plenary.test', password: 'a-long-enough-password', isAdmin: 'yes' });
    expect(res.status).toBe(400);
    expect(errorOf(res.body).issues?.map((i) => i.path)).toEqual(['isAdmin']);
  });
});

describe('GET /api/health', () => {
  it('answers 200 without a session, with no draft data', async () => {
    const res = await api(server, undefined, 'GET', '/api/health');
    expect(res.status).toBe(200);
    const health = HealthSchema.strict().parse(res.body);
    expect(health).toMatchObject({ ok: true, storage: 'ok' });
  });
});

describe('security headers', () => {
  it('sends nosniff, a strict CSP and no-store on API answers', async () => {
    const res = await api(server, undefined, 'GET', '/api/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
