import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VersionDetailSchema, VersionListSchema, VersionSummarySchema } from '../../shared/api/index.ts';
import { canonicalText } from '../../shared/schema/canonical-text.ts';
import { api, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, waitFor } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/**
 * Saving a version while storage is failing: another process holds the database's write lock (as
 * an administrator's `sqlite3` shell would). The save answers within VERSION_SAVE_TIMEOUT_MS with
 * 503 storage_unavailable, Retry-After and a message for the dialog, saves nothing half-way (no
 * version row without its updates), and succeeds normally once the lock is released.
 */
const SAVE_TIMEOUT_MS = 2000;
const NOT_SAVED = 'Storage is busy; your version was not saved. Try again in a moment.';

describe('saving a version while another process holds the write lock', () => {
  let server: TestServer;
  let coordinator: TestUser;
  let draftId: string;
  let blocker: Database.Database | undefined;

  beforeAll(async () => {
    server = await startServer({ env: { VERSION_SAVE_TIMEOUT_MS: String(SAVE_TIMEOUT_MS) } });
    coordinator = await buildUser(server, await loginAdmin(server));
    draftId = await buildDraft(server, coordinator.cookie, 'Busy storage draft');
  });

  afterAll(async () => {
    if (blocker?.inTransaction) blocker.exec('ROLLBACK');
    blocker?.close();
    await server?.dispose();
  });

  const saveVersion = (name: string) => api(server, coordinator.cookie, 'POST', `/api/drafts/${draftId}/versions`, { name });
  const versions = async () => VersionListSchema.parse((await api(server, coordinator.cookie, 'GET', `/api/drafts/${draftId}/versions`)).body).versions;

  function expectRefusedClearly(res: Awaited<ReturnType<typeof saveVersion>>): void {
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: 'storage_unavailable', message: NOT_SAVED });
    expect(res.headers.get('retry-after')).toBe('5');
  }

  it('answers 503 within the bound, saves nothing, and saves normally once the lock is released', async () => {
    const client = await connectSynced(server, coordinator.cookie, draftId, { hello: true });
    const saved = client.type('Saved before the lock. ');
    await waitFor(() => client.ackedClock() >= saved, 10_000, 'the first ack');

    blocker = new Database(path.join(server.dataDir, 'plenary.sqlite'));
    blocker.pragma('busy_timeout = 10000');
    blocker.exec('BEGIN IMMEDIATE');

    // Nothing waiting to be committed: the version's own row cannot be written (the main thread's short lock wait).
    expectRefusedClearly(await saveVersion('Nothing queued'));

    // Edits typed meanwhile stay queued: the save would wait for them for ever without its bound.
    let pending = 0;
    for (let i = 0; i < 5; i++) pending = client.type(`Typed while locked ${i}. `);
    await waitFor(() => client.notices().some((n) => n.code === 'storage-error'), 30_000, 'a storage-error notice');
    const started = Date.now();
    const refused = await saveVersion('While locked');
    const tookMs = Date.now() - started;
    console.log(`a version save during the held lock was refused (503) after ${tookMs} ms (bound ${SAVE_TIMEOUT_MS} ms)`);
    expectRefusedClearly(refused);
    expect(tookMs).toBeGreaterThanOrEqual(SAVE_TIMEOUT_MS - 100);
    expect(tookMs).toBeLessThan(SAVE_TIMEOUT_MS + 5000);
    expect(client.ackedClock()).toBeLessThan(pending);
    expect(server.running()).toBe(true);

    blocker.exec('ROLLBACK');
    await waitFor(() => client.ackedClock() >= pending, 30_000, 'acks after the lock was released');
    // The refused saves left no row behind, not even once their updates were committed.
    expect(await versions()).toEqual([]);

    const created = await saveVersion('After the lock');
    expect(created.status).toBe(201);
    const version = VersionSummarySchema.parse(created.body);
    expect((await versions()).map((v) => v.name)).toEqual(['After the lock']);
    const opened = VersionDetailSchema.parse((await api(server, coordinator.cookie, 'GET', `/api/drafts/${draftId}/versions/${version.id}`)).body);
    const text = canonicalText(opened.content);
    expect(text).toContain('Saved before the lock.');
    expect(text).toContain('Typed while locked 4.');
    client.destroy();
  });
});
