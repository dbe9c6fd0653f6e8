import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountSchema, ApiErrorSchema, CreatedInviteSchema, MeSchema, RecoveryCodesSchema, SessionListSchema, TotpSetupSchema } from '../../shared/api/index.ts';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { totpCodeFor } from '../helpers/totp-code.ts';
import { api, buildDraft, buildUser, login, loginAdmin, sessionCookieFrom, type TestUser } from '../helpers/api.ts';
import { connectClient, expectRefused, rawSocket, waitFor } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

let server: TestServer;
let adminCookie: string;

beforeAll(async () => {
  server = await startServer();
  adminCookie = await loginAdmin(server);
});
afterAll(async () => {
  await server?.dispose();
});

const errorOf = (body: unknown) => ApiErrorSchema.parse(body);
const dbPath = () => path.join(server.dataDir, 'plenary.sqlite');

/** A code for the step after the current one: valid (±1 window) and never the one a confirm just used. */
const nextCode = (secret: string, offset = 1): string => totpCodeFor(secret, offset);

async function invite(email: string, organisation = 'Access Now') {
  const res = await api(server, adminCookie, 'POST', '/api/invites', { email, organisation, expiresInHours: 24 });
  expect(res.status).toBe(201);
  const created = CreatedInviteSchema.parse(res.body);
  return { ...created, token: created.url.split('#')[1] ?? '' };
}

describe('invitations (one-time, expiring, bound to an email and an organisation, revocable)', () => {
  it('creates an account bound to the invite’s email and organisation, logs it in, and refuses the link a second time', async () => {
    const inv = await invite('invited-ana@plenary.test', 'Access Now');
    expect(inv.url).toMatch(/\/invite#[A-Za-z0-9_-]{40,}$/);
    const lookup = await api(server, undefined, 'POST', '/api/invites/lookup', { token: inv.token });
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ email: 'invited-ana@plenary.test', organisation: 'Access Now' });

    const accepted = await api(server, undefined, 'POST', '/api/invites/accept', { token: inv.token, name: 'Ana Invited', password: 'a long passphrase for ana' });
    expect(accepted.status).toBe(201);
    expect(MeSchema.parse(accepted.body)).toMatchObject({ email: 'invited-ana@plenary.test', organisation: 'Access Now', name: 'Ana Invited', isAdmin: false });
    const cookie = sessionCookieFrom(accepted.headers);
    expect((await api(server, cookie, 'GET', '/api/me')).status).toBe(200);

    const again = await api(server, undefined, 'POST', '/api/invites/accept', { token: inv.token, name: 'Mallory', password: 'another long passphrase' });
    expect(again.status).toBe(404);
    const list = await api(server, adminCookie, 'GET', '/api/invites');
    expect(JSON.stringify(list.body)).toContain('"status":"used"');
  });

  it('refuses a revoked invite and an expired invite with the same answer', async () => {
    const revoked = await invite('revoked@plenary.test');
    expect((await api(server, adminCookie, 'DELETE', `/api/invites/${revoked.id}`)).status).toBe(200);
    const expired = await invite('expired@plenary.test');
    const db = new Database(dbPath());
    db.prepare('UPDATE invites SET expires_at = ? WHERE id = ?').run(Date.now() - 1000, expired.id);
    db.close();
    const a = await api(server, undefined, 'POST', '/api/invites/accept', { token: revoked.token, name: 'R', password: 'a long passphrase for r' });
    const b = await api(server, undefined, 'POST', '/api/invites/accept', { token: expired.token, name: 'E', password: 'a long passphrase for e' });
    expect(a.status).toBe(404);
    expect(b.status).toBe(404);
    expect(a.body).toEqual(b.body);
    expect((await api(server, undefined, 'POST', '/api/auth/login', { email: 'revoked@plenary.test', password: 'a long passphrase for r' })).status).toBe(401);
  });

  it('refuses a breached password at acceptance with a clear message, and leaves the invite usable', async () => {
    const inv = await invite('weak@plenary.test');
    const res = await api(server, undefined, 'POST', '/api/invites/accept', { token: inv.token, name: 'Weak', password: 'password1234' });
    expect(res.status).toBe(400);
    expect(errorOf(res.body).message).toMatch(/leaked/);
    expect((await api(server, undefined, 'POST', '/api/invites/lookup', { token: inv.token })).status).toBe(200);
  });

  it('lets only administrators create invites, and not for an email that already has an account', async () => {
    const user = await buildUser(server, adminCookie);
    expect((await api(server, user.cookie, 'POST', '/api/invites', { email: 'x@plenary.test' })).status).toBe(403);
    expect((await api(server, adminCookie, 'POST', '/api/invites', { email: user.email })).status).toBe(409);
  });
});

