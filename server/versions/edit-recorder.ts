import type * as Y from 'yjs';
import type { DraftId, UserId } from '../../shared/ids.ts';
import type { DraftRoom } from '../collab/draft-room.ts';
import { rangesOf } from '../storage/delete-ranges.ts';
import type { EditRecord } from '../storage/writer-protocol.ts';
import { isEdit, peerOf } from './edit-origin.ts';

/** Insertions under one client id within this window share one time (the first one's). */
const INSERT_SEGMENT_MS = 30_000;
/** Deletions by the same author within this window may share one stored row (and its time). */
const DELETION_ROW_WINDOW_MS = 30_000;

/**
 * Records, as each transaction is applied to a draft's server document, who inserted (by client id,
 * with a time) and who deleted what. Yjs itself keeps no author of a deletion, and a client's sync
 * step 2 carries its whole delete set, so we record the transaction's *new* deletions only
 * (`transaction.deleteSet`), attributed to the authenticated peer that sent them — or, for a change
 * the server made (restore), to the client id it wrote under, whose owner is in doc_clients.
 *
 * The room hands each transaction's record to the update writer with the update itself, so the
 * worker thread writes both in one transaction: attribution is committed exactly when the edit is,
 * and costs the main thread only the description. Until committed, a record stays readable here
 * (`pendingRecords`) so a version saved or compared in between still sees it.
 */
export class EditRecorder {
  /** The record of the transaction just applied, per draft, until the room takes it. */
  private readonly current = new Map<DraftId, EditRecord>();
  /** Records handed to the writer and not committed yet, per draft. */
  private readonly pending = new Map<DraftId, Set<EditRecord>>();
  private readonly segments = new Map<DraftId, Map<number, number>>();
  /** Client ids first written by a peer since load (doc_clients has them once the writer commits). */
  private readonly owners = new Map<DraftId, Map<number, UserId>>();
  /** Each draft's latest stored deletion: its author and when its row was started. */
  private readonly lastDeletion = new Map<DraftId, { userId: string | null; actorClient: number | null; rowStartedAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Starts recording a room's transactions (called once per room, when it is created). */
  attach(room: DraftRoom): void {
    const draftId = room.draftId;
    const onTransaction = (tr: Y.Transaction) => this.record(draftId, room.doc, tr);
    room.doc.on('afterTransaction', onTransaction);
    room.editRecords = { take: () => this.take(draftId), committed: (record) => this.committed(draftId, record) };
    room.doc.once('destroy', () => {
      room.doc.off('afterTransaction', onTransaction);
      this.current.delete(draftId);
      this.segments.delete(draftId);
      this.lastDeletion.delete(draftId);
    });
  }

  /** The owner of a client id first seen since load, if any. */
  ownerOf(draftId: DraftId, client: number): UserId | undefined {
    return this.owners.get(draftId)?.get(client);
  }

  /**
   * A version was saved: the next deletion starts a new row, so each row's time says on which side
   * of the version it falls (contributors since a version are read by that time).
   */
  versionSaved(draftId: DraftId): void {
    this.lastDeletion.delete(draftId);
  }

  /** Records on their way to the database (read them together with the stored ones). */
  pendingRecords(draftId: DraftId): Iterable<EditRecord> {
    return this.pending.get(draftId) ?? [];
  }

  private take(draftId: DraftId): EditRecord | undefined {
    const record = this.current.get(draftId);
    if (!record) return undefined;
    this.current.delete(draftId);
    let waiting = this.pending.get(draftId);
    if (!waiting) this.pending.set(draftId, (waiting = new Set()));
    waiting.add(record);
    return record;
  }

  private committed(draftId: DraftId, record: EditRecord): void {
    const waiting = this.pending.get(draftId);
    waiting?.delete(record);
    if (waiting?.size === 0) this.pending.delete(draftId);
  }

  private record(draftId: DraftId, doc: Y.Doc, tr: Y.Transaction): void {
    if (!isEdit(tr.origin)) return;
    const peer = peerOf(tr.origin); // loading from storage, or a read-only walk
    const at = this.now();
    let record = this.current.get(draftId);
    const start = () => {
      if (!record) this.current.set(draftId, (record = { at, insertions: [] }));
      return record;
    };
    let segments = this.segments.get(draftId);
    if (!segments) this.segments.set(draftId, (segments = new Map<number, number>()));
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0;
      if (after <= before) continue;
      if (peer) {
        let owners = this.owners.get(draftId);
        if (!owners) this.owners.set(draftId, (owners = new Map<number, UserId>()));
        if (!owners.has(client)) owners.set(client, peer.identity.userId);
      }
      const started = segments.get(client);
      if (started === undefined || at - started > INSERT_SEGMENT_MS) {
        segments.set(client, at);
        start().insertions.push({ clientId: client, clock: before });
      }
    }
    if (tr.deleteSet.clients.size === 0) return;
    const ranges = rangesOf(tr.deleteSet);
    if (ranges.length === 0) return;
    const userId = peer ? peer.identity.userId : null;
    const actorClient = peer ? null : doc.clientID;
    const rec = start();
    // The room takes the record after each transaction it applies, so one record holds one
    // author's deletions; the same author's are joined should two transactions ever meet here.
    if (rec.deletions && rec.deletions.userId === userId && rec.deletions.actorClient === actorClient) rec.deletions.ranges.push(...ranges);
    else rec.deletions = { userId, actorClient, ranges, continues: this.continuesLastDeletion(draftId, userId, actorClient, at) };
  }

  /** Whether a deletion may join the draft's previous deletion row; notes it as the latest either way. */
  private continuesLastDeletion(draftId: DraftId, userId: string | null, actorClient: number | null, at: number): boolean {
    const last = this.lastDeletion.get(draftId);
    const continues = last !== undefined && last.userId === userId && last.actorClient === actorClient && at - last.rowStartedAt <= DELETION_ROW_WINDOW_MS;
    if (!continues) this.lastDeletion.set(draftId, { userId, actorClient, rowStartedAt: at });
    return continues;
  }
}
