import type { Me } from '../../shared/api/users.ts';
import type { DraftId } from '../../shared/ids.ts';
import { startEarlyReviewList } from '../review/early-review-list.ts';
import { openCollabSession, type CollabSession } from './collab-session.ts';

/** How long a session started early waits for the draft page to take it before it is closed. */
const UNCLAIMED_MS = 30_000;

/**
 * A draft opened by its address starts its collaboration session as soon as the account is known
 * (client/app/early-requests.ts), while the editor's code is still being fetched and compiled: the
 * local copy loads, the socket's handshake is authorised and the draft's content arrives in that
 * time instead of after it, so the editor is created over a document that already holds the text
 * (and the review list is fetched, review/early-review-list.ts).
 * The draft page takes the session when it mounts; only one page load's first draft is started
 * this way, and only once (a page that mounted first opened its own, and a late start is dropped).
 */
let early: { draftId: DraftId; userId: string; session: CollabSession } | undefined;
/** The page took its session (or the draft could not be opened): nothing is started early any more. */
let settled = false;

export function startEarlySession(draftId: DraftId, me: Me): void {
  if (settled || early) return;
  const session = openCollabSession(draftId, me);
  // The draft's comments and suggestions too, once the server has welcomed the socket.
  startEarlyReviewList(session, draftId);
  early = { draftId, userId: me.id, session };
  // A page that never shows the draft (sent elsewhere first, e.g. to finish setting up its account)
  // must not keep a socket to it.
  setTimeout(() => {
    if (early?.session === session) discardEarlySession();
  }, UNCLAIMED_MS);
}

/** The session started early for this draft and account, handed out once; undefined if there is none. */
export function takeEarlySession(draftId: DraftId, me: Me): CollabSession | undefined {
  settled = true;
  const started = early;
  early = undefined;
  if (!started) return undefined;
  if (started.draftId === draftId && started.userId === me.id) return started.session;
  started.session.destroy();
  return undefined;
}

/** The draft cannot be opened (its details were refused): the session started for it is closed. */
export function discardEarlySession(): void {
  settled = true;
  early?.session.destroy();
  early = undefined;
}
