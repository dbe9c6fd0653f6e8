import * as Y from 'yjs';
import type { Db } from './db.ts';
import type { DraftId, UserId } from '../../shared/ids.ts';

/** What is on disk for one draft: the compacted state (if any) and every update after it, in order. */
export interface StoredDocument {
  snapshot: Uint8Array | undefined;
  updates: Uint8Array[];
  /** Bytes read, for the document size cap. */
  bytes: number;
  /** Client id → owning account, for attribution and the write-as-another-client check. */
  clients: Map<number, UserId>;
}

/**
 * Read side of document storage (the main thread's connection). Writes go through the
 * UpdateWriter's worker so fsyncs never block the event loop.
 */
export function createDocStore(db: Db) {
  const snapshot = db.prepare<[string], { state: Buffer; through_id: number }>(
    'SELECT state, through_id FROM doc_snapshots WHERE draft_id = ?',
  );
  const updates = db.prepare<[string, number], { data: Buffer }>(
    'SELECT data FROM doc_updates WHERE draft_id = ? AND id > ? ORDER BY id',
  );
  const clients = db.prepare<[string], { client_id: number; user_id: string }>(
    'SELECT client_id, user_id FROM doc_clients WHERE draft_id = ?',
  );
  const countUpdates = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM doc_updates WHERE draft_id = ?');

  return {
    load: db.transaction((draftId: DraftId): StoredDocument => {
      const snap = snapshot.get(draftId);
      const rows = updates.all(draftId, snap?.through_id ?? 0);
      let bytes = snap?.state.byteLength ?? 0;
      const list = rows.map((r) => {
        bytes += r.data.byteLength;
        return new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength);
      });
      const owners = new Map<number, UserId>();
      for (const c of clients.all(draftId)) owners.set(c.client_id, c.user_id as UserId);
      return {
        snapshot: snap ? new Uint8Array(snap.state.buffer, snap.state.byteOffset, snap.state.byteLength) : undefined,
        updates: list,
        bytes,
        clients: owners,
      };
    }),
    /** Rows in the update log for a draft (compaction folds them away). */
    updateCount: (draftId: DraftId): number => countUpdates.get(draftId)?.n ?? 0,
  };
}
export type DocStore = ReturnType<typeof createDocStore>;

/** Applies what is stored for a draft to `doc` (origin 'storage'), in one transaction. */
export function applyStoredDocument(doc: Y.Doc, stored: StoredDocument): void {
  Y.transact(
    doc,
    () => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(doc, u);
    },
    'storage',
  );
}
