import type * as Y from 'yjs';
import type { DraftId } from '../../shared/ids.ts';
import type { DraftRoom } from '../collab/draft-room.ts';
import type { Logger } from '../logger.ts';
import { isEdit } from './edit-origin.ts';

/**
 * Saves an automatic version of a draft after a burst of editing followed by `quietMs` without
 * edits, and when the draft is unloaded with edits not yet in a version. (The version just before
 * a restore is saved by the restore itself.)
 */
export class AutoVersioner {
  private readonly timers = new Map<DraftId, NodeJS.Timeout>();
  private readonly dirty = new Set<DraftId>();

  constructor(
    private readonly quietMs: number,
    private readonly save: (room: DraftRoom) => void,
    private readonly logger: Logger,
  ) {}

  attach(room: DraftRoom): void {
    const onTransaction = (tr: Y.Transaction) => {
      if (!isEdit(tr.origin)) return;
      if (tr.deleteSet.clients.size === 0 && !grew(tr)) return;
      this.touch(room);
    };
    room.doc.on('afterTransaction', onTransaction);
    room.doc.once('destroy', () => {
      room.doc.off('afterTransaction', onTransaction);
      this.clear(room.draftId);
      if (this.dirty.delete(room.draftId)) this.run(room);
    });
  }

  /** Forgets pending edits of a draft (a version of it was just saved). */
  saved(draftId: DraftId): void {
    this.dirty.delete(draftId);
    this.clear(draftId);
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private touch(room: DraftRoom): void {
    this.dirty.add(room.draftId);
    this.clear(room.draftId);
    const timer = setTimeout(() => {
      this.timers.delete(room.draftId);
      if (this.dirty.delete(room.draftId)) this.run(room);
    }, this.quietMs);
    timer.unref();
    this.timers.set(room.draftId, timer);
  }

  private run(room: DraftRoom): void {
    try {
      this.save(room);
    } catch (err) {
      this.logger.error('automatic version failed', { draftId: room.draftId, err });
    }
  }

  private clear(draftId: DraftId): void {
    const t = this.timers.get(draftId);
    if (t) clearTimeout(t);
    this.timers.delete(draftId);
  }
}

function grew(tr: Y.Transaction): boolean {
  for (const [client, after] of tr.afterState) if (after > (tr.beforeState.get(client) ?? 0)) return true;
  return false;
}
