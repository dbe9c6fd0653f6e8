import type { ExportFormat, ExportRecord } from '../../shared/api/export.ts';
import type { DraftId, UserId } from '../../shared/ids.ts';
import type { Db } from '../storage/db.ts';

export interface NewExportRecord {
  draftId: DraftId;
  userId: UserId;
  format: ExportFormat;
  versionId: string | null;
  againstId: string | null;
  contentHash: string;
  bytes: number;
  at: string;
}

interface RawRecord {
  id: number;
  user_id: string;
  user_name: string;
  format: ExportFormat;
  version_id: string | null;
  against_id: string | null;
  content_hash: string;
  bytes: number;
  created_at: string;
}

/** The export log (migration 0004-exports): one row per export, written before the file is sent. */
export function createExportLog(db: Db) {
  const insert = db.prepare(
    `INSERT INTO export_log (draft_id, user_id, format, version_id, against_id, content_hash, bytes, created_at)
     VALUES (@draftId, @userId, @format, @versionId, @againstId, @contentHash, @bytes, @at)`,
  );
  const list = db.prepare<[string, number], RawRecord>(
    `SELECT e.id, e.user_id, u.name AS user_name, e.format, e.version_id, e.against_id, e.content_hash, e.bytes, e.created_at
     FROM export_log e JOIN users u ON u.id = e.user_id WHERE e.draft_id = ? ORDER BY e.id DESC LIMIT ?`,
  );
  return {
    record: (r: NewExportRecord): void => void insert.run(r),
    /** The latest exports of a draft, newest first. */
    list: (draftId: DraftId, limit = 200): ExportRecord[] =>
      list.all(draftId, limit).map((r) => ({
        id: r.id,
        userId: r.user_id,
        userName: r.user_name,
        format: r.format,
        versionId: r.version_id,
        againstId: r.against_id,
        contentHash: r.content_hash,
        bytes: r.bytes,
        at: r.created_at,
      })),
  };
}
export type ExportLog = ReturnType<typeof createExportLog>;
