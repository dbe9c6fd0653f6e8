import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { addMember, api, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, rawSocket, readDraftText, typeInto, waitFor, type CollabClient } from '../helpers/collab-client.ts';
import { awarenessFrame, controlFrame, syncFrame, updateFrame } from '../helpers/frames.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { withTimeout } from '../helpers/wait.ts';

/**
 * security.md §7: a malformed frame ends its own connection with a close code and a reason —
 * never the process, never another connection, never the document.
 */
const MAX_FRAME_BYTES = 65_536;
let server: TestServer;
let coordinator: TestUser;
let attacker: TestUser;

beforeAll(async () => {
  server = await startServer({ env: { MAX_FRAME_BYTES: String(MAX_FRAME_BYTES) } });
  const adminCookie = await loginAdmin(server);
  [coordinator, attacker] = await Promise.all([buildUser(server, adminCookie), buildUser(server, adminCookie)]);
});

afterAll(async () => {
  await server?.dispose();
});

/** A real update that inserts `text` into an empty document. */
function realUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  typeInto(doc, text);
  return Y.encodeStateAsUpdate(doc);
}

interface BadFrameCase {
  name: string;
  frames: () => Array<Uint8Array | string>;
  code: number;
  /** ws closes over-size frames itself with 1009 and no reason; every close of ours has one. */
  reasonExpected: boolean;
}

const update = realUpdate('INJECTED');
const cases: BadFrameCase[] = [
  { name: 'a text frame', frames: () => ['{"type":"hello","protocolVersion":1}'], code: CloseCode.BadMessage, reasonExpected: true },
  { name: 'a truncated varint', frames: () => [new Uint8Array([0x80])], code: CloseCode.BadMessage, reasonExpected: true },
  { name: 'an empty binary frame', frames: () => [new Uint8Array(0)], code: CloseCode.BadMessage, reasonExpected: true },
  { name: 'an unknown message type (42)', frames: () => [new Uint8Array([42])], code: CloseCode.BadMessage, reasonExpected: true },
  { name: 'an auth message (type 2), which only the server sends', frames: () => [new Uint8Array([2, 0, 0])], code: CloseCode.BadMessage, reasonExpected: true },
  { name: 'a sync message with an unknown sub-type', frames: () => [syncFrame(7, new Uint8Array([0, 0]))], code: CloseCode.BadMessage, reasonExpected: true },
  {
    name: 'a sync update whose length prefix runs past the frame',
    frames: () => [updateFrame(update).subarray(0, updateFrame(update).length - 4)],
    code: CloseCode.BadMessage,
    reasonExpected: true,
  },
  { name: 'a sync update whose Yjs payload is truncated', frames: () => [syncFrame(2, update.subarray(0, update.length - 3))], code: CloseCode.BadMessage, reasonExpected: true },
  { name: 'a sync step 2 whose Yjs payload is truncated', frames: () => [syncFrame(1, update.subarray(0, update.length - 3))], code: CloseCode.BadMessage, reasonExpected: true },
  { name: 'a zero-length update payload', frames: () => [syncFrame(2, new Uint8Array(0))], code: CloseCode.BadMessage, reasonExpected: true },
  { name: 'garbage bytes as an update', frames: () => [syncFrame(2, new TextEncoder().encode('this is definitely not a yjs update'))], code: CloseCode.BadMessage, reasonExpected: true },
  { name: 'an update claiming 2^32 structs', frames: () => [syncFrame(2, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]))], code: CloseCode.BadMessage, reasonExpected: true },
  { name: 'a malformed sync step 1 state vector', frames: () => [syncFrame(0, new Uint8Array([5, 1]))], code: CloseCode.BadMessage, reasonExpected: true },
  { name: 'trailing bytes after a sync message', frames: () => [new Uint8Array([...updateFrame(update), 9, 9])], code: CloseCode.BadMessage, reasonExpected: true },
  { name: 'an awareness message with malformed JSON', frames: () => [awarenessFrame(4242, 1, '{"cursor": ')], code: CloseCode.BadMessage, reasonExpected: true },
  { name: 'an awareness state that is not an object', frames: () => [awarenessFrame(4242, 1, '[1,2,3]')], code: CloseCode.BadMessage, reasonExpected: true },
  { name: 'an awareness state over the size limit', frames: () => [awarenessFrame(4243, 1, JSON.stringify({ pad: 'p'.repeat(20_000) }))], code: CloseCode.TooLarge, reasonExpected: true },
  { name: 'a control message that is not JSON', frames: () => [new Uint8Array([100, 3, 0x7b, 0x7b, 0x7b])], code: CloseCode.BadMessage, reasonExpected: true },
  { name: 'an unknown control message', frames: () => [controlFrame({ type: 'become-admin' })], code: CloseCode.BadMessage, reasonExpected: true },
  { name: 'a hello with another protocol version', frames: () => [controlFrame({ type: 'hello', protocolVersion: 999 })], code: CloseCode.BadMessage, reasonExpected: true },
  { name: 'a frame over MAX_FRAME_BYTES (100 kB against 64 KiB)', frames: () => [syncFrame(2, new Uint8Array(100_000))], code: 1009, reasonExpected: false },
];

describe('websocket frames the server must refuse', () => {
  let draftId: string;
  let bystander: CollabClient;
  let observer: CollabClient;
  const SEED = 'Seed text 1A001';
  let expectedText = SEED;

  beforeAll(async () => {
    draftId = await buildDraft(server, coordinator.cookie);
    await addMember(server, coordinator.cookie, draftId, attacker.email, 'editor');
    bystander = await connectSynced(server, coordinator.cookie, draftId, { hello: true });
    bystander.type(SEED);
    await waitFor(() => bystander.ackedClock() >= bystander.ownClock(), 5000, 'the seed to be committed');
    observer = await connectSynced(server, coordinator.cookie, draftId);
    await waitFor(() => observer.text() === SEED, 5000, 'the observer to see the seed');
  });

  afterAll(() => {
    bystander?.destroy();
    observer?.destroy();
  });

  it.each(cases)('closes the connection that sends $name with $code, and nothing else is affected', async (c) => {
    const socket = await rawSocket(server, attacker.cookie, draftId);
    // The server's sync step 1 shows the connection is attached to the draft.
    await socket.waitForFrame((f) => f[0] === 0);
    for (const frame of c.frames()) socket.send(frame);
    const closed = await withTimeout(socket.closed, 5000, 'the server to close the connection');
    expect(closed.code).toBe(c.code);
    if (c.reasonExpected) expect(closed.reason.length).toBeGreaterThan(0);

    // The process is up and healthy.
    const health = await api(server, undefined, 'GET', '/api/health');
    expect(health.status).toBe(200);
    // The draft is as it was, for a client that loads it afresh.
    expect(await readDraftText(server, coordinator.cookie, draftId)).toBe(expectedText);
    // Another client in the same draft keeps working: its edit reaches a third client.
    const marker = ` [after ${c.name.slice(0, 12)}]`;
    bystander.type(marker);
    expectedText += marker;
    await waitFor(() => observer.text() === expectedText, 5000, 'the bystander edit to reach the observer');
    expect(observer.provider.wsconnected).toBe(true);
  });
});
