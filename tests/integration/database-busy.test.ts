import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, readDraftText, waitFor } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/**
 * [D5] Database busy: another process (here a second SQLite connection in the test process, as an
 * administrator's `sqlite3` shell would be) holds the write lock on the real database file. Updates
 * stay queued and unacknowledged, the clients are told, the server keeps serving reads, a write
 * over HTTP is refused with 503 and a message, and once the lock is released every queued update
 * is committed and acknowledged — and is still there after a restart.
 */
describe('[D5] another process holding the database write lock', () => {
  let server: TestServer;
  let editor: TestUser;
  let draftId: string;
  let blocker: Database.Database | undefined;

  beforeAll(async () => {
    server = await startServer();
    const admin = await loginAdmin(server);
    editor = await buildUser(server, admin);
    draftId = await buildDraft(server, editor.cookie, 'Busy database draft');
  });

  afterAll(async () => {
    if (blocker?.inTransaction) blocker.exec('ROLLBACK');
    blocker?.close();
    await server?.dispose();
  });

  it('keeps updates queued, tells the client, refuses HTTP writes with 503, and commits everything once the lock is released', async () => {
    const client = await connectSynced(server, editor.cookie, draftId, { hello: true });
    const firstClock = client.type('Saved before the lock. ');
    await waitFor(() => client.ackedClock() >= firstClock, 10_000, 'the first ack');

    blocker = new Database(path.join(server.dataDir, 'plenary.sqlite'));
    blocker.pragma('busy_timeout = 10000');
    blocker.exec('BEGIN IMMEDIATE');

    let pendingClock = 0;
    for (let i = 0; i < 10; i++) pendingClock = client.type(`Typed while locked ${i}. `);
    await waitFor(() => client.notices().some((n) => n.code === 'storage-error'), 30_000, 'a storage-error notice');
    expect(client.ackedClock()).toBeLessThan(pendingClock);

    // The server answers: health says storage is unavailable, reads work, a write is refused clearly.
    expect((await api(server, undefined, 'GET', '/api/health')).status).toBe(503);
    expect((await api(server, editor.cookie, 'GET', '/api/drafts')).status).toBe(200);
    // The main thread waits for the lock synchronously (the event loop stops): it gives up in about
    // a second (server/storage/db.ts), not the writer thread's five.
    const writeStarted = Date.now();
    const write = await api(server, editor.cookie, 'POST', '/api/drafts', { title: 'Made while locked' });
    const refusedAfterMs = Date.now() - writeStarted;
    console.log(`[D5] an HTTP write during the held lock was refused (503) after ${refusedAfterMs} ms`);
    expect(write.status).toBe(503);
    expect(refusedAfterMs).toBeLessThan(4000);
    expect(JSON.stringify(write.body)).toMatch(/try again/i);
    // A colleague opening the draft meanwhile sees the unsaved edits (they are applied and shared).
    const colleague = await connectSynced(server, editor.cookie, draftId, { hello: true });
    expect(colleague.text()).toContain('Typed while locked 9.');
    colleague.destroy();
    expect(client.ackedClock()).toBeLessThan(pendingClock);
    expect(server.running()).toBe(true);

    blocker.exec('ROLLBACK');
    await waitFor(() => client.ackedClock() >= pendingClock, 30_000, 'acks after the lock was released');
    await waitFor(async () => (await api(server, undefined, 'GET', '/api/health')).status === 200, 10_000, 'health to recover');
    expect((await api(server, editor.cookie, 'POST', '/api/drafts', { title: 'Made after the lock' })).status).toBe(201);
    client.destroy();

    // Committed, not only in memory: a new process reads it from the file.
    await server.stop();
    const dataDir = server.dataDir;
    const restarted = await startServer({ dataDir });
    try {
      const text = await readDraftText(restarted, editor.cookie, draftId);
      expect(text).toContain('Saved before the lock.');
      for (let i = 0; i < 10; i++) expect(text).toContain(`Typed while locked ${i}.`);
      expect(text.split('Typed while locked 0.').length).toBe(2);
    } finally {
      await restarted.stop();
    }
  });
});
