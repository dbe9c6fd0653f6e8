import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageType } from '../../shared/protocol/messages.ts';
import { addMember, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, readDraftText, waitFor, type CollabClient } from '../helpers/collab-client.ts';
import { queryAwarenessFrame } from '../helpers/frames.ts';
import { newMarkerLog, notExactlyOnce, typeMarker, type MarkerLog } from '../helpers/markers.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { prng } from '../helpers/wait.ts';

/** Real-time editing through the real server: convergence, acknowledgements, stock clients. */
let server: TestServer;
let coordinator: TestUser;
let editors: TestUser[];

beforeAll(async () => {
  server = await startServer();
  const adminCookie = await loginAdmin(server);
  coordinator = await buildUser(server, adminCookie);
  editors = await Promise.all([0, 1, 2].map(() => buildUser(server, adminCookie)));
});

afterAll(async () => {
  await server?.dispose();
});

async function draftForEditors(): Promise<string> {
  const draftId = await buildDraft(server, coordinator.cookie);
  for (const e of editors) await addMember(server, coordinator.cookie, draftId, e.email, 'editor');
  return draftId;
}

const allEqual = (clients: CollabClient[]) => clients.every((c) => c.text() === clients[0]?.text());

describe('concurrent editing', () => {
  it('three clients typing concurrently converge to identical text, which a fourth fresh client loads', async () => {
    const seed = Number(process.env.PLENARY_TEST_SEED ?? Date.now() % 1_000_000);
    const rand = prng(seed);
    const draftId = await draftForEditors();
    const clients = await Promise.all(editors.map((e) => connectSynced(server, e.cookie, draftId, { hello: true })));
    const logs: MarkerLog[] = clients.map(() => newMarkerLog());
    try {
      clients[0]?.type('seed|');
      await waitFor(() => clients.every((c) => c.text() === 'seed|'), 5000, 'every client to see the seed');

      // 3 × 40 inserts at random boundaries, in bursts: updates cross on the wire.
      for (let round = 0; round < 40; round++) {
        clients.forEach((c, i) => typeMarker(c, logs[i] ?? newMarkerLog(), `<${'ABC'[i]}${round}>`, rand));
        if (round % 5 === 4) await new Promise((resolve) => setImmediate(resolve));
      }
      await waitFor(() => allEqual(clients), 10_000, `convergence (seed ${seed})`);
      const text = clients[0]?.text() ?? '';
      const every = logs.flatMap((l) => [...l.typed.keys()]);
      expect(every).toHaveLength(120);
      expect(notExactlyOnce(text, every), `seed ${seed}`).toEqual([]);
      expect(await readDraftText(server, coordinator.cookie, draftId)).toBe(text);
    } finally {
      for (const c of clients) c.destroy();
    }
  });
});

describe('durability acknowledgements (type 100 ack)', () => {
  it('acknowledges every document message, with increasing sequence numbers', async () => {
    const draftId = await draftForEditors();
    const client = await connectSynced(server, editors[0]?.cookie ?? '', draftId, { hello: true });
    try {
      for (let i = 0; i < 25; i++) {
        client.type(`edit ${i}. `);
        if (i % 5 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      const sent = () => client.connections[0]?.docMessagesSent ?? 0;
      // The sync step 2 answering the server's step 1, then one update per edit.
      expect(sent()).toBe(26);
      await waitFor(() => client.acks.at(-1)?.seq === sent(), 5000, 'the last ack');
      const seqs = client.acks.map((a) => a.seq);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] ?? 0);
      expect(Math.max(...seqs)).toBe(sent());
      expect(client.acks.every((a) => a.connection === 0)).toBe(true);
      expect(client.ackedClock()).toBe(client.ownClock());
    } finally {
      client.destroy();
    }
  });

  it('never sends a type-100 frame to a stock client that did not say hello', async () => {
    const draftId = await draftForEditors();
    const stock = await connectSynced(server, editors[0]?.cookie ?? '', draftId);
    const ours = await connectSynced(server, editors[1]?.cookie ?? '', draftId, { hello: true });
    try {
      for (let i = 0; i < 5; i++) stock.type(`stock ${i} `);
      await waitFor(() => ours.text() === stock.text(), 5000, 'the stock edits to reach the other client');
      // The writer commits in order: once our edit is acknowledged, the stock client's edits are
      // committed too, and any ack for them would have been sent.
      ours.type('ours');
      await waitFor(() => ours.ackedClock() >= ours.ownClock(), 5000, 'our ack');
      // A round trip on the stock socket flushes whatever the server sent it before.
      const record = stock.connections[0];
      const before = record?.receivedTypes.length ?? 0;
      stock.provider.ws?.send(new Uint8Array(queryAwarenessFrame()));
      await waitFor(() => (record?.receivedTypes.slice(before) ?? []).includes(MessageType.Awareness), 5000, 'the awareness answer');
      expect(record?.receivedTypes).not.toContain(MessageType.Plenary);
      expect(stock.text()).toBe('stock 0 stock 1 stock 2 stock 3 stock 4 ours');
    } finally {
      stock.destroy();
      ours.destroy();
    }
  });
});
