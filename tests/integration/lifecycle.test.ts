import Database from 'better-sqlite3';
import path from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { api, buildDraft, buildUser, login, loginAdmin } from '../helpers/api.ts';
import { connectSynced, readDraftText, typeInto, waitFor } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

function openDrafts(server: TestServer): Promise<number> {
  return api(server, undefined, 'GET', '/api/health').then((r) => (r.body as { openDrafts: number }).openDrafts);
}

function logRows(server: TestServer, draftId: string): number {
  const db = new Database(path.join(server.dataDir, 'plenary.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM doc_updates WHERE draft_id = ?').get(draftId) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** [R1] Drafts are loaded on first connection, unloaded after the last leaves, and their log compacted. */
describe('[R1] draft lifecycle in memory and on disk', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  it('unloads a draft DOC_IDLE_UNLOAD_MS after its last client leaves, and loads it again from disk', async () => {
    server = await startServer({ env: { DOC_IDLE_UNLOAD_MS: '300' } });
    const admin = await loginAdmin(server);
    const user = await buildUser(server, admin);
    const draftId = await buildDraft(server, user.cookie);
    expect(await openDrafts(server)).toBe(0);
    const client = await connectSynced(server, user.cookie, draftId, { hello: true });
    expect(await openDrafts(server)).toBe(1);
    typeInto(client.doc, 'Kept through an unload.');
    const clock = Y.getState(client.doc.store, client.doc.clientID);
    await waitFor(() => client.ackedClock() >= clock, 10_000, 'ack');
    client.destroy();
    await waitFor(async () => (await openDrafts(server as TestServer)) === 0, 10_000, 'the draft to be unloaded');
    expect(await readDraftText(server, user.cookie, draftId)).toBe('Kept through an unload.');
  });

  it('compacts the update log past COMPACT_AFTER_UPDATES without changing the text, across a restart', async () => {
    server = await startServer({ env: { COMPACT_AFTER_UPDATES: '20' } });
    const admin = await loginAdmin(server);
    const user = await buildUser(server, admin);
    const draftId = await buildDraft(server, user.cookie);
    const client = await connectSynced(server, user.cookie, draftId, { hello: true });
    let expected = '';
    for (let i = 0; i < 100; i++) {
      typeInto(client.doc, `w${i} `);
      expected += `w${i} `;
      await new Promise((r) => setImmediate(r));
    }
    const clock = Y.getState(client.doc.store, client.doc.clientID);
    await waitFor(() => client.ackedClock() >= clock, 10_000, 'acks');
    await waitFor(() => logRows(server as TestServer, draftId) < 40, 10_000, 'compaction to fold the log');
    client.destroy();
    const { dataDir, port } = server;
    await server.stop();
    server = await startServer({ dataDir, port });
    const cookie = await login(server, user.email, user.password);
    expect(await readDraftText(server, cookie, draftId)).toBe(expected);
  });
});
