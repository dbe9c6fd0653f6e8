import type * as Y from 'yjs';
import type { DraftId, UserId } from '../../shared/ids.ts';
import type { DraftRoom } from '../collab/draft-room.ts';
import type { Logger } from '../logger.ts';
import { encodeRanges, rangesOf, type DeleteRange } from './delete-ranges.ts';
import { isEdit, peerOf } from './edit-origin.ts';
import type { DeletionRow, InsertionRow, VersionStore } from './version-store.ts';

/** Insertions under one client id within this window share one time (the first one's). */
const INSERT_SEGMENT_MS = 30_000;
/** Edit records are written at most this often (one small transaction). */
const FLUSH_DELAY_MS = 400;

/**
 * Records, as each transaction is applied to a draft's server document, who inserted (by client id,
 * with a time) and who deleted what. Yjs itself keeps no author of a deletion, and a client's sync
 * step 2 carries its whole delete set, so we record the transaction's *new* deletions only
 * (`transaction.deleteSet`), attributed to the authenticated peer that sent them — or, for a change
 * the server made (restore), to the client id it wrote under, whose owner is in doc_clients.
 *
 * Records are batched and written every few hundred milliseconds: losing the last batch in a crash
 * loses only attribution of those edits (shown as "Unknown member"), never content.
 */
export class EditRecorder {
  private insertions: Array<{ draftId: DraftId } & InsertionRow> = [];
  private deletions: Array<{ draftId: DraftId; ranges: DeleteRange[] } & Omit<DeletionRow, 'ds'>> = [];
  private readonly segments = new Map<DraftId, Map<number, number>>();
  /** Client ids first written by a peer since load (doc_clients has them once the writer commits). */
  private readonly owners = new Map<DraftId, Map<number, UserId>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: VersionStore,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts recording a room's transactions (called once per room, when it is created). */
  attach(room: DraftRoom): void {
    const onTransaction = (tr: Y.Transaction) => this.record(room.draftId, room.doc, tr);
    room.doc.on('afterTransaction', onTransaction);
    room.doc.once('destroy', () => {
      room.doc.off('afterTransaction', onTransaction);
      this.flush();
      this.segments.delete(room.draftId);
    });
  }

  /** The owner of a client id first seen since load, if any. */
  ownerOf(draftId: DraftId, client: number): UserId | undefined {
    return this.owners.get(draftId)?.get(client);
  }

  /** Writes every pending record now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.insertions.length === 0 && this.deletions.length === 0) return;
    const ins = this.insertions;
    const del = this.deletions;
    this.insertions = [];
    this.deletions = [];
    try {
      this.store.recordEdits(ins, del.map((d) => ({ draftId: d.draftId, userId: d.userId, actorClient: d.actorClient, at: d.at, ds: encodeRanges(d.ranges) })));
    } catch (err) {
      // Keep them for the next try: attribution is worth retrying, and content is not at stake.
      this.insertions = ins.concat(this.insertions);
      this.deletions = del.concat(this.deletions);
      this.logger.warn('edit record not written; will retry', { err });
      this.schedule();
    }
  }

  private record(draftId: DraftId, doc: Y.Doc, tr: Y.Transaction): void {
    if (!isEdit(tr.origin)) return;
    const peer = peerOf(tr.origin); // loading from storage, or a read-only walk
    const at = this.now();
    let changed = false;
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
        this.insertions.push({ draftId, clientId: client, clock: before, at });
        changed = true;
      }
    }
    if (tr.deleteSet.clients.size > 0) {
      const ranges = rangesOf(tr.deleteSet);
      const userId = peer ? peer.identity.userId : null;
      const actorClient = peer ? null : doc.clientID;
      const last = this.deletions[this.deletions.length - 1];
      // Consecutive deletions by the same author within a window become one record (one row).
      if (last && last.draftId === draftId && last.userId === userId && last.actorClient === actorClient && at - last.at <= INSERT_SEGMENT_MS) {
        last.ranges.push(...ranges);
      } else if (ranges.length > 0) {
        this.deletions.push({ draftId, userId, actorClient, at, ranges });
      }
      changed = true;
    }
    if (changed) this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), FLUSH_DELAY_MS);
    this.timer.unref();
  }
}
