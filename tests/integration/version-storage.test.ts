import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PmNodeJSON, VersionDetail, VersionSummary } from '../../shared/api/versions.ts';
import { CompareResponseSchema, VersionDetailSchema, VersionSummarySchema } from '../../shared/api/versions.ts';
import { databasePath } from '../../server/storage/db.ts';
import { resolveChain } from '../../server/versions/snapshot-chain.ts';
import { addMember, api, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, waitFor, type CollabClient } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/**
 * How versions are stored (issue 3): each version keeps only what changed since the previous one
 * (a snapshot delta), yet every version opens exactly as it was, after compaction and restarts,
 * and versions stored whole by an earlier release keep opening once the table is migrated.
 */
// Compaction after every two updates, so the log is folded many times over while versions are saved.
const ENV = { COMPACT_AFTER_UPDATES: '2', AUTO_VERSION_QUIET_MS: '3600000' };
let server: TestServer;
let dataDir: string;
const clients: CollabClient[] = [];

beforeAll(async () => {
  server = await startServer({ env: ENV });
  dataDir = server.dataDir;
});

afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.stop();
  // The first server created the data directory; a restarted one reuses it, so remove it here.
  await import('node:fs/promises').then((fs) => fs.rm(dataDir, { recursive: true, force: true }));
});

async function restart(): Promise<void> {
  for (const c of clients.splice(0)) c.destroy();
  expect((await server.stop()).code).toBe(0);
  server = await startServer({ dataDir, env: ENV });
}

/** A client whose document keeps its history like the server's, so its snapshot is the server's. */
async function connect(cookie: string, draftId: string): Promise<CollabClient> {
  const c = await connectSynced(server, cookie, draftId, { hello: true, maxBackoffTime: 300, doc: new Y.Doc({ gc: false }) });
  clients.push(c);
  return c;
}

/** Sends one change and waits until the server has committed it (acks cover every earlier message too). */
async function durably(c: CollabClient, change: () => void): Promise<void> {
  change();
  const clock = c.type('.');
  await waitFor(() => c.ackedClock() >= clock, 10_000, 'the server to acknowledge the change');
}

