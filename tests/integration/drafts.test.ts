import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, DraftListSchema, DraftSummarySchema, MemberListSchema } from '../../shared/api/index.ts';
import { addMember, api, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

let server: TestServer;
let adminCookie: string;
let coordinator: TestUser;
let editor: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  server = await startServer();
  adminCookie = await loginAdmin(server);
  [coordinator, editor, outsider] = await Promise.all([buildUser(server, adminCookie), buildUser(server, adminCookie), buildUser(server, adminCookie)]);
});

afterAll(async () => {
  await server?.dispose();
});

const errorOf = (body: unknown) => ApiErrorSchema.parse(body);
const UNKNOWN_ID = 'AAAAAAAAAAAAAAAAAAAAAA'; // well-formed, 22 characters, never issued
const MALFORMED_IDS = ['not-an-id', '..%2F..%2Fetc', 'A'.repeat(23), "x' OR '1'='1"];

async function draftWithEditor(title = 'Annex I amendments'): Promise<string> {
  const id = await buildDraft(server, coordinator.cookie, title);
  await addMember(server, coordinator.cookie, id, editor.email, 'editor');
  return id;
}

async function titleOf(id: string): Promise<string> {
  const res = await api(server, coordinator.cookie, 'GET', `/api/drafts/${id}`);
  return DraftSummarySchema.parse(res.body).title;
}

async function membersOf(id: string) {
  const res = await api(server, coordinator.cookie, 'GET', `/api/drafts/${id}/members`);
  expect(res.status).toBe(200);
  return MemberListSchema.parse(res.body).members;
}

describe('POST /api/drafts', () => {
  it('creates a draft whose creator is its only member, as coordinator', async () => {
    const res = await api(server, coordinator.cookie, 'POST', '/api/drafts', { title: '  Category 5 Part 2  ' });
    expect(res.status).toBe(201);
    const draft = DraftSummarySchema.parse(res.body);
    expect(draft).toMatchObject({ title: 'Category 5 Part 2', role: 'coordinator' });
    expect((await membersOf(draft.id)).map((m) => ({ userId: m.userId, role: m.role }))).toEqual([{ userId: coordinator.id, role: 'coordinator' }]);
  });

  it.each([
    ['empty', ''],
    ['whitespace-only', '   '],
    ['over 200 characters', 'x'.repeat(201)],
  ])('returns 400 naming the title when it is %s', async (_label, title) => {
    const res = await api(server, coordinator.cookie, 'POST', '/api/drafts', { title });
    expect(res.status).toBe(400);
    expect(errorOf(res.body).issues?.map((i) => i.path)).toEqual(['title']);
  });

  it('accepts a title of exactly 200 characters', async () => {
    const res = await api(server, coordinator.cookie, 'POST', '/api/drafts', { title: 'y'.repeat(200) });
    expect(res.status).toBe(201);
  });

  it('returns 400 for a body with fields beyond the title (mass assignment)', async () => {
    const res = await api(server, outsider.cookie, 'POST', '/api/drafts', { title: 'Mine', id: UNKNOWN_ID, createdBy: coordinator.id });
    expect(res.status).toBe(400);
    expect((await api(server, outsider.cookie, 'GET', `/api/drafts/${UNKNOWN_ID}`)).status).toBe(404);
  });
});

describe('GET /api/drafts', () => {
  it("lists only the caller's drafts, each with the caller's own role", async () => {
    const shared = await draftWithEditor('shared with editor');
    const privateOne = await buildDraft(server, coordinator.cookie, 'coordinator only');
    const res = await api(server, editor.cookie, 'GET', '/api/drafts');
    expect(res.status).toBe(200);
    const drafts = DraftListSchema.parse(res.body).drafts;
    const ids = drafts.map((d) => d.id);
    expect(ids).toContain(shared);
    expect(ids).not.toContain(privateOne);
    expect(drafts.find((d) => d.id === shared)?.role).toBe('editor');
    const outsiderList = DraftListSchema.parse((await api(server, outsider.cookie, 'GET', '/api/drafts')).body).drafts.map((d) => d.id);
    expect(outsiderList).not.toContain(shared);
    expect(outsiderList).not.toContain(privateOne);
  });

  it('returns 401 without a session', async () => {
    expect((await api(server, undefined, 'GET', '/api/drafts')).status).toBe(401);
  });
});

