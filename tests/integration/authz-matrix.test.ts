import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReviewStateSchema, type Anchor } from '../../shared/api/review.ts';
import type { Role } from '../../shared/roles.ts';
import { addMember, api, buildDraft, buildUser, field, login, loginAdmin, type Method, type TestUser } from '../helpers/api.ts';
import { connectSynced, expectRefused, rawSocket, readDraftText, waitFor } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { anchorOn, pointAt, writeParagraphs } from './review-support.ts';
import { routesServed } from './route-inventory.ts';

/**
 * [A1] The authorization matrix (issue 5 item 10): every API route and the websocket, for each role
 * in a draft, a logged-in non-member, a disabled account (whose session row still exists, so the
 * disabled check itself is what refuses it) and an anonymous request, with the status the server
 * must answer. A last test reads the routes the server defines and fails if one has no row here:
 * a route added later must be added to this table.
 */
type Actor = Role | 'nonMember' | 'disabled' | 'anonymous';
const ACTORS: Actor[] = ['coordinator', 'editor', 'commenter', 'viewer', 'nonMember', 'disabled', 'anonymous'];

/** What a case may need in its fresh draft. */
interface Fixture {
  draftId: string;
  /** A viewer the case may remove. */
  member: TestUser;
  /** Saved by the editor (so an editor may rename it, a commenter may not). */
  versionId: string;
  /** A comment thread by the commenter, and its first comment. */
  threadId: string;
  commentId: string;
  /** An insertion suggested by the commenter. */
  suggestionId: string;
  /** On the words "intrusion software", and just before "software" (review cases only). */
  anchor: Anchor | undefined;
  point: Anchor | undefined;
}

interface RouteCase {
  name: string;
  method: Method;
  /** `:id` draft, `:member` a member's user id, `:version`, `:thread`, `:comment`, `:suggestion`. */
  path: string;
  needs?: 'version' | 'review';
  body?: (f: Fixture) => unknown;
  /** Expected status per actor. A disabled account gets what an anonymous request gets. */
  expect: Record<Exclude<Actor, 'disabled'>, number>;
}

const members = (status: number) => ({ coordinator: status, editor: status, commenter: status, viewer: status });
/** Coordinators only; other members 403, non-members 404 (no existence oracle), anonymous 401. */
const coordinatorOnly = (status: number) => ({ coordinator: status, editor: 403, commenter: 403, viewer: 403, nonMember: 404, anonymous: 401 });
const everyMember = (status: number) => ({ ...members(status), nonMember: 404, anonymous: 401 });

