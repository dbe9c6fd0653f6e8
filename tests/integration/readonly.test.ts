import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { SyncMessageType } from '../../shared/protocol/messages.ts';
import { COLLABORATOR_PALETTE } from '../../shared/palette.ts';
import type { Role } from '../../shared/roles.ts';
import { addMember, api, buildDraft, buildUser, login, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, expectRefused, rawSocket, readDraftText, textOf, typeInto, waitFor, type RawSocket } from '../helpers/collab-client.ts';
import { fullStateRequestFrame, helloFrame, readControlFrame, readSyncFrame, syncStep2Frame, updateFrame } from '../helpers/frames.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/**
 * security.md §2 and [R3]: commenters and viewers are read-only on the shared document — both
 * sync step 2 and update messages from them are dropped — and a role change takes effect on open
 * connections at once.
 */
let server: TestServer;
let adminCookie: string;
let coordinator: TestUser;
const SEED = 'Accepted text of 3A001';

beforeAll(async () => {
  server = await startServer();
  adminCookie = await loginAdmin(server);
  coordinator = await buildUser(server, adminCookie);
});

afterAll(async () => {
  await server?.dispose();
});

/** A draft holding SEED (committed) with a new member of `role`. */
async function draftWithMember(role: Role): Promise<{ draftId: string; member: TestUser }> {
  const draftId = await buildDraft(server, coordinator.cookie);
  const member = await buildUser(server, adminCookie);
  await addMember(server, coordinator.cookie, draftId, member.email, role);
  const seeder = await connectSynced(server, coordinator.cookie, draftId, { hello: true });
  seeder.type(SEED);
  await waitFor(() => seeder.ackedClock() >= seeder.ownClock(), 5000, 'the seed to be committed');
  seeder.destroy();
  return { draftId, member };
}

/**
 * The server's whole document as this socket sees it: asks with an empty state vector and applies
 * the answer. The answer also proves every frame sent before the question was handled.
 */
async function serverDocVia(socket: RawSocket): Promise<Y.Doc> {
  const from = socket.frames.length;
  socket.send(fullStateRequestFrame());
  const answer = await socket.waitForFrame((f) => readSyncFrame(f)?.subType === SyncMessageType.Step2, 5000, from);
  const doc = new Y.Doc();
  const sync = readSyncFrame(answer);
  if (sync) Y.applyUpdate(doc, sync.payload);
  return doc;
}

describe.each<Role>(['commenter', 'viewer'])('a %s connection', (role) => {
  it('receives the document, and the welcome says read-only', async () => {
    const { draftId, member } = await draftWithMember(role);
    const socket = await rawSocket(server, member.cookie, draftId);
    socket.send(helloFrame());
    expect(textOf(await serverDocVia(socket))).toBe(SEED);
    const welcome = socket.frames.map(readControlFrame).find((m) => m?.type === 'welcome');
    // The member joined second, after the coordinator: the second colour of the palette.
    expect(welcome).toEqual({ type: 'welcome', role, readOnly: true, protocolVersion: 1, color: COLLABORATOR_PALETTE[1] });
    await socket.close();
  });

  it('changes nothing with an update or a sync step 2 carrying real content', async () => {
    const { draftId, member } = await draftWithMember(role);
    const socket = await rawSocket(server, member.cookie, draftId);
    socket.send(helloFrame());
    const forged = await serverDocVia(socket);
    const serverState = Y.encodeStateVector(forged);

    // An update message, as a provider sends for a local edit.
    typeInto(forged, ' EVIL-BY-UPDATE', 0);
    socket.send(updateFrame(Y.encodeStateAsUpdate(forged, serverState)));
    expect(textOf(await serverDocVia(socket))).toBe(SEED);

    // A sync step 2, as a provider sends in answer to the server's step 1.
    typeInto(forged, ' EVIL-BY-STEP-2');
    socket.send(syncStep2Frame(forged, serverState));
    expect(textOf(await serverDocVia(socket))).toBe(SEED);

    // The connection is told, and stays open; an editor loading the draft afresh sees the original.
    expect(socket.frames.map(readControlFrame).some((m) => m?.type === 'notice' && m.code === 'read-only')).toBe(true);
    expect(socket.frames.map(readControlFrame).some((m) => m?.type === 'ack')).toBe(false);
    expect(socket.closeInfo).toBeUndefined();
    expect(await readDraftText(server, coordinator.cookie, draftId)).toBe(SEED);
    await socket.close();
  });
});