describe('drafts the caller cannot see', () => {
  it('answers an unknown id, malformed ids and a non-member with the same 404 body on every route', async () => {
    const existing = await draftWithEditor();
    const targets: Array<[string, string]> = [
      ['non-member', existing],
      ['unknown', UNKNOWN_ID],
      ...MALFORMED_IDS.map((id): [string, string] => [`malformed ${id}`, id]),
    ];
    const bodies = new Map<string, unknown>();
    for (const [label, id] of targets) {
      const requests = [
        api(server, outsider.cookie, 'GET', `/api/drafts/${id}`),
        api(server, outsider.cookie, 'PATCH', `/api/drafts/${id}`, { title: 'taken over' }),
        api(server, outsider.cookie, 'GET', `/api/drafts/${id}/members`),
        api(server, outsider.cookie, 'PUT', `/api/drafts/${id}/members`, { email: outsider.email, role: 'coordinator' }),
        api(server, outsider.cookie, 'DELETE', `/api/drafts/${id}/members/${coordinator.id}`),
      ];
      for (const [i, res] of (await Promise.all(requests)).entries()) {
        expect(res.status, `${label}, request ${i}`).toBe(404);
        bodies.set(`${label} ${i}`, res.body);
      }
    }
    const distinct = new Set([...bodies.values()].map((b) => JSON.stringify(b)));
    expect(distinct.size).toBe(1);
    expect(errorOf([...bodies.values()][0]).error).toBe('not_found');
    // And nothing happened to the real draft.
    expect(await titleOf(existing)).toBe('Annex I amendments');
    expect((await membersOf(existing)).map((m) => m.userId).sort()).toEqual([coordinator.id, editor.id].sort());
  });
});

describe('PATCH /api/drafts/:id', () => {
  it('renames the draft for a coordinator', async () => {
    const id = await draftWithEditor();
    const res = await api(server, coordinator.cookie, 'PATCH', `/api/drafts/${id}`, { title: 'Renamed' });
    expect(res.status).toBe(200);
    expect(DraftSummarySchema.parse(res.body).title).toBe('Renamed');
    expect(await titleOf(id)).toBe('Renamed');
  });

  it('returns 403 when an editor tries to rename, and leaves the title', async () => {
    const id = await draftWithEditor('Original');
    const res = await api(server, editor.cookie, 'PATCH', `/api/drafts/${id}`, { title: 'Hijacked' });
    expect(res.status).toBe(403);
    expect(errorOf(res.body).error).toBe('forbidden');
    expect(await titleOf(id)).toBe('Original');
  });

  it.each([
    ['empty', ''],
    ['over 200 characters', 'z'.repeat(201)],
  ])('returns 400 when the new title is %s', async (_label, title) => {
    const id = await draftWithEditor('Stays');
    const res = await api(server, coordinator.cookie, 'PATCH', `/api/drafts/${id}`, { title });
    expect(res.status).toBe(400);
    expect(errorOf(res.body).issues?.map((i) => i.path)).toEqual(['title']);
    expect(await titleOf(id)).toBe('Stays');
  });

  it('returns 400 for extra fields in the body (mass assignment), and changes nothing', async () => {
    const id = await draftWithEditor('Stays too');
    const res = await api(server, coordinator.cookie, 'PATCH', `/api/drafts/${id}`, { title: 'New', createdBy: outsider.id, role: 'coordinator' });
    expect(res.status).toBe(400);
    expect(errorOf(res.body).message).toMatch(/createdBy|role|unrecognized/i);
    expect(await titleOf(id)).toBe('Stays too');
  });
});

describe('GET /api/drafts/:id/members', () => {
  it('lists every member with name, email and role to any member', async () => {
    const id = await draftWithEditor();
    const res = await api(server, editor.cookie, 'GET', `/api/drafts/${id}/members`);
    expect(res.status).toBe(200);
    const members = MemberListSchema.parse(res.body).members;
    expect(members.map((m) => [m.email, m.role]).sort()).toEqual(
      [
        [coordinator.email, 'coordinator'],
        [editor.email, 'editor'],
      ].sort(),
    );
  });
});

