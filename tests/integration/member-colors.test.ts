import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemberListSchema } from '../../shared/api/index.ts';
import { COLLABORATOR_PALETTE } from '../../shared/palette.ts';
import { addMember, api, buildDraft, buildUser, login, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, waitFor } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/**
 * A colour per member of a draft (not per account): people working in one draft never share a
 * colour by chance. The colour is chosen when someone joins (the first one no current member has),
 * is the one others see on their presence, and older databases get distinct colours in join order.
 */
let server: TestServer;
let adminCookie: string;

beforeAll(async () => {
  server = await startServer();
  adminCookie = await loginAdmin(server);
});

afterAll(async () => {
  await server?.dispose();
});

async function colorsIn(draftId: string, cookie: string): Promise<Map<string, string>> {
  const res = await api(server, cookie, 'GET', `/api/drafts/${draftId}/members`);
  expect(res.status).toBe(200);
  return new Map(MemberListSchema.parse(res.body).members.map((m) => [m.userId, m.color]));
}

describe('colours of a draft’s members', () => {
  let coordinator: TestUser;
  let first: TestUser;
  let second: TestUser;
  let third: TestUser;

  beforeAll(async () => {
    coordinator = await buildUser(server, adminCookie);
    first = await buildUser(server, adminCookie);
    second = await buildUser(server, adminCookie);
    third = await buildUser(server, adminCookie);
  });

  it('gives the creator and each member who joins a different colour, the most distinct first', async () => {
    const draftId = await buildDraft(server, coordinator.cookie);
    for (const p of [first, second]) await addMember(server, coordinator.cookie, draftId, p.email, 'editor');
    const colors = await colorsIn(draftId, coordinator.cookie);
    expect([colors.get(coordinator.id), colors.get(first.id), colors.get(second.id)]).toEqual(COLLABORATOR_PALETTE.slice(0, 3));
  });

  it('keeps a colour when the role changes, frees it when someone leaves, and gives the first free one on rejoining', async () => {
    const draftId = await buildDraft(server, coordinator.cookie);
    for (const p of [first, second, third]) await addMember(server, coordinator.cookie, draftId, p.email, 'editor');
    const before = await colorsIn(draftId, coordinator.cookie);
    await addMember(server, coordinator.cookie, draftId, first.email, 'commenter');
    expect((await colorsIn(draftId, coordinator.cookie)).get(first.id)).toBe(before.get(first.id));

    // The second member (colour 2) leaves; someone new gets that free colour, not a fifth one.
    expect((await api(server, coordinator.cookie, 'DELETE', `/api/drafts/${draftId}/members/${second.id}`)).status).toBe(200);
    const newcomer = await buildUser(server, adminCookie);
    await addMember(server, coordinator.cookie, draftId, newcomer.email, 'editor');
    expect((await colorsIn(draftId, coordinator.cookie)).get(newcomer.id)).toBe(before.get(second.id));

    // The one who left comes back: the next colour nobody in the draft has now.
    await addMember(server, coordinator.cookie, draftId, second.email, 'editor');
    const after = await colorsIn(draftId, coordinator.cookie);
    expect(after.get(second.id)).toBe(COLLABORATOR_PALETTE[4]);
    expect(new Set(after.values()).size).toBe(after.size);
  });

  it('repeats colours only once all are in use, least used first', async () => {
    const draftId = await buildDraft(server, coordinator.cookie);
    const crowd = await Promise.all(Array.from({ length: COLLABORATOR_PALETTE.length }, () => buildUser(server, adminCookie)));
    for (const p of crowd) await addMember(server, coordinator.cookie, draftId, p.email, 'viewer');
    const colors = await colorsIn(draftId, coordinator.cookie);
    // 13 members: all 12 colours in use, and only the first one twice.
    expect(new Set(colors.values())).toEqual(new Set(COLLABORATOR_PALETTE));
    expect([...colors.values()].filter((c) => c === COLLABORATOR_PALETTE[0])).toHaveLength(2);
  });

  it('shows each person to the others in their colour in this draft, whatever their account claims', async () => {
    const draftId = await buildDraft(server, coordinator.cookie);
    await addMember(server, coordinator.cookie, draftId, third.email, 'editor');
    const colors = await colorsIn(draftId, coordinator.cookie);
    const a = await connectSynced(server, coordinator.cookie, draftId);
    const b = await connectSynced(server, third.cookie, draftId);
    try {
      a.provider.awareness.setLocalStateField('user', { name: 'x', color: '#000000' });
      b.provider.awareness.setLocalStateField('user', { name: 'y', color: '#000000' });
      const userSeenBy = (viewer: typeof a, other: typeof a) =>
        (viewer.provider.awareness.getStates().get(other.doc.clientID)?.user as { color?: string } | undefined)?.color;
      await waitFor(() => userSeenBy(a, b) === colors.get(third.id) && userSeenBy(b, a) === colors.get(coordinator.id), 5000, 'each to see the other in their draft colour');
      expect(userSeenBy(a, b)).not.toBe(userSeenBy(b, a));
    } finally {
      a.destroy();
      b.destroy();
    }
  });
});

describe('a database from before colours per member', () => {
  it('gives the members of each draft distinct colours in the order they joined', async () => {
    const old = await startServer();
    try {
      const cookie = await loginAdmin(old);
      const coordinator = await buildUser(old, cookie);
      const [x, y, z] = [await buildUser(old, cookie), await buildUser(old, cookie), await buildUser(old, cookie)];
      const draftId = await buildDraft(old, coordinator.cookie);
      for (const p of [x, y, z]) await addMember(old, coordinator.cookie, draftId, p.email, 'editor');
      await old.stop();

      // Turn the database back into what older versions left: no colour column, the migration not run,
      // and members who joined in an order that differs from the order their rows were written.
      const db = new Database(path.join(old.dataDir, 'plenary.sqlite'));
      db.exec("ALTER TABLE members DROP COLUMN color; DELETE FROM schema_migrations WHERE name = '0010-member-colors';");
      const joined = [z, coordinator, x, y];
      joined.forEach((p, i) => db.prepare('UPDATE members SET added_at = ? WHERE draft_id = ? AND user_id = ?').run(`2026-01-0${i + 1}T09:00:00.000Z`, draftId, p.id));
      db.close();

      const restarted = await startServer({ dataDir: old.dataDir });
      try {
        const members = MemberListSchema.parse((await api(restarted, await login(restarted, coordinator.email, coordinator.password), 'GET', `/api/drafts/${draftId}/members`)).body).members;
        const colors = new Map<string, string>(members.map((m) => [m.userId, m.color]));
        expect(joined.map((p) => colors.get(p.id))).toEqual(COLLABORATOR_PALETTE.slice(0, 4));
      } finally {
        await restarted.stop();
      }
    } finally {
      await old.dispose();
    }
  });
});
