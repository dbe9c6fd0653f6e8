import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { configureConnection } from './db.ts';
import { createEditRecordWriter } from './edit-record-writer.ts';
import type { WriterRequest, WriterResponse } from './writer-protocol.ts';

/**
 * The single writer of document updates and their edit records (who inserted and deleted what). It
 * runs in its own thread with its own SQLite connection so that each commit's fsync
 * (synchronous=FULL) and the inserts happen off the main event loop. Requests are handled strictly
 * in order; each is one transaction, answered only after it committed.
 */
const { dbPath, synchronous } = workerData as { dbPath: string; synchronous: 'FULL' | 'NORMAL' };
const db = new Database(dbPath);
configureConnection(db, { synchronous });

const insertUpdate = db.prepare('INSERT INTO doc_updates (draft_id, user_id, data, created_at) VALUES (?, ?, ?, ?)');
const insertClient = db.prepare(
  'INSERT OR IGNORE INTO doc_clients (draft_id, client_id, user_id, first_seen_at) VALUES (?, ?, ?, ?)',
);
const maxId = db.prepare<[string], { m: number | null }>('SELECT MAX(id) AS m FROM doc_updates WHERE draft_id = ?');
const upsertSnapshot = db.prepare(
  `INSERT INTO doc_snapshots (draft_id, state, through_id, updated_at) VALUES (?, ?, ?, ?)
   ON CONFLICT (draft_id) DO UPDATE SET state = excluded.state, through_id = excluded.through_id, updated_at = excluded.updated_at`,
);
const snapshotThrough = db.prepare<[string], { through_id: number }>('SELECT through_id FROM doc_snapshots WHERE draft_id = ?');
const deleteFolded = db.prepare('DELETE FROM doc_updates WHERE draft_id = ? AND id <= ?');
const editRecords = createEditRecordWriter(db);

const append = db.transaction((rows: Extract<WriterRequest, { kind: 'append' }>['rows']) => {
  for (const row of rows) {
    insertUpdate.run(row.draftId, row.userId, row.data, row.createdAt);
    for (const client of row.newClients) insertClient.run(row.draftId, client, row.userId, row.createdAt);
    if (row.edits) editRecords.write(row.draftId, row.edits);
  }
});

/**
 * Folds the log into `state`. Every row already committed for this draft was applied to the
 * in-memory document before `state` was encoded (the main thread applies before it queues), so
 * `state` covers every row up to the current maximum id.
 */
const compact = db.transaction((draftId: string, state: Uint8Array) => {
  const through = maxId.get(draftId)?.m ?? snapshotThrough.get(draftId)?.through_id ?? 0;
  upsertSnapshot.run(draftId, state, through, Date.now());
  deleteFolded.run(draftId, through);
});

function handle(req: WriterRequest): WriterResponse {
  try {
    switch (req.kind) {
      case 'append':
        append(req.rows);
        break;
      case 'compact':
        compact(req.draftId, req.state);
        break;
      case 'close':
        db.close();
        break;
    }
    return { batchId: req.batchId, ok: true };
  } catch (err) {
    editRecords.reset();
    const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'UNKNOWN';
    const message = err instanceof Error ? err.message : String(err);
    return { batchId: req.batchId, ok: false, code, message };
  }
}

parentPort?.on('message', (req: WriterRequest) => {
  parentPort?.postMessage(handle(req));
});
