import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, buildDraft, buildUser, login, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, readDraftText, typeInto, waitFor } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/**
 * [D3] Storage faults: the data directory on a small tmpfs that the test fills up. Clients get a
 * clear notice, the server stays up and keeps serving, nothing acknowledged is lost, and once
 * space returns every pending edit is committed and acknowledged. Needs root (mount), as CI has.
 */
const canMount = process.getuid?.() === 0;

describe.runIf(canMount)('[D3] a full disk under the data directory', () => {
  let mountPoint: string;
  let server: TestServer;
  let editor: TestUser;
  let draftId: string;

  beforeAll(async () => {
    mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mountPoint]);
    server = await startServer({ dataDir: path.join(mountPoint, 'data') });
    const admin = await loginAdmin(server);
    editor = await buildUser(server, admin);
    draftId = await buildDraft(server, editor.cookie, 'Disk fault draft');
  });

  afterAll(async () => {
    await server?.dispose();
    if (mountPoint) {
      try {
        execFileSync('umount', [mountPoint]);
      } catch {
        // already unmounted
      }
      fs.rmSync(mountPoint, { recursive: true, force: true });
    }
  });

  it('keeps serving, tells the client, loses nothing, and recovers when space returns', async () => {
    const client = await connectSynced(server, editor.cookie, draftId, { hello: true });
    typeInto(client.doc, 'Acknowledged before the disk filled. ');
    const firstClock = Y.getState(client.doc.store, client.doc.clientID);
    await waitFor(() => client.ackedClock() >= firstClock, 10_000, 'the first ack');

    // Fill the filesystem.
    const filler = path.join(mountPoint, 'filler');
    const fd = fs.openSync(filler, 'w');
    try {
      const chunk = Buffer.alloc(64 * 1024, 1);
      for (let i = 0; i < 1000; i++) fs.writeSync(fd, chunk);
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      fs.closeSync(fd);
    }

    // Large edits need new WAL pages, which the full disk cannot give.
    for (let i = 0; i < 20; i++) typeInto(client.doc, `Typed while the disk was full ${i} ${'x'.repeat(4000)} `);
    const pendingClock = Y.getState(client.doc.store, client.doc.clientID);
    await waitFor(() => client.notices().some((n) => n.code === 'storage-error'), 20_000, 'a storage-error notice');
    expect(client.ackedClock()).toBeLessThan(pendingClock);

    // The server stays up and answers: health says storage is unavailable, the API still reads.
    const health = await api(server, undefined, 'GET', '/api/health');
    expect(health.status).toBe(503);
    expect((await api(server, editor.cookie, 'GET', '/api/drafts')).status).toBe(200);
    expect(server.running()).toBe(true);

    // Space returns: the queued edits are committed and acknowledged.
    fs.rmSync(filler);
    await waitFor(() => client.ackedClock() >= pendingClock, 30_000, 'acks after recovery');
    expect((await api(server, undefined, 'GET', '/api/health')).status).toBe(200);
    client.destroy();

    // Everything is on disk: a restart on the same data shows all of it.
    await server.stop();
    server = await startServer({ dataDir: path.join(mountPoint, 'data') });
    const again = await readAfterRestart(server, editor, draftId);
    expect(again).toContain('Acknowledged before the disk filled.');
    expect(again).toContain('Typed while the disk was full 19');
  }, 120_000);
});

/** The draft's text as a fresh client sees it, logged in anew (sessions survive, but be explicit). */
async function readAfterRestart(server: TestServer, user: TestUser, draftId: string): Promise<string> {
  const cookie = await login(server, user.email, user.password);
  return readDraftText(server, cookie, draftId);
}
