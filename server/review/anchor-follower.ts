import type * as Y from 'yjs';
import type { DocRegistry } from '../collab/doc-registry.ts';
import { DraftRoom } from '../collab/draft-room.ts';
import type { Logger } from '../logger.ts';
import { carryAnchor, hasMovedText, insertedText } from './moved-text.ts';
import type { ReviewRepo } from './review-repo.ts';

/**
 * Keeps comment and suggestion anchors on their words when an edit moves them (a paragraph split,
 * a join, a sub-item nested with Tab, a block moved; see moved-text.ts), whoever made the edit:
 * a member typing, a client coming back online, or the server accepting a suggestion. Runs on the
 * server's copy of each open draft, right after each transaction, so every client reads the moved
 * anchors from the review list it is told to refetch.
 */
export function followMovedText(deps: { repo: ReviewRepo; registry: DocRegistry; logger: Logger }): void {
  const { repo, registry, logger } = deps;
  const attach = (room: DraftRoom) => {
    const onTransaction = (tr: Y.Transaction) => {
      try {
        const inserted = insertedText(tr);
        // Most transactions (typing, deleting) move nothing: the threads are read only when some text did move.
        if (!hasMovedText(tr, inserted)) return;
        const moved = [];
        for (const t of repo.liveThreads(room.draftId)) {
          const anchor = carryAnchor(tr, inserted, t.anchor);
          if (anchor) moved.push({ id: t.id, anchor });
        }
        if (moved.length === 0) return;
        repo.moveAnchors(moved);
        registry.notify(room.draftId, 'review');
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