describe('administrators disable accounts and reset passwords', () => {
  it('ends a disabled account’s sessions and open sockets at once, and refuses its login with the generic message', async () => {
    const user = await buildUser(server, adminCookie);
    const draftId = await buildDraft(server, user.cookie);
    const client = connectClient(server, user.cookie, draftId);
    await waitFor(() => client.provider.wsconnected, 10_000, 'the socket to open');
    const res = await api(server, adminCookie, 'POST', `/api/admin/users/${user.id}/disable`);
    expect(res.status).toBe(200);
    await waitFor(() => client.closes.some((c) => c.code === CloseCode.Unauthenticated), 5_000, 'the socket to close with 4401');
    client.destroy();
    expect((await api(server, user.cookie, 'GET', '/api/me')).status).toBe(401);
    const refused = await api(server, undefined, 'POST', '/api/auth/login', { email: user.email, password: user.password });
    const unknown = await api(server, undefined, 'POST', '/api/auth/login', { email: 'nobody-at-all@plenary.test', password: user.password });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(unknown.body);

    expect((await api(server, adminCookie, 'POST', `/api/admin/users/${user.id}/enable`)).status).toBe(200);
    await login(server, user.email, user.password);
  });

  it('does not let an administrator disable their own account', async () => {
    const me = MeSchema.parse((await api(server, adminCookie, 'GET', '/api/me')).body);
    expect((await api(server, adminCookie, 'POST', `/api/admin/users/${me.id}/disable`)).status).toBe(409);
  });

  it('resets a password: the old one stops working, every session ends, breached passwords are refused', async () => {
    const user = await buildUser(server, adminCookie);
    const weak = await api(server, adminCookie, 'POST', `/api/admin/users/${user.id}/password`, { password: 'qwertyuiopasdf' });
    expect(weak.status).toBe(400);
    expect(errorOf(weak.body).message).toMatch(/leaked/);
    expect((await api(server, adminCookie, 'POST', `/api/admin/users/${user.id}/password`, { password: 'a brand new passphrase' })).status).toBe(200);
    expect((await api(server, user.cookie, 'GET', '/api/me')).status).toBe(401);
    expect((await api(server, undefined, 'POST', '/api/auth/login', { email: user.email, password: user.password })).status).toBe(401);
    await login(server, user.email, 'a brand new passphrase');
  });

  it('refuses account management to non-administrators', async () => {
    const user = await buildUser(server, adminCookie);
    const other = await buildUser(server, adminCookie);
    expect((await api(server, user.cookie, 'POST', `/api/admin/users/${other.id}/disable`)).status).toBe(403);
    expect((await api(server, user.cookie, 'GET', '/api/admin/users')).status).toBe(403);
    expect((await api(server, undefined, 'GET', '/api/admin/users')).status).toBe(401);
  });
});

