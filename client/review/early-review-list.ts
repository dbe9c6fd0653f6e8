import type { ReviewState } from '../../shared/api/review.ts';
import type { DraftId } from '../../shared/ids.ts';
import type { CollabSession } from '../collab/collab-session.ts';
import { reviewApi } from './review-api.ts';

/**
 * The review list of a draft whose session was started early (collab/early-session.ts), fetched
 * while the editor's code still loads, so the page's first fetch of hundreds of threads is already
 * parsed when the review controller is made. It is fetched when the server welcomes the socket, and
 * again on every later notice that the review changed, until the controller takes it and listens
 * itself: no change between the fetch and the controller is missed.
 */
const lists = new WeakMap<CollabSession, { latest?: Promise<ReviewState>; stop: () => void }>();

export function startEarlyReviewList(session: CollabSession, draftId: DraftId): void {
  const entry: { latest?: Promise<ReviewState>; stop: () => void } = { stop: () => {} };
  entry.stop = session.onServerChange('review', () => {
    const fetching = reviewApi.state(draftId);
    // Its taker sees a failure; until then it is not an unhandled rejection.
    fetching.catch(() => undefined);
    entry.latest = fetching;
  });
  lists.set(session, entry);
}

/** The list fetched since the last welcome or notice, handed out once; undefined if none was started. */
export function takeEarlyReviewList(session: CollabSession): Promise<ReviewState> | undefined {
  const entry = lists.get(session);
  lists.delete(session);
  entry?.stop();
  return entry?.latest;
}