function paragraphText(c: CollabClient): Y.XmlText {
  return (c.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

async function save(cookie: string, draftId: string, name: string): Promise<VersionSummary> {
  const res = await api(server, cookie, 'POST', `/api/drafts/${draftId}/versions`, { name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return VersionSummarySchema.parse(res.body);
}

async function open(cookie: string, draftId: string, versionId: string): Promise<VersionDetail> {
  const res = await api(server, cookie, 'GET', `/api/drafts/${draftId}/versions/${versionId}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return VersionDetailSchema.parse(res.body);
}

function plainText(doc: PmNodeJSON): string {
  return (doc.content ?? []).map((b) => (b.content ?? []).map((t) => t.text ?? '').join('')).join('\n');
}

const fullSnapshotBytes = (c: CollabClient) => Y.encodeSnapshot(Y.snapshot(c.doc)).byteLength;

interface Saved {
  version: VersionSummary;
  text: string;
  content?: PmNodeJSON;
}

let coord: TestUser;
let draftId: string;
const saved: Saved[] = [];

describe('version storage', () => {
  it('stores for each version only what changed since the previous one, however long the history', async () => {
    const admin = await loginAdmin(server);
    const [c, ed, ed2] = await Promise.all([buildUser(server, admin), buildUser(server, admin), buildUser(server, admin)]);
    if (!c || !ed || !ed2) throw new Error('users missing');
    coord = c;
    draftId = await buildDraft(server, coord.cookie, 'Proposal to amend 4.A.5');
    await addMember(server, coord.cookie, draftId, ed.email, 'editor');
    await addMember(server, coord.cookie, draftId, ed2.email, 'editor');
    const a = await connect(ed.cookie, draftId);
    const b = await connect(ed2.cookie, draftId);

    const clause = 'Systems, equipment and components for monitoring telecommunication networks. ';
    await durably(a, () => a.type(clause.repeat(60)));
    await waitFor(() => b.text() === a.text(), 10_000, 'the second editor to receive the text');
    saved.push({ version: await save(coord.cookie, draftId, 'Official text'), text: a.text() });

    // Eight rounds of review: one editor strikes 100 scattered characters, the other adds a note.
    const rounds = 8;
    for (let round = 0; round < rounds; round++) {
      await durably(a, () =>
        a.doc.transact(() => {
          const text = paragraphText(a);
          for (let k = 99; k >= 0; k--) text.delete(5 + round * 2 + k * 40, 1);
        }),
      );
      await durably(b, () => b.type(` Note ${round}.`));
      await waitFor(() => a.text() === b.text(), 10_000, 'both editors to converge');
      saved.push({ version: await save(ed.cookie, draftId, `Review round ${round + 1}`), text: a.text() });
    }
    const firstRound = saved[1]?.version.bytes ?? 0;
    const lastRound = saved[rounds]?.version.bytes ?? 0;
    const fullAfterRounds = fullSnapshotBytes(a);

    // A one-word change after all that history.
    await durably(b, () => b.type(' export'));
    await waitFor(() => a.text() === b.text(), 10_000, 'both editors to converge');
    const oneWord = await save(ed2.cookie, draftId, 'One word more');
    saved.push({ version: oneWord, text: a.text() });

    // What a full snapshot per version would store at this point: every deletion ever made.
    expect(fullAfterRounds).toBeGreaterThan(1500);
    // Each round stores its own 100 deletions, not the growing history: the last round costs
    // about what the first did, while a full snapshot grew with every round.
    expect(lastRound).toBeLessThanOrEqual(firstRound * 1.3);
    expect(fullAfterRounds).toBeGreaterThan(lastRound * 5);
    // The one-word version stores two state-vector entries at most and no deletions.
    expect(oneWord.bytes).toBeLessThanOrEqual(32);
    expect(fullSnapshotBytes(a)).toBeGreaterThan(oneWord.bytes * 40);

    // Every version opens as exactly the text it was saved with.
    for (const s of saved) {
      const opened = await open(coord.cookie, draftId, s.version.id);
      expect(plainText(opened.content)).toBe(s.text);
      expect(opened.version.contentHash).toBe(s.version.contentHash);
      s.content = opened.content;
    }
  });

  it('opens every version exactly as saved after further edits, log compaction and a restart', async () => {
    await restart();
    const a = await connect(coord.cookie, draftId);
    await durably(a, () => paragraphText(a).delete(0, 30));
    await restart();
    for (const s of saved) {
      const opened = await open(coord.cookie, draftId, s.version.id);
      expect(opened.content).toEqual(s.content);
      expect(opened.version.contentHash).toBe(s.version.contentHash);
    }
  });

  it('keeps opening versions stored whole by an earlier release, and saves the next one as a delta on top of them', async () => {
    // Turn the database into what the release before deltas left: every version a full snapshot,
    // no snapshot_form column, and the migration not yet applied.
    for (const c of clients.splice(0)) c.destroy();
    expect((await server.stop()).code).toBe(0);
    const db = new Database(databasePath(dataDir));
    try {
      const rows = db.prepare<[string], { id: string; seq: number }>('SELECT id, seq FROM versions WHERE draft_id = ? ORDER BY seq').all(draftId);
      const chain = db.prepare<[string, number], { snapshot: Buffer }>('SELECT snapshot FROM versions WHERE draft_id = ? AND seq <= ? ORDER BY seq');
      const whole = rows.map((r) => ({ id: r.id, full: Y.encodeSnapshot(resolveChain(chain.all(draftId, r.seq).map((x) => new Uint8Array(x.snapshot)))) }));
      const put = db.prepare<[Buffer, string]>('UPDATE versions SET snapshot = ? WHERE id = ?');
      for (const w of whole) put.run(Buffer.from(w.full), w.id);
      db.exec('ALTER TABLE versions DROP COLUMN snapshot_form');
      db.prepare('DELETE FROM schema_migrations WHERE name = ?').run('0008-version-deltas');
    } finally {
      db.close();
    }
    server = await startServer({ dataDir, env: ENV });

    for (const s of saved) {
      const opened = await open(coord.cookie, draftId, s.version.id);
      expect(opened.content).toEqual(s.content);
      // Stored whole now: as large as a full snapshot, which grows with the history.
      expect(opened.version.bytes).toBeGreaterThanOrEqual(s.version.bytes);
    }
    const a = await connect(coord.cookie, draftId);
    await durably(a, () => a.type(' Final.'));
    const next = await save(coord.cookie, draftId, 'After the upgrade');
    // What changed since the last version: one deletion (the restart test's) and two writers.
    expect(next.bytes).toBeLessThanOrEqual(64);
    expect(fullSnapshotBytes(a)).toBeGreaterThan(next.bytes * 20);
    expect(plainText((await open(coord.cookie, draftId, next.id)).content)).toBe(a.text());
    const last = saved[saved.length - 1];
    if (!last) throw new Error('no versions saved');
    expect((await open(coord.cookie, draftId, last.version.id)).content).toEqual(last.content);
  });
});

describe('the edit record', () => {
  it('credits a member who only deleted since the last version, even right after a version was saved', async () => {
    const admin = await loginAdmin(server);
    const [c, ed, ed2] = await Promise.all([buildUser(server, admin), buildUser(server, admin), buildUser(server, admin)]);
    if (!c || !ed || !ed2) throw new Error('users missing');
    const drafted = await buildDraft(server, c.cookie, 'Proposal to amend 5.A.4');
    await addMember(server, c.cookie, drafted, ed.email, 'editor');
    await addMember(server, c.cookie, drafted, ed2.email, 'editor');
    const writer = await connect(ed2.cookie, drafted);
    await durably(writer, () => writer.type('Radio frequency monitoring equipment, as follows'));
    const deleter = await connect(ed.cookie, drafted);
    await waitFor(() => deleter.text() === writer.text(), 10_000, 'the deleter to receive the text');
    const deleteOnServer = async (count: number) => {
      const expected = writer.text().slice(count);
      deleter.doc.transact(() => paragraphText(deleter).delete(0, count));
      await waitFor(() => writer.text() === expected, 10_000, 'the deletion to reach the server and the writer');
    };
    await save(c.cookie, drafted, 'Start');
    await deleteOnServer(6);
    expect((await save(c.cookie, drafted, 'First cut')).contributors.map((p) => p.userId)).toEqual([ed.id]);
    // Within seconds of that version, the same member deletes again, and only deletes.
    await deleteOnServer(10);
    expect((await save(c.cookie, drafted, 'Second cut')).contributors.map((p) => p.userId)).toEqual([ed.id]);
  });

  it('is committed with the edit itself: a deletion acknowledged just before a crash stays attributed to its author', async () => {
    const admin = await loginAdmin(server);
    const [c, ed] = await Promise.all([buildUser(server, admin), buildUser(server, admin)]);
    if (!c || !ed) throw new Error('users missing');
    const drafted = await buildDraft(server, c.cookie, 'Proposal to amend 5.A.2');
    await addMember(server, c.cookie, drafted, ed.email, 'editor');
    const a = await connect(ed.cookie, drafted);
    await durably(a, () => a.type('Dual-use cryptography items, as listed'));
    const before = await save(c.cookie, drafted, 'Before the cut');

    // Delete "Dual-use " and kill the server as soon as the server has acknowledged it.
    await durably(a, () => paragraphText(a).delete(0, 'Dual-use '.length));
    for (const client of clients.splice(0)) client.destroy();
    expect((await server.kill()).signal).toBe('SIGKILL');
    server = await startServer({ dataDir, env: ENV });

    const res = await api(server, c.cookie, 'GET', `/api/drafts/${drafted}/compare?from=${before.id}&to=current`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const changes = CompareResponseSchema.parse(res.body).changes;
    expect(changes.map((ch) => [ch.kind, ch.excerpt, ch.author.userId])).toEqual([
      ['delete', 'Dual-use ', ed.id],
      ['insert', '.', ed.id],
    ]);
  });
});