const DRAFT_ROUTES: RouteCase[] = [
  { name: 'read the draft', method: 'GET', path: '/api/drafts/:id', expect: everyMember(200) },
  { name: 'rename the draft', method: 'PATCH', path: '/api/drafts/:id', body: () => ({ title: 'Renamed' }), expect: coordinatorOnly(200) },
  { name: 'list members', method: 'GET', path: '/api/drafts/:id/members', expect: everyMember(200) },
  { name: 'set a member', method: 'PUT', path: '/api/drafts/:id/members', body: (f) => ({ email: f.member.email, role: 'viewer' }), expect: coordinatorOnly(200) },
  { name: 'remove a member', method: 'DELETE', path: '/api/drafts/:id/members/:member', expect: coordinatorOnly(200) },
  // Versions (issue 8)
  { name: 'list versions', method: 'GET', path: '/api/drafts/:id/versions', expect: everyMember(200) },
  {
    name: 'save a version',
    method: 'POST',
    path: '/api/drafts/:id/versions',
    body: () => ({ name: 'Matrix version' }),
    expect: { coordinator: 201, editor: 201, commenter: 403, viewer: 403, nonMember: 404, anonymous: 401 },
  },
  { name: 'open a version', method: 'GET', path: '/api/drafts/:id/versions/:version', needs: 'version', expect: everyMember(200) },
  {
    name: 'rename a version (coordinators any, editors their own)',
    method: 'PATCH',
    path: '/api/drafts/:id/versions/:version',
    needs: 'version',
    body: () => ({ name: 'Renamed version' }),
    expect: { coordinator: 200, editor: 200, commenter: 403, viewer: 403, nonMember: 404, anonymous: 401 },
  },
  {
    name: 'make a version the baseline',
    method: 'PATCH',
    path: '/api/drafts/:id/versions/:version',
    needs: 'version',
    body: () => ({ baseline: true }),
    expect: coordinatorOnly(200),
  },
  { name: 'compare with the live draft', method: 'GET', path: '/api/drafts/:id/compare?from=:version&to=current', needs: 'version', expect: everyMember(200) },
  { name: 'restore a version', method: 'POST', path: '/api/drafts/:id/versions/:version/restore', needs: 'version', expect: coordinatorOnly(200) },
  // Exports and logs
  { name: 'export', method: 'GET', path: '/api/drafts/:id/export?format=md', expect: everyMember(200) },
  { name: 'read the export log', method: 'GET', path: '/api/drafts/:id/exports', expect: coordinatorOnly(200) },
  { name: 'read the draft’s activity log', method: 'GET', path: '/api/drafts/:id/audit', expect: coordinatorOnly(200) },
  // Review (issue 6): the commenter wrote the thread, its comment and the suggestion.
  { name: 'read comments and suggestions', method: 'GET', path: '/api/drafts/:id/review', expect: everyMember(200) },
  { name: 'start the review phase', method: 'PUT', path: '/api/drafts/:id/review-settings', body: () => ({ suggestionsOnly: true }), expect: coordinatorOnly(200) },
  {
    name: 'open a comment thread',
    method: 'POST',
    path: '/api/drafts/:id/threads',
    needs: 'review',
    body: (f) => ({ anchor: f.anchor, body: 'Define this term?' }),
    expect: { ...members(201), viewer: 403, nonMember: 404, anonymous: 401 },
  },
  {
    name: 'reply',
    method: 'POST',
    path: '/api/drafts/:id/threads/:thread/comments',
    needs: 'review',
    body: () => ({ body: 'Agreed.' }),
    expect: { ...members(201), viewer: 403, nonMember: 404, anonymous: 401 },
  },
  {
    name: 'resolve a thread (its author, editors, coordinators)',
    method: 'PUT',
    path: '/api/drafts/:id/threads/:thread/status',
    needs: 'review',
    body: () => ({ status: 'resolved' }),
    expect: { ...members(200), viewer: 403, nonMember: 404, anonymous: 401 },
  },
  {
    name: 'edit a comment (its author only)',
    method: 'PATCH',
    path: '/api/drafts/:id/comments/:comment',
    needs: 'review',
    body: () => ({ body: 'Edited.' }),
    expect: { coordinator: 403, editor: 403, commenter: 200, viewer: 403, nonMember: 404, anonymous: 401 },
  },
  {
    name: 'delete a comment (its author or a coordinator)',
    method: 'DELETE',
    path: '/api/drafts/:id/comments/:comment',
    needs: 'review',
    expect: { coordinator: 200, editor: 403, commenter: 200, viewer: 403, nonMember: 404, anonymous: 401 },
  },
  {
    name: 'suggest an insertion',
    method: 'POST',
    path: '/api/drafts/:id/suggestions',
    needs: 'review',
    body: (f) => ({ anchor: f.point, insertText: ' and related ' }),
    expect: { ...members(201), viewer: 403, nonMember: 404, anonymous: 401 },
  },
  {
    name: 'change a suggestion (its author only)',
    method: 'PATCH',
    path: '/api/drafts/:id/suggestions/:suggestion',
    needs: 'review',
    body: () => ({ insertText: ' and similar ' }),
    expect: { coordinator: 403, editor: 403, commenter: 200, viewer: 403, nonMember: 404, anonymous: 401 },
  },
  {
    name: 'withdraw a suggestion (its author only)',
    method: 'DELETE',
    path: '/api/drafts/:id/suggestions/:suggestion',
    needs: 'review',
    expect: { coordinator: 403, editor: 403, commenter: 200, viewer: 403, nonMember: 404, anonymous: 401 },
  },
  { name: 'accept a suggestion', method: 'POST', path: '/api/drafts/:id/suggestions/:suggestion/accept', needs: 'review', expect: coordinatorOnly(200) },
  { name: 'reject a suggestion', method: 'POST', path: '/api/drafts/:id/suggestions/:suggestion/reject', needs: 'review', expect: coordinatorOnly(200) },
  { name: 'decide every suggestion', method: 'POST', path: '/api/drafts/:id/suggestions-decide', needs: 'review', body: () => ({ decision: 'reject' }), expect: coordinatorOnly(200) },
];

/** Instance routes: an administrator, a member (the editor), a disabled account and anonymous. */
interface InstanceCase {
  name: string;
  method: Method;
  /** `:target` is a fresh account the case may act on; `:session` one of the caller's other sessions. */
  path: string;
  body?: () => unknown;
  raw?: { body: string; contentType: string };
  /** Logs the caller in afresh for this case (for routes that end the caller's session). */
  freshSession?: boolean;
  expect: { admin: number; user: number; anonymous: number };
}

