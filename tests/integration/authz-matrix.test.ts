import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/roles.ts';
import { addMember, api, buildDraft, buildUser, loginAdmin, type Method, type TestUser } from '../helpers/api.ts';
import { expectRefused, rawSocket } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/**
 * [A1] The authorization matrix: every API route and the websocket, for each role in a draft, for
 * a logged-in non-member and for an anonymous request, with the status the server must answer.
 * Routes added by later capabilities append rows to DRAFT_ROUTES / INSTANCE_ROUTES.
 */
type Actor = Role | 'nonMember' | 'anonymous';
const ACTORS: Actor[] = ['coordinator', 'editor', 'commenter', 'viewer', 'nonMember', 'anonymous'];

interface RouteCase {
  name: string;
  method: Method;
  /** Path with `:id` for the draft and `:member` for a member's user id. */
  path: string;
  body?: (ctx: { memberEmail: string }) => unknown;
  /** Expected status per actor (the first matching entry wins; `member` = any of the four roles). */
  expect: Partial<Record<Actor | 'member', number>>;
}

const ok = (status: number) => ({ coordinator: status, editor: status, commenter: status, viewer: status });

const DRAFT_ROUTES: RouteCase[] = [
  { name: 'read the draft', method: 'GET', path: '/api/drafts/:id', expect: { ...ok(200), nonMember: 404, anonymous: 401 } },
  {
    name: 'rename the draft',
    method: 'PATCH',
    path: '/api/drafts/:id',
    body: () => ({ title: 'Renamed' }),
    expect: { coordinator: 200, editor: 403, commenter: 403, viewer: 403, nonMember: 404, anonymous: 401 },
  },
  { name: 'list members', method: 'GET', path: '/api/drafts/:id/members', expect: { ...ok(200), nonMember: 404, anonymous: 401 } },
  {
    name: 'set a member',
    method: 'PUT',
    path: '/api/drafts/:id/members',
    body: ({ memberEmail }) => ({ email: memberEmail, role: 'viewer' }),
    expect: { coordinator: 200, editor: 403, commenter: 403, viewer: 403, nonMember: 404, anonymous: 401 },
  },
  {
    name: 'remove a member',
    method: 'DELETE',
    path: '/api/drafts/:id/members/:member',
    expect: { coordinator: 200, editor: 403, commenter: 403, viewer: 403, nonMember: 404, anonymous: 401 },
  },
];

const INSTANCE_ROUTES: Array<Omit<RouteCase, 'expect'> & { expect: { admin: number; user: number; anonymous: number } }> = [
  { name: 'who am I', method: 'GET', path: '/api/me', expect: { admin: 200, user: 200, anonymous: 401 } },
  { name: 'list my drafts', method: 'GET', path: '/api/drafts', expect: { admin: 200, user: 200, anonymous: 401 } },
  { name: 'create a draft', method: 'POST', path: '/api/drafts', body: () => ({ title: 'New' }), expect: { admin: 201, user: 201, anonymous: 401 } },
  { name: 'list accounts', method: 'GET', path: '/api/users', expect: { admin: 200, user: 403, anonymous: 401 } },
  {
    name: 'create an account',
    method: 'POST',
    path: '/api/users',
    body: () => ({ name: 'New Person', email: `p-${Math.random().toString(36).slice(2)}@plenary.test`, password: 'a-long-enough-passphrase' }),
    expect: { admin: 201, user: 403, anonymous: 401 },
  },
  { name: 'health', method: 'GET', path: '/api/health', expect: { admin: 200, user: 200, anonymous: 200 } },
];

describe('[A1] authorization matrix', () => {
  let server: TestServer;
  let adminCookie: string;
  const people = {} as Record<Role | 'nonMember', TestUser>;

  beforeAll(async () => {
    server = await startServer();
    adminCookie = await loginAdmin(server);
    for (const who of ['coordinator', 'editor', 'commenter', 'viewer', 'nonMember'] as const) {
      people[who] = await buildUser(server, adminCookie, { name: `Matrix ${who}` });
    }
  });
  afterAll(async () => {
    await server?.dispose();
  });

  /** A fresh draft per case so that renames and removals do not affect the next. */
  async function freshDraft(): Promise<{ draftId: string; target: TestUser }> {
    const draftId = await buildDraft(server, people.coordinator.cookie, 'Matrix draft');
    for (const role of ['editor', 'commenter', 'viewer'] as const) await addMember(server, people.coordinator.cookie, draftId, people[role].email, role);
    const target = await buildUser(server, adminCookie, { name: 'Removable member' });
    await addMember(server, people.coordinator.cookie, draftId, target.email, 'viewer');
    return { draftId, target };
  }

  for (const route of DRAFT_ROUTES) {
    for (const actor of ACTORS) {
      const expected = route.expect[actor];
      if (expected === undefined) continue;
      it(`${route.method} ${route.path} (${route.name}) answers ${expected} to ${actor}`, async () => {
        const { draftId, target } = await freshDraft();
        const path = route.path.replace(':id', draftId).replace(':member', target.id);
        const cookie = actor === 'anonymous' ? undefined : people[actor].cookie;
        const res = await api(server, cookie, route.method, path, route.body?.({ memberEmail: target.email }));
        expect(res.status).toBe(expected);
      });
    }
  }

  for (const route of INSTANCE_ROUTES) {
    for (const actor of ['admin', 'user', 'anonymous'] as const) {
      it(`${route.method} ${route.path} (${route.name}) answers ${route.expect[actor]} to ${actor}`, async () => {
        const cookie = actor === 'admin' ? adminCookie : actor === 'user' ? people.editor.cookie : undefined;
        const res = await api(server, cookie, route.method, route.path, route.body?.({ memberEmail: '' }));
        expect(res.status).toBe(route.expect[actor]);
      });
    }
  }

  describe('the websocket /collab/:draftId', () => {
    it.each(['coordinator', 'editor', 'commenter', 'viewer'] as const)('opens for a %s', async (role) => {
      const { draftId } = await freshDraft();
      const socket = await rawSocket(server, people[role].cookie, draftId);
      await socket.waitForFrame((f) => f[0] === 0, 5000);
      await socket.close();
    });
    it('is refused with 404 to a non-member and 401 to an anonymous request, with no document byte sent', async () => {
      const { draftId } = await freshDraft();
      expect((await expectRefused(server, people.nonMember.cookie, draftId)).status).toBe(404);
      expect((await expectRefused(server, undefined, draftId)).status).toBe(401);
    });
  });
});
