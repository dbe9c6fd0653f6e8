import type * as Y from 'yjs';
import type { DraftId } from '../../shared/ids.ts';
import type { DocRegistry } from '../collab/doc-registry.ts';
import { DraftRoom } from '../collab/draft-room.ts';
import type { Logger } from '../logger.ts';
import { indexText, isDetached, resolveAnchor } from './anchors.ts';
import type { ReviewRepo } from './review-repo.ts';

/** How long after a deletion the threads are looked at (a run of Backspaces is looked at once). */
const CHECK_AFTER_MS = 250;

/**
 * Tells a draft's members to refetch the review list when an edit detaches a thread (all its words
 * deleted). Whether a thread is detached is worked out
 * when the list is read, and nothing else in an edit makes the members refetch it, so until then
 * their cards still offered to show words that were gone, without "Text deleted".
 */
export function noticeDetachedThreads(deps: { repo: ReviewRepo; registry: DocRegistry; logger: Logger }): void {
  const { repo, registry, logger } = deps;
  /** Per draft, the threads detached when its members were last told. */
  const told = new Map<DraftId, Set<string>>();

  const check = (room: DraftRoom) => {
    try {
      const threads = repo.liveThreads(room.draftId);
      const index = indexText(room.doc);
      const detached = new Set(threads.filter((t) => isDetached(resolveAnchor(room.doc, index, t.anchor), t.quote)).map((t) => t.id));
      const before = told.get(room.draftId) ?? new Set<string>();
      told.set(room.draftId, detached);
      if (detached.size !== before.size || [...detached].some((id) => !before.has(id))) registry.notify(room.draftId, 'review');
    } catch (err) {
      // Nothing is lost: the list says it at the next refetch.
      logger.warn('could not check review threads after a deletion', { draftId: room.draftId, err });
    }
  };

  const attach = (room: DraftRoom) => {
    let timer: NodeJS.Timeout | undefined;
    const onTransaction = (tr: Y.Transaction) => {
      // Only a deletion can detach a thread (an undone deletion inserts new text, which the
      // thread's anchors do not name, so it stays detached). Typing is not looked at.
      if (timer || tr.deleteSet.clients.size === 0) return;
      timer = setTimeout(() => {
        timer = undefined;
        check(room);
      }, CHECK_AFTER_MS).unref();
    };
    room.doc.on('afterTransaction', onTransaction);
    room.doc.once('destroy', () => {
      clearTimeout(timer);
      told.delete(room.draftId);
      room.doc.off('afterTransaction', onTransaction);
    });
  };
  DraftRoom.onCreate.add(attach);
  for (const room of registry.all()) attach(room);
}
