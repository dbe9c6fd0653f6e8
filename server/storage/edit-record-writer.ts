import type Database from 'better-sqlite3';
import { encodeRanges, type DeleteRange } from './delete-ranges.ts';
import type { EditRecord } from './writer-protocol.ts';

/** A shared row is rewritten on each deletion, so it is closed after this many ranges. */
const DELETION_ROW_MAX_RANGES = 64;

interface OpenDeletionRow {
  id: number | bigint;
  userId: string | null;
  actorClient: number | null;
  ranges: DeleteRange[];
}

/**
 * Writes edit records (edit_insertions, edit_deletions) in the update writer's transaction, next
 * to the updates they describe, so attribution is committed exactly when the edit is. Runs in the
 * writer thread: the main thread only describes each update.
 *
 * A draft's last deletion row takes the next deletions the recorder marks as continuing it (the same
 * author, shortly after, no version saved in between), so a run of backspaces is one row, not one
 * per keystroke (what attribution reads stays small).
 */
export function createEditRecordWriter(db: Database.Database) {
  const addInsertion = db.prepare('INSERT OR IGNORE INTO edit_insertions (draft_id, client_id, clock, at) VALUES (?, ?, ?, ?)');
  const addDeletion = db.prepare('INSERT INTO edit_deletions (draft_id, user_id, actor_client, at, ds) VALUES (?, ?, ?, ?, ?)');
  const growDeletion = db.prepare('UPDATE edit_deletions SET ds = ? WHERE id = ?');
  const open = new Map<string, OpenDeletionRow>();

  return {
    /** Writes one update's record; call inside the transaction that inserts the update. */
    write(draftId: string, record: EditRecord): void {
      for (const i of record.insertions) addInsertion.run(draftId, i.clientId, i.clock, record.at);
      const del = record.deletions;
      if (!del || del.ranges.length === 0) return;
      const last = open.get(draftId);
      if (
        del.continues &&
        last &&
        last.userId === del.userId &&
        last.actorClient === del.actorClient &&
        last.ranges.length + del.ranges.length <= DELETION_ROW_MAX_RANGES
      ) {
        last.ranges.push(...del.ranges);
        growDeletion.run(Buffer.from(encodeRanges(last.ranges)), last.id);
        return;
      }
      const id = addDeletion.run(draftId, del.userId, del.actorClient, record.at, Buffer.from(encodeRanges(del.ranges))).lastInsertRowid;
      open.set(draftId, { id, userId: del.userId, actorClient: del.actorClient, ranges: [...del.ranges] });
    },
    /** Forgets the open rows: after a rolled-back transaction they may not exist or hold less. */
    reset(): void {
      open.clear();
    },
  };
}
