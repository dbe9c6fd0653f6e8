import type { DraftId, UserId, VersionId } from '../../shared/ids.ts';
import type { VersionReason } from '../../shared/api/versions.ts';
import type { Db } from '../storage/db.ts';
import type { SnapshotForm } from './snapshot-chain.ts';

export interface VersionRow {
  id: VersionId;
  draftId: DraftId;
  seq: number;
  name: string;
  kind: 'named' | 'auto';
  reason: VersionReason;
  /** The stored snapshot bytes: the full snapshot, or the delta from the previous version's. */
  snapshot: Uint8Array;
  snapshotForm: SnapshotForm;
  contentHash: string;
  savedBy: UserId | null;
  /** Epoch milliseconds. */
  createdAt: number;
  contributors: UserId[];
}

export interface InsertionRow {
  clientId: number;
  clock: number;
  at: number;
}

export interface DeletionRow {
  userId: UserId | null;
  actorClient: number | null;
  at: number;
  ds: Uint8Array;
}

interface RawVersion {
  id: string;
  draft_id: string;
  seq: number;
  name: string;
  kind: 'named' | 'auto';
  reason: VersionReason;
  snapshot: Buffer;
  snapshot_form: SnapshotForm;
  content_hash: string;
  saved_by: string | null;
  created_at: number;
  contributors: string;
}

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

function toRow(r: RawVersion): VersionRow {
  const parsed: unknown = JSON.parse(r.contributors);
  return {
    id: r.id as VersionId,
    draftId: r.draft_id as DraftId,
    seq: r.seq,
    name: r.name,
    kind: r.kind,
    reason: r.reason,
    snapshot: bytes(r.snapshot),
    snapshotForm: r.snapshot_form,
    contentHash: r.content_hash,
    savedBy: r.saved_by as UserId | null,
    createdAt: r.created_at,
    contributors: Array.isArray(parsed) ? parsed.filter((x): x is UserId => typeof x === 'string') : [],
  };
}

/**
 * Versions, the baseline and the edit record, as named prepared statements on the main thread's
 * connection. Writes here are small (a snapshot delta) and rare (a version save, a rename); the
 * edit record is written by the update writer's thread with each update and only read here.
 */