describe('a member’s own sessions', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await buildUser(server, adminCookie);
  });

  it('lists each session with its device and last-seen time, marking the current one', async () => {
    const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
    const res = await api(server, undefined, 'POST', '/api/auth/login', { email: user.email, password: user.password }, { headers: { 'user-agent': firefox } });
    const cookie = sessionCookieFrom(res.headers);
    const list = SessionListSchema.parse((await api(server, cookie, 'GET', '/api/account/sessions')).body);
    expect(list.sessions.length).toBeGreaterThanOrEqual(2);
    const current = list.sessions.filter((s) => s.current);
    expect(current).toHaveLength(1);
    expect(current[0]?.device).toBe('Firefox on Windows');
    expect(Date.parse(current[0]?.lastSeenAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(Date.parse(current[0]?.expiresAt ?? '')).toBeGreaterThan(Date.now());
    // The list never carries the cookie value.
    expect(JSON.stringify(list)).not.toContain((cookie ?? '').split('=')[1] ?? 'missing');
  });

  it('revokes another session: its requests get 401 and its open socket closes', async () => {
    const other = await login(server, user.email, user.password);
    const draftId = await buildDraft(server, other);
    const client = connectClient(server, other, draftId);
    await waitFor(() => client.provider.wsconnected, 10_000, 'the socket to open');
    const mine = SessionListSchema.parse((await api(server, user.cookie, 'GET', '/api/account/sessions')).body);
    const otherList = SessionListSchema.parse((await api(server, other, 'GET', '/api/account/sessions')).body);
    const target = otherList.sessions.find((s) => s.current);
    expect(mine.sessions.some((s) => s.id === target?.id && !s.current)).toBe(true);
    expect((await api(server, user.cookie, 'DELETE', `/api/account/sessions/${target?.id ?? ''}`)).status).toBe(200);
    await waitFor(() => client.closes.some((c) => c.code === CloseCode.Unauthenticated), 5_000, 'the revoked session’s socket to close');
    client.destroy();
    expect((await api(server, other, 'GET', '/api/me')).status).toBe(401);
    expect((await api(server, user.cookie, 'GET', '/api/me')).status).toBe(200);
  });

  it('cannot revoke someone else’s session', async () => {
    const stranger = await buildUser(server, adminCookie);
    const theirs = SessionListSchema.parse((await api(server, stranger.cookie, 'GET', '/api/account/sessions')).body).sessions[0];
    expect((await api(server, user.cookie, 'DELETE', `/api/account/sessions/${theirs?.id ?? ''}`)).status).toBe(404);
    expect((await api(server, stranger.cookie, 'GET', '/api/me')).status).toBe(200);
  });

  it('changes the password: needs the current one, refuses a breached one, ends the other sessions', async () => {
    const other = await login(server, user.email, user.password);
    const wrong = await api(server, user.cookie, 'POST', '/api/account/password', { currentPassword: 'not my password', newPassword: 'a fresh passphrase here' });
    expect(wrong.status).toBe(400);
    const weak = await api(server, user.cookie, 'POST', '/api/account/password', { currentPassword: user.password, newPassword: 'iloveyou2024' });
    expect(weak.status).toBe(400);
    expect(errorOf(weak.body).issues?.[0]?.path).toBe('newPassword');
    const ok = await api(server, user.cookie, 'POST', '/api/account/password', { currentPassword: user.password, newPassword: 'a fresh passphrase here' });
    expect(ok.status).toBe(200);
    expect((await api(server, other, 'GET', '/api/me')).status).toBe(401);
    expect((await api(server, user.cookie, 'GET', '/api/me')).status).toBe(200);
    await login(server, user.email, 'a fresh passphrase here');
  });
});