describe('PUT /api/drafts/:id/members', () => {
  it('adds a member by email (201) and changes their role (200)', async () => {
    const id = await buildDraft(server, coordinator.cookie);
    const added = await api(server, coordinator.cookie, 'PUT', `/api/drafts/${id}/members`, { email: outsider.email.toUpperCase(), role: 'viewer' });
    expect(added.status).toBe(201);
    expect(MemberListSchema.parse(added.body).members.find((m) => m.userId === outsider.id)?.role).toBe('viewer');
    const changed = await api(server, coordinator.cookie, 'PUT', `/api/drafts/${id}/members`, { email: outsider.email, role: 'commenter' });
    expect(changed.status).toBe(200);
    expect((await membersOf(id)).find((m) => m.userId === outsider.id)?.role).toBe('commenter');
    const seen = await api(server, outsider.cookie, 'GET', `/api/drafts/${id}`);
    expect(DraftSummarySchema.parse(seen.body).role).toBe('commenter');
  });

  it('returns 403 when an editor tries to add a member or promote themselves', async () => {
    const id = await draftWithEditor();
    const add = await api(server, editor.cookie, 'PUT', `/api/drafts/${id}/members`, { email: outsider.email, role: 'editor' });
    const promote = await api(server, editor.cookie, 'PUT', `/api/drafts/${id}/members`, { email: editor.email, role: 'coordinator' });
    expect(add.status).toBe(403);
    expect(promote.status).toBe(403);
    expect((await membersOf(id)).map((m) => [m.userId, m.role]).sort()).toEqual(
      [
        [coordinator.id, 'coordinator'],
        [editor.id, 'editor'],
      ].sort(),
    );
  });

  it('returns 400 for an email without an account', async () => {
    const id = await buildDraft(server, coordinator.cookie);
    const res = await api(server, coordinator.cookie, 'PUT', `/api/drafts/${id}/members`, { email: 'no-such-account@plenary.test', role: 'editor' });
    expect(res.status).toBe(400);
    expect(errorOf(res.body).error).toBe('bad_request');
    expect(await membersOf(id)).toHaveLength(1);
  });

  it('returns 400 naming the role when it is not one of ours', async () => {
    const id = await buildDraft(server, coordinator.cookie);
    const res = await api(server, coordinator.cookie, 'PUT', `/api/drafts/${id}/members`, { email: outsider.email, role: 'owner' });
    expect(res.status).toBe(400);
    expect(errorOf(res.body).issues?.map((i) => i.path)).toEqual(['role']);
  });

  it('returns 400 for extra fields in the body (mass assignment)', async () => {
    const id = await buildDraft(server, coordinator.cookie);
    const res = await api(server, coordinator.cookie, 'PUT', `/api/drafts/${id}/members`, { email: outsider.email, role: 'viewer', userId: coordinator.id, isAdmin: true });
    expect(res.status).toBe(400);
    expect(await membersOf(id)).toHaveLength(1);
  });

  it('returns 409 when the last coordinator would be downgraded', async () => {
    const id = await draftWithEditor();
    const res = await api(server, coordinator.cookie, 'PUT', `/api/drafts/${id}/members`, { email: coordinator.email, role: 'editor' });
    expect(res.status).toBe(409);
    expect(errorOf(res.body).error).toBe('conflict');
    expect((await membersOf(id)).find((m) => m.userId === coordinator.id)?.role).toBe('coordinator');
  });

  it('lets a coordinator step down once another coordinator exists', async () => {
    const id = await draftWithEditor();
    await addMember(server, coordinator.cookie, id, editor.email, 'coordinator');
    const res = await api(server, coordinator.cookie, 'PUT', `/api/drafts/${id}/members`, { email: coordinator.email, role: 'editor' });
    expect(res.status).toBe(200);
    expect((await api(server, coordinator.cookie, 'PATCH', `/api/drafts/${id}`, { title: 'no longer mine' })).status).toBe(403);
  });
});

describe('DELETE /api/drafts/:id/members/:userId', () => {
  it('removes a member, who then gets the same 404 as for an unknown draft', async () => {
    const id = await draftWithEditor();
    const res = await api(server, coordinator.cookie, 'DELETE', `/api/drafts/${id}/members/${editor.id}`);
    expect(res.status).toBe(200);
    expect(MemberListSchema.parse(res.body).members.map((m) => m.userId)).toEqual([coordinator.id]);
    const seen = await api(server, editor.cookie, 'GET', `/api/drafts/${id}`);
    const unknown = await api(server, editor.cookie, 'GET', `/api/drafts/${UNKNOWN_ID}`);
    expect(seen.status).toBe(404);
    expect(seen.body).toEqual(unknown.body);
    const list = DraftListSchema.parse((await api(server, editor.cookie, 'GET', '/api/drafts')).body).drafts;
    expect(list.map((d) => d.id)).not.toContain(id);
  });

  it('returns 409 when removing the last coordinator', async () => {
    const id = await draftWithEditor();
    const res = await api(server, coordinator.cookie, 'DELETE', `/api/drafts/${id}/members/${coordinator.id}`);
    expect(res.status).toBe(409);
    expect((await membersOf(id)).map((m) => m.userId)).toContain(coordinator.id);
  });

  it('returns 403 when an editor tries to remove the coordinator', async () => {
    const id = await draftWithEditor();
    const res = await api(server, editor.cookie, 'DELETE', `/api/drafts/${id}/members/${coordinator.id}`);
    expect(res.status).toBe(403);
    expect(await membersOf(id)).toHaveLength(2);
  });

  it('returns 404 for a user who is not a member, or an id that is not an id', async () => {
    const id = await draftWithEditor();
    expect((await api(server, coordinator.cookie, 'DELETE', `/api/drafts/${id}/members/${outsider.id}`)).status).toBe(404);
    expect((await api(server, coordinator.cookie, 'DELETE', `/api/drafts/${id}/members/not-an-id`)).status).toBe(404);
    expect(await membersOf(id)).toHaveLength(2);
  });
});