describe('an editor connection', () => {
  it('applies its edits, which a fresh client then loads', async () => {
    const { draftId, member } = await draftWithMember('editor');
    const editor = await connectSynced(server, member.cookie, draftId, { hello: true });
    expect(editor.welcomes()[0]).toMatchObject({ role: 'editor', readOnly: false });
    editor.type(' amended');
    await waitFor(() => editor.ackedClock() >= editor.ownClock(), 5000, 'the edit to be acknowledged');
    expect(await readDraftText(server, coordinator.cookie, draftId)).toBe(`${SEED} amended`);
    editor.destroy();
  });
});

describe('PUT /api/drafts/:id/members on a connected member', () => {
  it('closes the socket of an editor downgraded to viewer with 4001, and the reconnection is read-only', async () => {
    const { draftId, member } = await draftWithMember('editor');
    const client = await connectSynced(server, member.cookie, draftId, { hello: true });
    await addMember(server, coordinator.cookie, draftId, member.email, 'viewer');
    await waitFor(() => client.closes.length > 0, 2000, 'the socket to be closed');
    expect(client.closes[0]?.code).toBe(CloseCode.RoleChanged);
    expect(client.closes[0]?.reason).not.toBe('');

    // The provider reconnects by itself; the new handshake decides the new role.
    await waitFor(() => client.welcomes().length === 2, 10_000, 'the second welcome');
    expect(client.welcomes()[1]).toMatchObject({ role: 'viewer', readOnly: true });
    client.type(' written after the downgrade');
    await waitFor(() => client.notices().some((n) => n.code === 'read-only'), 5000, 'the read-only notice');
    expect(await readDraftText(server, coordinator.cookie, draftId)).toBe(SEED);
    client.destroy();
  });

  it('closes the socket of a viewer promoted to editor with 4001, and the reconnection can write', async () => {
    const { draftId, member } = await draftWithMember('viewer');
    const client = await connectSynced(server, member.cookie, draftId, { hello: true });
    await addMember(server, coordinator.cookie, draftId, member.email, 'editor');
    await waitFor(() => client.closes.length > 0, 2000, 'the socket to be closed');
    expect(client.closes[0]?.code).toBe(CloseCode.RoleChanged);
    await waitFor(() => client.welcomes().length === 2, 10_000, 'the second welcome');
    expect(client.welcomes()[1]).toMatchObject({ role: 'editor', readOnly: false });
    client.type(' promoted');
    await waitFor(() => client.ackedClock() >= client.ownClock(), 5000, 'the edit to be acknowledged');
    expect(await readDraftText(server, coordinator.cookie, draftId)).toBe(`${SEED} promoted`);
    client.destroy();
  });
});

describe('DELETE /api/drafts/:id/members/:userId on a connected member', () => {
  it('closes the socket with 4403, the provider stops, and a new handshake gets 404', async () => {
    const { draftId, member } = await draftWithMember('editor');
    const client = await connectSynced(server, member.cookie, draftId, { hello: true });
    const terminal = new Promise<{ code: number }>((resolve) => client.provider.once('closed', (event) => resolve(event)));
    const res = await api(server, coordinator.cookie, 'DELETE', `/api/drafts/${draftId}/members/${member.id}`);
    expect(res.status).toBe(200);
    await waitFor(() => client.closes.length > 0, 2000, 'the socket to be closed');
    expect(client.closes[0]?.code).toBe(CloseCode.Forbidden);
    expect(client.closes[0]?.reason).not.toBe('');
    expect((await terminal).code).toBe(CloseCode.Forbidden);
    expect(client.provider.shouldConnect).toBe(false);
    const refused = await expectRefused(server, member.cookie, draftId);
    expect(refused.status).toBe(404);
    expect(refused.body).not.toContain(SEED);
    expect(client.connections).toHaveLength(1);
    client.destroy();
  });
});

describe('POST /api/auth/logout on a connected member', () => {
  it('closes the websockets opened with that session with 4401, so they stop receiving the draft', async () => {
    const { draftId, member } = await draftWithMember('editor');
    const session = await login(server, member.email, member.password);
    const client = await connectSynced(server, session, draftId, { hello: true });
    expect((await api(server, session, 'POST', '/api/auth/logout')).status).toBe(200);
    await waitFor(() => client.closes.length > 0, 2000, 'the socket of the ended session to be closed').finally(() => client.destroy());
    expect(client.closes[0]?.code).toBe(CloseCode.Unauthenticated);
  });
});