describe('two-step login (TOTP, RFC 6238) with recovery codes', () => {
  it('enrols with a code, then asks for a code at login, refuses a replayed code, and accepts a recovery code once', async () => {
    const user = await buildUser(server, adminCookie);
    const setup = TotpSetupSchema.parse((await api(server, user.cookie, 'POST', '/api/account/totp/setup')).body);
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Plenary:/);
    expect((await api(server, user.cookie, 'POST', '/api/account/totp/confirm', { code: '000000' })).status).toBe(400);
    const confirmed = await api(server, user.cookie, 'POST', '/api/account/totp/confirm', { code: nextCode(setup.secret, 0) });
    expect(confirmed.status).toBe(200);
    const { recoveryCodes } = RecoveryCodesSchema.parse(confirmed.body);
    expect(recoveryCodes).toHaveLength(10);
    expect(AccountSchema.parse((await api(server, user.cookie, 'GET', '/api/account')).body).totp).toEqual({ enabled: true, recoveryCodesLeft: 10 });

    const creds = { email: user.email, password: user.password };
    const noCode = await api(server, undefined, 'POST', '/api/auth/login', creds);
    expect(noCode.status).toBe(401);
    expect(errorOf(noCode.body).error).toBe('second_factor_required');
    expect(sessionCookieFrom(noCode.headers)).toBeUndefined();
    // A wrong password still gets the generic answer: the second step reveals nothing.
    const wrongPassword = await api(server, undefined, 'POST', '/api/auth/login', { email: user.email, password: 'not the password at all' });
    expect(errorOf(wrongPassword.body).error).toBe('unauthenticated');

    const code = nextCode(setup.secret);
    const withCode = await api(server, undefined, 'POST', '/api/auth/login', { ...creds, code });
    expect(withCode.status).toBe(200);
    expect(sessionCookieFrom(withCode.headers)).toBeDefined();
    const replay = await api(server, undefined, 'POST', '/api/auth/login', { ...creds, code });
    expect(replay.status).toBe(401);

    const recovery = recoveryCodes[0] ?? '';
    expect((await api(server, undefined, 'POST', '/api/auth/login', { ...creds, code: recovery })).status).toBe(200);
    expect((await api(server, undefined, 'POST', '/api/auth/login', { ...creds, code: recovery })).status).toBe(401);
    expect(AccountSchema.parse((await api(server, user.cookie, 'GET', '/api/account')).body).totp.recoveryCodesLeft).toBe(9);

    // The database holds no recovery code in clear.
    const db = new Database(dbPath(), { readonly: true });
    const stored = db.prepare('SELECT code_hash FROM recovery_codes').all() as Array<{ code_hash: string }>;
    db.close();
    expect(stored.some((r) => recoveryCodes.includes(r.code_hash))).toBe(false);
  });

  it('lets an administrator require it: an account without it gets a session good only for setting it up', async () => {
    const refused = await api(server, adminCookie, 'PUT', '/api/admin/settings', { requireTotp: true });
    expect(refused.status).toBe(409);
    // The administrator enrols first.
    const setup = TotpSetupSchema.parse((await api(server, adminCookie, 'POST', '/api/account/totp/setup')).body);
    expect((await api(server, adminCookie, 'POST', '/api/account/totp/confirm', { code: nextCode(setup.secret, 0) })).status).toBe(200);
    const user = await buildUser(server, adminCookie);
    const draftId = await buildDraft(server, user.cookie);
    expect((await api(server, adminCookie, 'PUT', '/api/admin/settings', { requireTotp: true })).status).toBe(200);
    try {
      const res = await api(server, undefined, 'POST', '/api/auth/login', { email: user.email, password: user.password });
      expect(res.status).toBe(403);
      expect(errorOf(res.body).error).toBe('second_factor_setup_required');
      const cookie = sessionCookieFrom(res.headers);
      expect((await api(server, cookie, 'GET', `/api/drafts/${draftId}`)).status).toBe(401);
      expect((await api(server, user.cookie, 'GET', '/api/drafts')).status).toBe(401);
      expect((await expectRefused(server, cookie, draftId)).status).toBe(401);
      const mine = TotpSetupSchema.parse((await api(server, cookie, 'POST', '/api/account/totp/setup')).body);
      expect((await api(server, cookie, 'POST', '/api/account/totp/confirm', { code: nextCode(mine.secret, 0) })).status).toBe(200);
      expect((await api(server, cookie, 'GET', `/api/drafts/${draftId}`)).status).toBe(200);
      const socket = await rawSocket(server, cookie, draftId);
      await socket.close();
      expect((await api(server, cookie, 'POST', '/api/account/totp/disable', { password: user.password })).status).toBe(409);
    } finally {
      expect((await api(server, adminCookie, 'PUT', '/api/admin/settings', { requireTotp: false })).status).toBe(200);
    }
  });
});

describe('password rules on account creation (NIST SP 800-63B)', () => {
  it('refuses a breached password when an administrator creates an account, naming the field', async () => {
    const res = await api(server, adminCookie, 'POST', '/api/users', { name: 'Weak', email: 'weak-created@plenary.test', password: 'password1234' });
    expect(res.status).toBe(400);
    expect(errorOf(res.body).issues?.[0]?.path).toBe('password');
    expect(errorOf(res.body).message).toMatch(/leaked/);
  });
  it('accepts a passphrase without digits, capitals or symbols (no composition rules)', async () => {
    const res = await api(server, adminCookie, 'POST', '/api/users', { name: 'Phrase', email: 'phrase@plenary.test', password: 'quiet river under stone' });
    expect(res.status).toBe(201);
  });
});
