import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import type { DraftId, UserId, VersionId } from '../shared/ids.ts';
import { newId } from '../server/auth/tokens.ts';
import { DocRegistry } from '../server/collab/doc-registry.ts';
import type { Peer } from '../server/collab/peer.ts';
import { createLogger } from '../server/logger.ts';
import { databasePath, openDatabase } from '../server/storage/db.ts';
import { createDocStore } from '../server/storage/doc-store.ts';
import { createDraftsRepo } from '../server/storage/drafts-repo.ts';
import { peopleInDraft } from '../server/auth/people-in-draft.ts';
import { UpdateWriter } from '../server/storage/update-writer.ts';
import { createUsersRepo } from '../server/storage/users-repo.ts';
import { createVersionService } from '../server/versions/version-service.ts';
import { ms } from './stats.ts';
import { applyPatch, loadTrace } from './trace.ts';

const TRACE = fileURLToPath(new URL('../../shared/traces/automerge-paper.json.gz', import.meta.url));
const EVERY = 5000;
/** Edits between two waits for the update writer (see the replay loop). */
const WRITER_PACE = 500;

const time = <T>(fn: () => T): { value: T; ms: number } => {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

/** A connection that is only a name: the bench feeds the room through the same path a socket would. */
function benchPeer(draftId: DraftId, userId: UserId): Peer {
  return {
    id: 1,
    draftId,
    identity: { userId, name: 'Bench Author', organisation: 'Bench', color: '#1f6feb', role: 'editor', address: '127.0.0.1', sessionId: 'bench' },
    readOnly: false,
    wantsControl: false,
    send: () => {},
    sendControl: () => {},
    close: () => {},
    charge: () => true,
  };
}

/**
 * Versions on the full automerge-paper trace, through the real stack in-process: the trace is typed
 * by one author's Y.Doc into a paragraph of the `default` fragment, each update goes through
 * DraftRoom.onDocumentMessage (validated, applied, recorded, written by the group-commit worker to
 * SQLite), and a version is saved every 5,000 edits through the version service. Each figure sits
 * beside the in-process floor: the bare Yjs work for the same thing, in the same run.
 */
export async function benchVersions(): Promise<string> {
  const trace = await loadTrace(TRACE);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plenary-bench-versions-'));
  const logger = createLogger('silent', () => {});
  const db = openDatabase(dir, { synchronous: 'NORMAL' });
  const writer = new UpdateWriter(
    { dbPath: databasePath(dir), synchronous: 'NORMAL', commitWindowMs: 2, maxQueuedBytes: 512 * 1024 * 1024, onStorageStateChange: () => {} },
    logger,
  );
  const docs = createDocStore(db);
  const users = createUsersRepo(db);
  const drafts = createDraftsRepo(db);
  const options = { maxOpenDrafts: 100, idleUnloadMs: 3_600_000, maxDocumentBytes: 1024 * 1024 * 1024, maxAwarenessBytes: 8192, compactAfterUpdates: 2000 };
  const registry = new DocRegistry(docs, writer, options, logger);
  const versions = createVersionService({ db, rooms: registry, people: peopleInDraft(users, createDraftsRepo(db)), logger, autoVersionQuietMs: 24 * 3600 * 1000, saveTimeoutMs: 60_000, durable: () => writer.barrier() });
  try {
    const userId = newId() as UserId;
    const now = new Date().toISOString();
    users.insert({ id: userId, email: 'bench@plenary.test', name: 'Bench Author', organisation: 'Bench', passwordHash: 'x', isAdmin: false, color: '#1f6feb', createdAt: now });
    const draftId = newId() as DraftId;
    drafts.create({ id: draftId, title: 'automerge-paper', createdBy: userId, createdAt: now, updatedAt: now });

    const room = registry.open(draftId);
    const peer = benchPeer(draftId, userId);
    room.join(peer);
    const author = new Y.Doc();
    author.on('update', (u: Uint8Array) => {
      const refusal = room.onDocumentMessage(peer, u, 'update');
      if (refusal) throw new Error(`update refused: ${refusal.reason}`);
    });
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText(trace.startContent);
    author.transact(() => {
      paragraph.insert(0, [text]);
      author.getXmlFragment('default').insert(0, [paragraph]);
    });

    const saved: Array<{ id: VersionId; bytes: number; snapshot: Uint8Array; saveMs: number; floorMs: number; fullStateBytes: number; edits: number }> = [];
    let edits = 0;
    const typeStart = performance.now();
    for (const txn of trace.txns) {
      author.transact(() => {
        for (const p of txn) applyPatch(text, p);
      });
      edits += txn.length;
      // Let the group-commit worker keep pace, as it does in a live server (a commit every few ms):
      // without it this loop never yields and every update would wait in memory until the end.
      if (edits % WRITER_PACE < txn.length) await writer.barrier();
      if (edits % EVERY < txn.length || edits === EVERY) {
        const floor = time(() => Y.encodeSnapshot(Y.snapshot(room.doc)));
        // A save waits for the edits it covers to be committed: commit them first, so that the time
        // below is the save's own work, as it is in a server whose writer keeps pace.
        await writer.barrier();
        const saveStart = performance.now();
        const version = await versions.save(draftId, { name: `After ${edits} edits`, kind: 'named', reason: 'saved', savedBy: userId });
        const saveMs = performance.now() - saveStart;
        const fullStateBytes = Y.encodeStateAsUpdate(room.doc).byteLength;
        saved.push({ id: version.id, bytes: version.bytes, snapshot: floor.value, saveMs, floorMs: floor.ms, fullStateBytes, edits });
      }
    }
    const typeMs = performance.now() - typeStart;
    await writer.drain();
    const finalText = yXmlFragmentToProsemirrorJSON(room.doc.getXmlFragment('default'));
    if (JSON.stringify(finalText).length < trace.endContent.length) throw new Error('replay did not reach the final text');

    const first = saved[0];
    const last = saved[saved.length - 1];
    if (!first || !last) throw new Error('no versions saved');
    // The floor opens from the full snapshot taken at save time (kept in memory, no storage).
    const fullSnapshots = new Map(saved.map((s) => [s.id, s.snapshot]));
    const floorOpen = (id: VersionId) =>
      time(() => {
        const b = fullSnapshots.get(id);
        if (!b) throw new Error('missing snapshot');
        const copy = Y.createDocFromSnapshot(room.doc, Y.decodeSnapshot(b));
        yXmlFragmentToProsemirrorJSON(copy.getXmlFragment('default'));
        copy.destroy();
      }).ms;
    const runs = (fn: () => number, n = 5) => median(Array.from({ length: n }, fn));
    // Plenary and its floor alternate, run by run, so a burst of load on a shared machine (or a
    // garbage collection) falls on both rather than on whichever happened to run then.
    const paired = (ours: () => number, floor: () => number, n = 7): [number, number] => {
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < n; i++) {
        a.push(ours());
        b.push(floor());
      }
      return [median(a), median(b)];
    };
    const [openOldest, openOldestFloor] = paired(() => time(() => versions.open(draftId, first.id)).ms, () => floorOpen(first.id));
    const [openNewest, openNewestFloor] = paired(() => time(() => versions.open(draftId, last.id)).ms, () => floorOpen(last.id));
    const [compareMs, compareFloor] = paired(() => time(() => versions.compare(draftId, first.id, last.id)).ms, () => floorOpen(first.id) + floorOpen(last.id), 3);
    const changes = versions.compare(draftId, first.id, last.id)?.changes.length ?? 0;

    // Cold load: compact, then load the draft as a fresh server process would.
    await room.maybeCompact(true);
    await writer.drain();
    const state = Y.encodeStateAsUpdate(room.doc);
    const cold = runs(() => {
      const fresh = new DocRegistry(docs, writer, options, logger);
      const t = time(() => fresh.open(draftId)).ms;
      for (const r of fresh.all()) r.destroy();
      return t;
    }, 3);
    const coldFloor = runs(() => time(() => Y.applyUpdate(new Y.Doc({ gc: false }), state)).ms, 3);

    const bytes = saved.map((s) => s.bytes);
    const rows = [
      '| measure (automerge-paper, 259,778 edits, a version every 5,000) | Plenary | in-process floor |',
      '|---|---|---|',
      `| versions saved | ${saved.length} | — |`,
      `| bytes stored per version (median / max / first / last) | ${kb(median(bytes))} / ${kb(Math.max(...bytes))} / ${kb(first.bytes)} / ${kb(last.bytes)} | a full snapshot each: ${kb(first.snapshot.byteLength)} → ${kb(last.snapshot.byteLength)}; a full encoded state each: ${kb(first.fullStateBytes)} → ${kb(last.fullStateBytes)} |`,
      `| save a version (median / max) | ${ms(median(saved.map((s) => s.saveMs)))} / ${ms(Math.max(...saved.map((s) => s.saveMs)))} | ${ms(median(saved.map((s) => s.floorMs)))} (Y.snapshot + encode) |`,
      `| open the oldest version | ${ms(openOldest)} | ${ms(openOldestFloor)} (createDocFromSnapshot + to JSON) |`,
      `| open the newest version | ${ms(openNewest)} | ${ms(openNewestFloor)} |`,
      `| compare first and last (${changes} changes, attributed) | ${ms(compareMs)} | ${ms(compareFloor)} (both versions to JSON, no diff) |`,
      `| cold load of the draft (compacted, ${kb(state.byteLength)}) | ${ms(cold)} | ${ms(coldFloor)} (Y.applyUpdate) |`,
      `| replay of the trace through the room (context) | ${ms(typeMs)} | — |`,
    ];
    return rows.join('\n');
  } finally {
    versions.close();
    for (const r of registry.all()) r.destroy();
    await writer.close();
    db.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

// Run directly: `node --import tsx bench/versions.ts`.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  benchVersions().then(
    (table) => process.stdout.write(`${table}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
