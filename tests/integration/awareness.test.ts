import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addMember, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, rawSocket, waitFor, type CollabClient, type RawSocket } from '../helpers/collab-client.ts';
import { awarenessEntriesFrame, awarenessFrame } from '../helpers/frames.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/**
 * Presence (awareness) from one connection: it speaks for one client id only, never for another
 * connection's, and the name shown on its caret is the account's, whatever it claims.
 */
let server: TestServer;
let coordinator: TestUser;
let attacker: TestUser;

beforeAll(async () => {
  server = await startServer();
  const adminCookie = await loginAdmin(server);
  [coordinator, attacker] = await Promise.all([buildUser(server, adminCookie, { name: 'Coordinator Person' }), buildUser(server, adminCookie, { name: 'Attacker Person' })]);
});

afterAll(async () => {
  await server?.dispose();
});

describe('awareness messages from a connection', () => {
  let draftId: string;
  let bystander: CollabClient;
  let observer: CollabClient;
  let socket: RawSocket;
  let clock = 0;

  beforeEach(async () => {
    draftId = await buildDraft(server, coordinator.cookie);
    await addMember(server, coordinator.cookie, draftId, attacker.email, 'editor');
    bystander = await connectSynced(server, coordinator.cookie, draftId);
    bystander.provider.awareness.setLocalStateField('cursor', 'bystander-cursor');
    observer = await connectSynced(server, coordinator.cookie, draftId);
    socket = await rawSocket(server, attacker.cookie, draftId);
    await socket.waitForFrame((f) => f[0] === 0);
    await waitFor(() => observer.provider.awareness.getStates().get(bystander.doc.clientID)?.cursor === 'bystander-cursor', 5000, 'the bystander presence');
    return () => {
      bystander.destroy();
      observer.destroy();
      void socket.close();
    };
  });

  const statesSeen = () => observer.provider.awareness.getStates();

  /** Sends a state for `clientId` carrying a fresh marker and waits until the observer has it. */
  async function barrier(clientId: number): Promise<void> {
    const marker = `barrier-${++clock}`;
    socket.send(awarenessFrame(clientId, 100 + clock, JSON.stringify({ marker })));
    await waitFor(() => statesSeen().get(clientId)?.marker === marker, 5000, `the observer to see ${marker}`);
  }

  it('ignores states for a second client id on the same connection (no phantom collaborators)', async () => {
    socket.send(awarenessFrame(5001, 1, JSON.stringify({ cursor: 'first' })));
    socket.send(awarenessFrame(5002, 1, JSON.stringify({ cursor: 'phantom' })));
    await barrier(5001);
    expect(statesSeen().has(5002)).toBe(false);
    expect(socket.closeInfo).toBeUndefined();
  });

  it('applies only one entry of a message that carries several states', async () => {
    socket.send(awarenessEntriesFrame([6001, 6002, 6003].map((clientId) => ({ clientId, clock: 1, json: '{"cursor":"many"}' }))));
    await barrier(6001);
    expect(statesSeen().has(6002)).toBe(false);
    expect(statesSeen().has(6003)).toBe(false);
  });

  it("ignores a state sent under another connection's client id", async () => {
    const victim = bystander.doc.clientID;
    socket.send(awarenessFrame(victim, 10_000, JSON.stringify({ cursor: 'hijacked', user: { name: 'Coordinator Person' } })));
    await barrier(7001);
    expect(statesSeen().get(victim)?.cursor).toBe('bystander-cursor');
  });

  it("replaces the claimed user with the account's own name and id", async () => {
    socket.send(awarenessFrame(8001, 1, JSON.stringify({ user: { name: 'The Minister', color: '#000000', role: 'coordinator' }, cursor: 'x' })));
    await waitFor(() => statesSeen().get(8001)?.cursor === 'x', 5000, 'the attacker presence');
    const user: unknown = statesSeen().get(8001)?.user;
    expect(user).toMatchObject({ id: attacker.id, name: 'Attacker Person', role: 'editor' });
  });

  it('closes with 4400 for a message with more entries than any honest echo', async () => {
    const entries = Array.from({ length: 1001 }, (_, i) => ({ clientId: 9000 + i, clock: 1, json: '{}' }));
    socket.send(awarenessEntriesFrame(entries));
    const closed = await socket.closed;
    expect(closed.code).toBe(4400);
    expect(closed.reason).not.toBe('');
    expect(statesSeen().has(9000)).toBe(false);
  });
});