const loggedIn = (status: number) => ({ admin: status, user: status, anonymous: 401 });
const adminOnly = (status: number) => ({ admin: status, user: 403, anonymous: 401 });
const anyone = (status: number) => ({ admin: status, user: status, anonymous: status });
const uniqueEmail = () => `p-${Math.random().toString(36).slice(2)}@plenary.test`;
const NO_SUCH_TOKEN = 'A'.repeat(43);

const INSTANCE_ROUTES: InstanceCase[] = [
  { name: 'health', method: 'GET', path: '/api/health', expect: anyone(200) },
  { name: 'log in with a wrong password', method: 'POST', path: '/api/auth/login', body: () => ({ email: 'someone@plenary.test', password: 'not the password' }), expect: anyone(401) },
  { name: 'log out', method: 'POST', path: '/api/auth/logout', freshSession: true, expect: anyone(200) },
  { name: 'who am I', method: 'GET', path: '/api/me', expect: loggedIn(200) },
  { name: 'is setup needed', method: 'GET', path: '/api/setup', expect: anyone(200) },
  {
    name: 'set up an instance that is set up',
    method: 'POST',
    path: '/api/setup',
    body: () => ({ token: NO_SUCH_TOKEN, name: 'Mallory', email: uniqueEmail(), organisation: '', password: 'a long enough passphrase' }),
    expect: anyone(409),
  },
  { name: 'list accounts', method: 'GET', path: '/api/users', expect: adminOnly(200) },
  {
    name: 'create an account',
    method: 'POST',
    path: '/api/users',
    body: () => ({ name: 'New Person', email: uniqueEmail(), password: 'a-long-enough-passphrase' }),
    expect: adminOnly(201),
  },
  { name: 'list my drafts', method: 'GET', path: '/api/drafts', expect: loggedIn(200) },
  { name: 'create a draft', method: 'POST', path: '/api/drafts', body: () => ({ title: 'New' }), expect: loggedIn(201) },
  {
    name: 'import a draft',
    method: 'POST',
    path: '/api/drafts/import?filename=proposal.txt',
    raw: { body: '5.A.1.j. IP network communications surveillance systems\n', contentType: 'text/plain' },
    expect: loggedIn(201),
  },
  // The caller's own account
  { name: 'read my account', method: 'GET', path: '/api/account', expect: loggedIn(200) },
  { name: 'change my name and organisation', method: 'PATCH', path: '/api/account', body: () => ({ name: 'Same Person', organisation: 'Same Org' }), expect: loggedIn(200) },
  { name: 'change my password (wrong current one)', method: 'POST', path: '/api/account/password', body: () => ({ currentPassword: 'not my password', newPassword: 'a fresh passphrase here' }), expect: loggedIn(400) },
  { name: 'begin two-step login', method: 'POST', path: '/api/account/totp/setup', expect: loggedIn(200) },
  { name: 'confirm two-step login (wrong code)', method: 'POST', path: '/api/account/totp/confirm', body: () => ({ code: '000000' }), expect: loggedIn(400) },
  { name: 'turn two-step login off (wrong password)', method: 'POST', path: '/api/account/totp/disable', body: () => ({ password: 'not my password' }), expect: loggedIn(400) },
  { name: 'new recovery codes (wrong password)', method: 'POST', path: '/api/account/totp/recovery-codes', body: () => ({ password: 'not my password' }), expect: loggedIn(400) },
  { name: 'list my sessions', method: 'GET', path: '/api/account/sessions', expect: loggedIn(200) },
  { name: 'end one of my sessions', method: 'DELETE', path: '/api/account/sessions/:session', expect: loggedIn(200) },
  { name: 'end my other sessions', method: 'DELETE', path: '/api/account/sessions', expect: loggedIn(200) },
  // Invitations
  { name: 'list invitations', method: 'GET', path: '/api/invites', expect: adminOnly(200) },
  { name: 'invite', method: 'POST', path: '/api/invites', body: () => ({ email: uniqueEmail() }), expect: adminOnly(201) },
  { name: 'revoke an unknown invitation', method: 'DELETE', path: '/api/invites/no-such-invite', expect: adminOnly(404) },
  { name: 'look up an invitation', method: 'POST', path: '/api/invites/lookup', body: () => ({ token: NO_SUCH_TOKEN }), expect: anyone(404) },
  { name: 'accept an invitation', method: 'POST', path: '/api/invites/accept', body: () => ({ token: NO_SUCH_TOKEN, name: 'M', password: 'a long enough passphrase' }), expect: anyone(404) },
  // Administration
  { name: 'list accounts (admin)', method: 'GET', path: '/api/admin/users', expect: adminOnly(200) },
  { name: 'reset a password', method: 'POST', path: '/api/admin/users/:target/password', body: () => ({ password: 'a brand new passphrase' }), expect: adminOnly(200) },
  { name: 'disable an account', method: 'POST', path: '/api/admin/users/:target/disable', expect: adminOnly(200) },
  { name: 'enable an account', method: 'POST', path: '/api/admin/users/:target/enable', expect: adminOnly(200) },
  { name: 'reset a second factor', method: 'POST', path: '/api/admin/users/:target/totp/reset', expect: adminOnly(200) },
  { name: 'read instance settings', method: 'GET', path: '/api/admin/settings', expect: adminOnly(200) },
  { name: 'change instance settings', method: 'PUT', path: '/api/admin/settings', body: () => ({ requireTotp: false }), expect: adminOnly(200) },
  { name: 'read the instance audit log', method: 'GET', path: '/api/admin/audit', expect: adminOnly(200) },
  { name: 'verify the audit chain', method: 'GET', path: '/api/admin/audit/verify', expect: adminOnly(200) },
];

