import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { applyPatch, loadTrace, textAfter, type Trace } from '../../bench/trace.ts';
import { addMember, buildDraft, buildUser, loginAdmin, login } from '../helpers/api.ts';
import { connectClient, readDraftText, waitFor, type CollabClient } from '../helpers/collab-client.ts';
import { REPO_ROOT, startServer, type TestServer } from '../helpers/test-server.ts';
import { prng } from '../helpers/wait.ts';

/**
 * [D4] Crash test: SIGKILL the server at random moments, several times, while three clients replay
 * a real editing trace taking turns in runs of consecutive edits. The providers reconnect by
 * themselves after each restart; every client, and a fresh one, ends exactly at the trace's text.
 */
const TRACE = path.join(REPO_ROOT, '..', 'shared', 'traces', 'automerge-paper.json.gz');
const TRANSACTIONS = Number(process.env.PLENARY_CRASH_TXNS ?? 2400);
const RUN_LENGTH = 100;
const KILLS = 3;
const SEED = Number(process.env.PLENARY_TEST_SEED ?? 424242);

function paragraphText(doc: Y.Doc): Y.XmlText | undefined {
  const first = doc.getXmlFragment('default').get(0);
  const text = first instanceof Y.XmlElement ? first.get(0) : undefined;
  return text instanceof Y.XmlText ? text : undefined;
}

function plain(doc: Y.Doc): string {
  const text = paragraphText(doc);
  return text ? String(text.toString()) : '';
}

describe('[D4] SIGKILL during a multi-client trace replay', () => {
  let server: TestServer | undefined;
  const clients: CollabClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.dispose();
  });

  it(`converges to the trace's text after ${KILLS} kills (seed ${SEED})`, async () => {
    const trace: Trace = await loadTrace(TRACE);
    const random = prng(SEED);
    server = await startServer({ env: { COMMIT_WINDOW_MS: '5' } });
    const { port, dataDir } = server;
    const admin = await loginAdmin(server);
    const users = [await buildUser(server, admin), await buildUser(server, admin), await buildUser(server, admin)];
    const [owner] = users;
    if (!owner) throw new Error('no users');
    const draftId = await buildDraft(server, owner.cookie, 'Crash replay');
    for (const u of users.slice(1)) await addMember(server, owner.cookie, draftId, u.email, 'editor');

    // The first client creates the paragraph with the trace's start content.
    for (const u of users) clients.push(connectClient(server, u.cookie, draftId, { hello: true, maxBackoffTime: 300 }));
    const first = clients[0];
    if (!first) throw new Error('no client');
    await waitFor(() => first.provider.synced, 10_000, 'first sync');
    first.doc.transact(() => {
      const p = new Y.XmlElement('paragraph');
      first.doc.getXmlFragment('default').insert(0, [p]);
      const t = new Y.XmlText();
      p.insert(0, [t]);
      t.insert(0, trace.startContent);
    });
    for (const c of clients) await waitFor(() => paragraphText(c.doc) !== undefined, 10_000, 'the paragraph everywhere');

    // Kill at random transaction indices.
    const killAt = new Set<number>();
    while (killAt.size < KILLS) killAt.add(RUN_LENGTH + Math.floor(random() * (TRANSACTIONS - 2 * RUN_LENGTH)));

    let restarting: Promise<void> | undefined;
    let kills = 0;
    for (let start = 0; start < TRANSACTIONS; start += RUN_LENGTH) {
      const client = clients[(start / RUN_LENGTH) % clients.length];
      if (!client) throw new Error('no client');
      // Take the turn only once this client has everything before it (positions depend on it).
      const before = textAfter(trace, start);
      await waitFor(() => plain(client.doc) === before, 60_000, `client ready at transaction ${start}`);
      for (let i = start; i < Math.min(start + RUN_LENGTH, TRANSACTIONS); i++) {
        const text = paragraphText(client.doc);
        if (!text) throw new Error('paragraph missing');
        client.doc.transact(() => {
          for (const patch of trace.txns[i] ?? []) applyPatch(text, patch);
        });
        if (killAt.has(i) && server && !restarting) {
          const victim = server;
          // Let some frames be in flight, then kill without warning and restart on the same port and data.
          restarting = (async () => {
            await new Promise((r) => setTimeout(r, Math.floor(random() * 20)));
            await victim.kill();
            kills++;
            server = await startServer({ dataDir, port, env: { COMMIT_WINDOW_MS: '5' } });
            restarting = undefined;
          })();
        }
        if (i % 20 === 0) await new Promise((r) => setImmediate(r));
      }
    }
    if (restarting) await restarting;
    expect(kills).toBe(KILLS);

    const expected = textAfter(trace, TRANSACTIONS);
    for (const c of clients) await waitFor(() => plain(c.doc) === expected, 60_000, 'every client at the trace text');
    // Everything each client wrote is acknowledged, hence on disk.
    for (const c of clients) {
      const clock = Y.getState(c.doc.store, c.doc.clientID);
      await waitFor(() => c.ackedClock() >= clock, 30_000, 'all acks');
    }
    if (!server) throw new Error('server gone');
    // A fresh client after one more restart reads the same text from disk.
    await server.stop();
    server = await startServer({ dataDir, port });
    const cookie = await login(server, owner.email, owner.password);
    expect(await readDraftText(server, cookie, draftId)).toBe(expected);
  }, 300_000);
});
