import type * as Y from 'yjs';
import type { Anchor } from '../../shared/api/review.ts';
import type { DraftId } from '../../shared/ids.ts';
import type { DocRegistry } from '../collab/doc-registry.ts';
import { DraftRoom } from '../collab/draft-room.ts';
import type { Logger } from '../logger.ts';
import { carryAnchor, hasMovedText, insertedText } from './moved-text.ts';
import type { ReviewRepo } from './review-repo.ts';

/** While the database refuses writes, moved anchors wait in memory and are written this often. */
const RETRY_MS = 2000;

/**
 * Keeps comment and suggestion anchors on their words when an edit moves them (a paragraph split,
 * a join, a sub-item nested with Tab, a block moved; see moved-text.ts), whoever made the edit:
 * a member typing, a client coming back online, or the server accepting a suggestion. Runs on the
 * server's copy of each open draft, right after each transaction, so every client reads the moved
 * anchors from the review list it is told to refetch.
 */
export function followMovedText(deps: { repo: ReviewRepo; registry: DocRegistry; logger: Logger }): void {
  const { repo, registry, logger } = deps;
  /** Moves not written yet because storage failed, per draft (latest anchor per thread). */
  const unsaved = new Map<DraftId, Map<string, Anchor>>();
  let retry: NodeJS.Timeout | undefined;

  /** Writes a draft's waiting moves; false (and they keep waiting) when storage refuses. */
  const write = (draftId: DraftId): boolean => {
    const moves = unsaved.get(draftId);
    if (!moves) return true;
    try {
      repo.moveAnchors([...moves].map(([id, anchor]) => ({ id, anchor })));
    } catch (err) {
      logger.warn('review anchors moved with their text are kept in memory until storage accepts them', { draftId, count: moves.size, err });
      retry ??= setTimeout(retryAll, RETRY_MS).unref();
      return false;
    }
    unsaved.delete(draftId);
    registry.notify(draftId, 'review');
    return true;
  };
  const retryAll = () => {
    retry = undefined;
    for (const draftId of [...unsaved.keys()]) if (!write(draftId)) return;
  };

  const attach = (room: DraftRoom) => {
    const onTransaction = (tr: Y.Transaction) => {
      try {
        const inserted = insertedText(tr);
        // Most transactions (typing, deleting) move nothing: the threads are read only when some text did move.
        if (!hasMovedText(tr, inserted)) return;
        const waiting = unsaved.get(room.draftId);
        let moves: Map<string, Anchor> | undefined;
        for (const t of repo.liveThreads(room.draftId)) {
          const anchor = carryAnchor(tr, inserted, waiting?.get(t.id) ?? t.anchor);
          if (anchor) (moves ??= waiting ?? new Map()).set(t.id, anchor);
        }
        if (!moves) return;
        unsaved.set(room.draftId, moves);
        // While a retry is due, storage is failing: do not block this edit on another busy wait.
        if (!retry) write(room.draftId);
      } catch (err) {
        // The edit itself is applied and saved regardless; the thread then shows as detached.
        logger.error('could not move review anchors with their text', { draftId: room.draftId, err });
      }
    };
    room.doc.on('afterTransaction', onTransaction);
    room.doc.once('destroy', () => room.doc.off('afterTransaction', onTransaction));
  };
  DraftRoom.onCreate.add(attach);
  for (const room of registry.all()) attach(room);
}
