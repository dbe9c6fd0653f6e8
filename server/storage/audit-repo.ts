import type { Db } from './db.ts';

/** One stored audit entry; `detail` is the JSON text exactly as hashed. */
export interface AuditRow {
  id: number;
  at: string;
  draftId: string | null;
  actorId: string | null;
  action: string;
  detail: string;
  address: string;
  prevHash: string;
  hash: string;
}

interface RawAudit {
  id: number;
  at: string;
  draft_id: string | null;
  actor_id: string | null;
  action: string;
  detail: string;
  address: string;
  prev_hash: string;
  hash: string;
}

/** An entry with the actor's name and email joined in, for display and export. */
export interface AuditView extends AuditRow {
  actorName: string | null;
  actorEmail: string | null;
}

const toRow = (r: RawAudit): AuditRow => ({
  id: r.id,
  at: r.at,
  draftId: r.draft_id,
  actorId: r.actor_id,
  action: r.action,
  detail: r.detail,
  address: r.address,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** The append-only audit table. There is no update or delete statement here, on purpose. */
export function createAuditRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO audit_log (at, draft_id, actor_id, action, detail, address, prev_hash, hash)
     VALUES (@at, @draftId, @actorId, @action, @detail, @address, @prevHash, @hash)`,
  );
  const last = db.prepare<[], RawAudit>('SELECT * FROM audit_log ORDER BY id DESC LIMIT 1');
  const after = db.prepare<[number, number], RawAudit>('SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT ?');
  const view = `SELECT a.*, u.name AS actor_name, u.email AS actor_email FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id`;
  const forDraft = db.prepare<[string, number, number], RawAudit & { actor_name: string | null; actor_email: string | null }>(
    `${view} WHERE a.draft_id = ? AND a.id < ? ORDER BY a.id DESC LIMIT ?`,
  );
  const forInstance = db.prepare<[number, number], RawAudit & { actor_name: string | null; actor_email: string | null }>(
    `${view} WHERE a.id < ? ORDER BY a.id DESC LIMIT ?`,
  );
  const withActor = (r: RawAudit & { actor_name: string | null; actor_email: string | null }): AuditView => ({
    ...toRow(r),
    actorName: r.actor_name,
    actorEmail: r.actor_email,
  });
  return {
    insert: (row: Omit<AuditRow, 'id'>): number => Number(insert.run(row).lastInsertRowid),
    last: (): AuditRow | undefined => {
      const r = last.get();
      return r && toRow(r);
    },
    /** Rows in chain order after `id`, a page at a time (verification walks the whole chain). */
    after: (id: number, limit: number): AuditRow[] => after.all(id, limit).map(toRow),
    /** Newest first, before `beforeId` (exclusive) for paging. */
    forDraft: (draftId: string, beforeId: number, limit: number): AuditView[] => forDraft.all(draftId, beforeId, limit).map(withActor),
    forInstance: (beforeId: number, limit: number): AuditView[] => forInstance.all(beforeId, limit).map(withActor),
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
