import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, api, buildDraft, buildUser, login, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, expectRefused, rawSocket, waitFor } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/**
 * security.md §1: the websocket upgrade is authenticated and authorised before the websocket
 * exists; a refusal is a plain HTTP status, and no byte of the document leaves the server.
 */
let server: TestServer;
let coordinator: TestUser;
let outsider: TestUser;
let draftId: string;
const SECRET = 'UNPUBLISHED-ENTRY-5A002';

beforeAll(async () => {
  server = await startServer();
  const adminCookie = await loginAdmin(server);
  [coordinator, outsider] = await Promise.all([buildUser(server, adminCookie), buildUser(server, adminCookie)]);
  draftId = await buildDraft(server, coordinator.cookie);
  const writer = await connectSynced(server, coordinator.cookie, draftId, { hello: true });
  writer.type(SECRET);
  await waitFor(() => writer.ackedClock() >= writer.ownClock(), 5000, 'the secret to be committed');
  writer.destroy();
});

afterAll(async () => {
  await server?.dispose();
});

/** Asserts a refusal with `status` whose answer carries nothing of the draft, and that the server lives on. */
async function expectRefusal(status: number, ...args: Parameters<typeof rawSocket>): Promise<void> {
  const refused = await expectRefused(...args);
  expect(refused.status).toBe(status);
  expect(refused.body).not.toContain(SECRET);
  expect(refused.body.length).toBeLessThan(200);
  expect((await api(server, undefined, 'GET', '/api/health')).status).toBe(200);
}

describe('GET /collab/:draftId (websocket upgrade)', () => {
  it('opens for a member with a session cookie and our Origin, and sends the document', async () => {
    const reader = await connectSynced(server, coordinator.cookie, draftId);
    expect(reader.text()).toBe(SECRET);
    reader.destroy();
  });

  it('returns 401 without a cookie', async () => {
    await expectRefusal(401, server, undefined, draftId);
  });

  it('returns 401 for a garbage cookie', async () => {
    await expectRefusal(401, server, 'plenary_session=this-is-not-a-session', draftId);
  });

  it('returns 401 for an overlong cookie value', async () => {
    await expectRefusal(401, server, `plenary_session=${'x'.repeat(4000)}`, draftId);
  });

  it('returns 401 for the cookie of a session that was logged out', async () => {
    const cookie = await login(server, coordinator.email, coordinator.password);
    expect((await api(server, cookie, 'POST', '/api/auth/logout')).status).toBe(200);
    await expectRefusal(401, server, cookie, draftId);
  });

  it('returns 403 for a foreign Origin (cross-site websocket hijacking)', async () => {
    await expectRefusal(403, server, coordinator.cookie, draftId, { origin: 'https://evil.example' });
  });

  it('returns 403 for an Origin that differs only in scheme or port', async () => {
    await expectRefusal(403, server, coordinator.cookie, draftId, { origin: `https://127.0.0.1:${server.port}` });
    await expectRefusal(403, server, coordinator.cookie, draftId, { origin: `http://127.0.0.1:${server.port + 1}` });
  });

  it('returns 403 without an Origin header', async () => {
    await expectRefusal(403, server, coordinator.cookie, draftId, { origin: null });
  });

  it('returns 404 for an unknown draft', async () => {
    await expectRefusal(404, server, coordinator.cookie, 'AAAAAAAAAAAAAAAAAAAAAA');
  });

  it.each(['short', 'A'.repeat(23), '..', '%2e%2e%2fetc', 'AAAAAAAAAAAAAAAAAAAAA%21'])('returns 404 for the malformed draft id %s', async (path) => {
    await expectRefusal(404, server, coordinator.cookie, draftId, { path });
  });

  it('returns 404 for a path below the draft id', async () => {
    await expectRefusal(404, server, coordinator.cookie, draftId, { path: `${draftId}/extra` });
  });

  it('returns 404 for a non-member, the same as for an unknown draft', async () => {
    const nonMember = await expectRefused(server, outsider.cookie, draftId);
    const unknown = await expectRefused(server, outsider.cookie, 'AAAAAAAAAAAAAAAAAAAAAA');
    expect(nonMember.status).toBe(404);
    expect(nonMember.body).toBe(unknown.body);
    expect(nonMember.body).not.toContain(SECRET);
  });

  it('opens for the same user once they are made a member', async () => {
    const id = await buildDraft(server, coordinator.cookie);
    expect((await expectRefused(server, outsider.cookie, id)).status).toBe(404);
    await addMember(server, coordinator.cookie, id, outsider.email, 'viewer');
    const socket = await rawSocket(server, outsider.cookie, id);
    await socket.waitForFrame(() => true);
    await socket.close();
  });
});

describe('GET /collab/:draftId with malformed percent-encoding', () => {
  // On its own server: if this one brings the process down, the other tests still run.
  let own: TestServer | undefined;
  afterAll(async () => {
    await own?.dispose();
  });

  it('returns 404 and the server stays up', async () => {
    own = await startServer();
    const user = await buildUser(own, await loginAdmin(own));
    const refused = await expectRefused(own, user.cookie, 'unused', { path: '%E0%A4%A' }).catch((err: unknown) => err);
    expect((await api(own, undefined, 'GET', '/api/health').catch(() => ({ status: 'server is down' }))).status).toBe(200);
    expect(own.running()).toBe(true);
    expect(refused).toMatchObject({ status: 404 });
  });
});
