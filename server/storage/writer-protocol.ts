import type { DeleteRange } from './delete-ranges.ts';

/** Messages between the main thread and the update-writer worker (structured-clone data only). */
export interface AppendRow {
  draftId: string;
  userId: string;
  data: Uint8Array;
  createdAt: number;
  /** Client ids this update claims for the first time. */
  newClients: number[];
  /** Who inserted and deleted what in this update, committed in the same transaction. */
  edits?: EditRecord;
}

/**
 * The edit record of one stored update (server/versions/edit-recorder.ts builds it): Yjs keeps no
 * author of a deletion and no time of an insertion, so the server records them as it applies each
 * update, from its own knowledge of which authenticated member sent it.
 */
export interface EditRecord {
  /** Epoch milliseconds. */
  at: number;
  /** Clock values where a client id starts a new stretch of insertions (written at `at`). */
  insertions: Array<{ clientId: number; clock: number }>;
  /**
   * The deletions this update newly made, by the account that sent it (`userId`) or, for a change
   * the server made for a member, the client id it wrote under (`actorClient`, owned in doc_clients).
   */
  deletions?: {
    userId: string | null;
    actorClient: number | null;
    ranges: DeleteRange[];
    /** Whether they may join the draft's previous deletion row (same author, same stretch of work). */
    continues: boolean;
  };
}

export type WriterRequest =
  | { kind: 'append'; batchId: number; rows: AppendRow[] }
  | { kind: 'compact'; batchId: number; draftId: string; state: Uint8Array }
  | { kind: 'close'; batchId: number };

export type WriterResponse =
  | { batchId: number; ok: true }
  | { batchId: number; ok: false; code: string; message: string };
