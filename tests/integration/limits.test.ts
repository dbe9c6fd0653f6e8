import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addMember, api, buildDraft, buildUser, loginAdmin } from '../helpers/api.ts';
import { connectSynced, expectRefused, rawSocket, typeInto, waitFor } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/** [L1] Each configurable limit holds at its configured value, and the server keeps serving others. */
describe('[L1] limits', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  it('refuses a connection past MAX_CONNECTIONS_PER_USER with 429, and accepts again once one closes', async () => {
    server = await startServer({ env: { MAX_CONNECTIONS_PER_USER: '3' } });
    const admin = await loginAdmin(server);
    const user = await buildUser(server, admin);
    const draftId = await buildDraft(server, user.cookie);
    const sockets = [await rawSocket(server, user.cookie, draftId), await rawSocket(server, user.cookie, draftId), await rawSocket(server, user.cookie, draftId)];
    expect((await expectRefused(server, user.cookie, draftId)).status).toBe(429);
    await sockets[0]?.close();
    await waitFor(async () => {
      try {
        const again = await rawSocket(server as TestServer, user.cookie, draftId);
        await again.close();
        return true;
      } catch {
        return false;
      }
    }, 5000, 'a slot to free up');
    for (const s of sockets.slice(1)) await s.close();
  });

  it('refuses a connection past MAX_CONNECTIONS_PER_ADDRESS with 429, whoever it is', async () => {
    server = await startServer({ env: { MAX_CONNECTIONS_PER_ADDRESS: '2' } });
    const admin = await loginAdmin(server);
    const a = await buildUser(server, admin);
    const b = await buildUser(server, admin);
    const draftId = await buildDraft(server, a.cookie);
    await addMember(server, a.cookie, draftId, b.email, 'editor');
    const open = [await rawSocket(server, a.cookie, draftId), await rawSocket(server, b.cookie, draftId)];
    expect((await expectRefused(server, b.cookie, draftId)).status).toBe(429);
    for (const s of open) await s.close();
  });

  it('holds at most MAX_OPEN_DRAFTS drafts in memory: idle ones are unloaded first, then new ones wait', async () => {
    server = await startServer({ env: { MAX_OPEN_DRAFTS: '2', DOC_IDLE_UNLOAD_MS: '600000' } });
    const admin = await loginAdmin(server);
    const user = await buildUser(server, admin);
    const [d1, d2, d3] = [await buildDraft(server, user.cookie), await buildDraft(server, user.cookie), await buildDraft(server, user.cookie)];
    const s1 = await rawSocket(server, user.cookie, d1);
    const s2 = await rawSocket(server, user.cookie, d2);
    // Both slots are busy: the third draft's connection is closed as "busy" (transient).
    const s3 = await rawSocket(server, user.cookie, d3);
    expect((await s3.closed).code).toBe(4509);
    // One draft goes idle: the next one evicts it and opens.
    await s1.close();
    const s3b = await rawSocket(server, user.cookie, d3);
    await s3b.waitForFrame((f) => f[0] === 0, 5000);
    const health = await api(server, undefined, 'GET', '/api/health');
    expect((health.body as { openDrafts: number }).openDrafts).toBeLessThanOrEqual(2);
    await s2.close();
    await s3b.close();
  });

  it('answers 413 to an HTTP body over MAX_BODY_BYTES, and keeps serving', async () => {
    server = await startServer({ env: { MAX_BODY_BYTES: '2048' } });
    const admin = await loginAdmin(server);
    const res = await api(server, admin, 'POST', '/api/drafts', { title: 'x'.repeat(5000) });
    expect(res.status).toBe(413);
    expect(JSON.stringify(res.body)).toMatch(/over the limit/);
    expect((await api(server, admin, 'POST', '/api/drafts', { title: 'Small' })).status).toBe(201);
  });

  it('disconnects a client that stops reading once its send buffer passes MAX_SEND_BUFFER_BYTES, and keeps serving the others', async () => {
    server = await startServer({ env: { MAX_SEND_BUFFER_BYTES: '65536', MESSAGES_PER_SECOND: '100000', MAX_FRAME_BYTES: '1048576' } });
    const admin = await loginAdmin(server);
    const writer = await buildUser(server, admin);
    const slow = await buildUser(server, admin);
    const draftId = await buildDraft(server, writer.cookie);
    await addMember(server, writer.cookie, draftId, slow.email, 'viewer');
    const slowSocket = await rawSocket(server, slow.cookie, draftId);
    await slowSocket.waitForFrame((f) => f[0] === 0, 5000);
    // Stop reading: the kernel buffers fill, then the server's own send buffer grows.
    const tcp = (slowSocket.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    tcp.pause();
    const fast = await connectSynced(server, writer.cookie, draftId, { hello: true });
    const healthBefore = (await api(server, undefined, 'GET', '/api/health')).body as { connections: number };
    expect(healthBefore.connections).toBe(2);
    const big = 'y'.repeat(200_000);
    for (let i = 0; i < 200 && (await connectionsNow(server)) > 1; i++) {
      typeInto(fast.doc, big);
      await new Promise((r) => setImmediate(r));
    }
    await waitFor(async () => (await connectionsNow(server as TestServer)) === 1, 20_000, 'the slow consumer to be dropped');
    // The writer is still served: its edits are acknowledged.
    const clock = Y.getState(fast.doc.store, fast.doc.clientID);
    await waitFor(() => fast.ackedClock() >= clock, 30_000, 'acks for the fast client');
    tcp.resume();
    const closed = await slowSocket.closed;
    expect([4508, 1006]).toContain(closed.code);
    fast.destroy();
  }, 90_000);
});

async function connectionsNow(server: TestServer): Promise<number> {
  return ((await api(server, undefined, 'GET', '/api/health')).body as { connections: number }).connections;
}