describe('[A1] authorization matrix', () => {
  let server: TestServer;
  let adminCookie: string;
  const people = {} as Record<Role | 'nonMember' | 'disabled', TestUser>;

  beforeAll(async () => {
    server = await startServer();
    adminCookie = await loginAdmin(server);
    for (const who of ['coordinator', 'editor', 'commenter', 'viewer', 'nonMember', 'disabled'] as const) {
      people[who] = await buildUser(server, adminCookie, { name: `Matrix ${who}` });
    }
  });
  afterAll(async () => {
    await server?.dispose();
  });

  /**
   * Marks the disabled actor disabled directly, keeping its session row: the admin route also
   * deletes sessions, which would hide a missing disabled check behind "no such session".
   */
  function setDisabled(disabled: boolean): void {
    const db = new Database(path.join(server.dataDir, 'plenary.sqlite'));
    db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(disabled ? new Date().toISOString() : null, people.disabled.id);
    db.close();
  }

  /** A fresh draft per case (renames, removals and decisions must not affect the next case). */
  async function freshDraft(needs: RouteCase['needs']): Promise<Fixture> {
    const draftId = await buildDraft(server, people.coordinator.cookie, 'Matrix draft');
    for (const role of ['editor', 'commenter', 'viewer'] as const) await addMember(server, people.coordinator.cookie, draftId, people[role].email, role);
    // The disabled account is a member as editor: being disabled must outweigh membership.
    await addMember(server, people.coordinator.cookie, draftId, people.disabled.email, 'editor');
    const member = await buildUser(server, adminCookie, { name: 'Removable member' });
    await addMember(server, people.coordinator.cookie, draftId, member.email, 'viewer');
    const fixture: Fixture = { draftId, member, versionId: '', threadId: '', commentId: '', suggestionId: '', anchor: undefined, point: undefined };
    if (needs) {
      // Text first: anchors need words, and a version of an empty draft cannot be restored (409).
      const text = 'Category 5 Part 2 covers intrusion software.';
      const writer = await connectSynced(server, people.coordinator.cookie, draftId);
      writeParagraphs(writer.doc, [text]);
      await waitFor(async () => (await readDraftText(server, people.viewer.cookie, draftId)) === text, 10_000, 'the text on the server');
      fixture.anchor = anchorOn(writer.doc, 'intrusion software');
      fixture.point = pointAt(writer.doc, 'software');
      writer.destroy();
    }
    if (needs === 'version') {
      const saved = await api(server, people.editor.cookie, 'POST', `/api/drafts/${draftId}/versions`, { name: 'Saved by the editor' });
      expect(saved.status).toBe(201);
      fixture.versionId = field(saved.body, 'id');
    }
    if (needs === 'review') {
      const thread = await api(server, people.commenter.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: fixture.anchor, body: 'Which definition?' });
      expect(thread.status).toBe(201);
      fixture.threadId = field(thread.body, 'id');
      const state = ReviewStateSchema.parse((await api(server, people.commenter.cookie, 'GET', `/api/drafts/${draftId}/review`)).body);
      fixture.commentId = state.threads.find((t) => t.id === fixture.threadId)?.comments[0]?.id ?? '';
      expect(fixture.commentId).not.toBe('');
      const suggestion = await api(server, people.commenter.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, { anchor: fixture.point, insertText: 'intrusion ' });
      expect(suggestion.status).toBe(201);
      fixture.suggestionId = field(suggestion.body, 'id');
    }
    return fixture;
  }

  const cookieOf = (actor: Actor): string | undefined => (actor === 'anonymous' ? undefined : people[actor].cookie);

  for (const route of DRAFT_ROUTES) {
    for (const actor of ACTORS) {
      const expected = actor === 'disabled' ? route.expect.anonymous : route.expect[actor];
      it(`${route.method} ${route.path} (${route.name}) answers ${expected} to ${actor}`, async () => {
        const f = await freshDraft(route.needs);
        const target = route.path
          .replace(':id', f.draftId)
          .replace(':member', f.member.id)
          .replace(':version', f.versionId)
          .replace(':thread', f.threadId)
          .replace(':comment', f.commentId)
          .replace(':suggestion', f.suggestionId);
        if (actor === 'disabled') setDisabled(true);
        try {
          const res = await api(server, cookieOf(actor), route.method, target, route.body?.(f));
          expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(expected);
        } finally {
          if (actor === 'disabled') setDisabled(false);
        }
      });
    }
  }

  for (const route of INSTANCE_ROUTES) {
    for (const actor of ['admin', 'user', 'disabled', 'anonymous'] as const) {
      const expected = actor === 'disabled' ? route.expect.anonymous : route.expect[actor];
      it(`${route.method} ${route.path} (${route.name}) answers ${expected} to ${actor}`, async () => {
        const who = actor === 'admin' ? { email: server.admin.email, password: server.admin.password, cookie: adminCookie } : actor === 'user' ? people.editor : actor === 'disabled' ? people.disabled : undefined;
        let cookie = who?.cookie;
        if (who && route.freshSession) cookie = await login(server, who.email, who.password);
        let target = route.path;
        if (target.includes(':target')) target = target.replace(':target', (await buildUser(server, adminCookie, { name: 'Target account' })).id);
        if (target.includes(':session')) {
          // Another session of the caller (an anonymous caller has none: any id will do).
          const other = who ? await login(server, who.email, who.password) : undefined;
          const list = other ? ((await api(server, other, 'GET', '/api/account/sessions')).body as { sessions: Array<{ id: string; current: boolean }> }) : undefined;
          target = target.replace(':session', list?.sessions.find((s) => s.current)?.id ?? 'no-such-session');
        }
        if (actor === 'disabled') setDisabled(true);
        try {
          const res = route.raw
            ? await api(server, cookie, route.method, target, undefined, { rawBody: route.raw.body, contentType: route.raw.contentType })
            : await api(server, cookie, route.method, target, route.body?.());
          expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(expected);
        } finally {
          if (actor === 'disabled') setDisabled(false);
        }
      });
    }
  }

  describe('the websocket /collab/:draftId', () => {
    it.each(['coordinator', 'editor', 'commenter', 'viewer'] as const)('opens for a %s', async (role) => {
      const { draftId } = await freshDraft(undefined);
      const socket = await rawSocket(server, people[role].cookie, draftId);
      await socket.waitForFrame((f) => f[0] === 0, 5000);
      await socket.close();
    });
    it('is refused with 404 to a non-member, 401 to a disabled member and to an anonymous request, with no document byte sent', async () => {
      const { draftId } = await freshDraft(undefined);
      expect((await expectRefused(server, people.nonMember.cookie, draftId)).status).toBe(404);
      expect((await expectRefused(server, undefined, draftId)).status).toBe(401);
      setDisabled(true);
      try {
        expect((await expectRefused(server, people.disabled.cookie, draftId)).status).toBe(401);
      } finally {
        setDisabled(false);
      }
    });
  });

  it('has a row for every route the server defines', () => {
    const covered = new Set([...DRAFT_ROUTES, ...INSTANCE_ROUTES].map((r) => `${r.method} ${normalise(r.path)}`));
    const served = routesServed();
    expect(served.length).toBeGreaterThan(50);
    expect(served.filter((r) => !covered.has(`${r.method} ${normalise(r.path)}`))).toEqual([]);
  });
});

/** A route's shape: query dropped, every parameter (or filled-in placeholder) the same, a `{a|b}` alternative kept. */
function normalise(p: string): string {
  return p
    .replace(/\?.*$/, '')
    .replace(/\/+$/, '')
    .replace(/\/no-such-[a-z]+$/, '/:param')
    .replace(/:[A-Za-z]+\{([^}]*)\}/g, '{$1}')
    .replace(/\/(accept|reject)$/, '/{accept|reject}')
    .replace(/:[A-Za-z]+/g, ':param');
}