export function createVersionStore(db: Db) {
  const cols = 'id, draft_id, seq, name, kind, reason, snapshot, snapshot_form, content_hash, saved_by, created_at, contributors';
  const list = db.prepare<[string], RawVersion>(`SELECT ${cols} FROM versions WHERE draft_id = ? ORDER BY seq DESC`);
  const find = db.prepare<[string, string], RawVersion>(`SELECT ${cols} FROM versions WHERE draft_id = ? AND id = ?`);
  const latest = db.prepare<[string], RawVersion>(`SELECT ${cols} FROM versions WHERE draft_id = ? ORDER BY seq DESC LIMIT 1`);
  const nextSeq = db.prepare<[string], { n: number }>('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM versions WHERE draft_id = ?');
  const insert = db.prepare(
    `INSERT INTO versions (${cols}) VALUES (@id, @draftId, @seq, @name, @kind, @reason, @snapshot, @snapshotForm, @contentHash, @savedBy, @createdAt, @contributors)`,
  );
  // The version's snapshot chain: the last full snapshot at or before `seq`, then every delta up to it.
  const chain = db.prepare<{ draftId: string; seq: number }, { snapshot: Buffer }>(
    `SELECT snapshot FROM versions WHERE draft_id = @draftId AND seq <= @seq
       AND seq >= (SELECT COALESCE(MAX(seq), 0) FROM versions WHERE draft_id = @draftId AND seq <= @seq AND snapshot_form = 'full')
     ORDER BY seq`,
  );
  const rename = db.prepare<[string, string, string]>('UPDATE versions SET name = ? WHERE draft_id = ? AND id = ?');
  const baseline = db.prepare<[string], { version_id: string }>('SELECT version_id FROM version_baselines WHERE draft_id = ?');
  const setBaseline = db.prepare<[string, string]>(
    'INSERT INTO version_baselines (draft_id, version_id) VALUES (?, ?) ON CONFLICT (draft_id) DO UPDATE SET version_id = excluded.version_id',
  );
  const clearBaseline = db.prepare<[string]>('DELETE FROM version_baselines WHERE draft_id = ?');
  const insertions = db.prepare<[string], { client_id: number; clock: number; at: number }>(
    'SELECT client_id, clock, at FROM edit_insertions WHERE draft_id = ? ORDER BY client_id, clock',
  );
  const deletions = db.prepare<[string], { user_id: string | null; actor_client: number | null; at: number; ds: Buffer }>(
    'SELECT user_id, actor_client, at, ds FROM edit_deletions WHERE draft_id = ? ORDER BY id',
  );
  const deletersSince = db.prepare<[string, number], { user_id: string | null; actor_client: number | null }>(
    'SELECT DISTINCT user_id, actor_client FROM edit_deletions WHERE draft_id = ? AND at > ?',
  );
  // doc_clients and the edit record are written by the update writer; read here for attribution only.
  const owners = db.prepare<[string], { client_id: number; user_id: string; first_seen_at: number }>(
    'SELECT client_id, user_id, first_seen_at FROM doc_clients WHERE draft_id = ?',
  );

  const insertNumbered = db.transaction((row: Omit<VersionRow, 'seq'>): VersionRow => {
    const seq = nextSeq.get(row.draftId)?.n ?? 1;
    insert.run({ ...row, seq, snapshot: Buffer.from(row.snapshot), contributors: JSON.stringify(row.contributors) });
    return { ...row, seq };
  });

  return {
    list: (draftId: DraftId): VersionRow[] => list.all(draftId).map(toRow),
    find: (draftId: DraftId, id: VersionId): VersionRow | undefined => {
      const r = find.get(draftId, id);
      return r && toRow(r);
    },
    latest: (draftId: DraftId): VersionRow | undefined => {
      const r = latest.get(draftId);
      return r && toRow(r);
    },
    /** The stored snapshots a version's full snapshot is resolved from, oldest first. */
    chainTo: (draftId: DraftId, seq: number): Uint8Array[] => chain.all({ draftId, seq }).map((r) => bytes(r.snapshot)),
    /**
     * Inserts a version, numbering it after the draft's last one, in one IMMEDIATE transaction: it
     * takes the write lock before reading, so a commit by the update writer's thread in between
     * makes it wait (busy_timeout) rather than fail with SQLITE_BUSY as a deferred read-then-write does.
     */
    insert: (row: Omit<VersionRow, 'seq'>): VersionRow => insertNumbered.immediate(row),
    rename: (draftId: DraftId, id: VersionId, name: string): void => void rename.run(name, draftId, id),
    baselineOf: (draftId: DraftId): VersionId | null => (baseline.get(draftId)?.version_id as VersionId | undefined) ?? null,
    setBaseline: (draftId: DraftId, id: VersionId): void => void setBaseline.run(draftId, id),
    clearBaseline: (draftId: DraftId): void => void clearBaseline.run(draftId),
    insertions: (draftId: DraftId): InsertionRow[] => insertions.all(draftId).map((r) => ({ clientId: r.client_id, clock: r.clock, at: r.at })),
    deletions: (draftId: DraftId): DeletionRow[] =>
      deletions.all(draftId).map((r) => ({ userId: r.user_id as UserId | null, actorClient: r.actor_client, at: r.at, ds: bytes(r.ds) })),
    deletersSince: (draftId: DraftId, since: number) => deletersSince.all(draftId, since).map((r) => ({ userId: r.user_id as UserId | null, actorClient: r.actor_client })),
    owners: (draftId: DraftId) => owners.all(draftId).map((r) => ({ clientId: r.client_id, userId: r.user_id as UserId, firstSeenAt: r.first_seen_at })),
  };
}
export type VersionStore = ReturnType<typeof createVersionStore>;
