import type { DraftSummary } from '../../shared/api/drafts.ts';
import type { Me } from '../../shared/api/users.ts';
import { DraftIdSchema, type DraftId } from '../../shared/ids.ts';
import { api } from '../api/endpoints.ts';

/**
 * Requests the first page needs, started when the app's entry runs instead of when React first
 * renders the components that need them: who is logged in, and on a draft's address the draft's
 * details (its page shows nothing before both). Each is handed out once, to the first taker; a
 * later taker (after logging in, or another draft) asks the server itself.
 */
const early: { me?: Promise<Me>; draft?: { id: DraftId; details: Promise<DraftSummary> } } = {};

/** Starts the requests for the page at `pathname`. */
export function startEarlyRequests(pathname: string): void {
  early.me = handled(api.me());
  const draftId = DraftIdSchema.safeParse(/^\/drafts\/([^/]+)\/?$/.exec(pathname)?.[1]);
  if (!draftId.success) return;
  const details = handled(api.getDraft(draftId.data));
  early.draft = { id: draftId.data, details };
  // Asked without a session (a link to the draft followed while logged out), the answer is a
  // refusal meant for nobody: the draft page shown after logging in must ask again, not take it.
  early.me.catch(() => {
    if (early.draft?.details === details) early.draft = undefined;
  });
  // The draft's collaboration session too (collab/early-session.ts), once the account is known.
  const sessions = import('../collab/early-session.ts');
  Promise.all([early.me, sessions]).then(([me, m]) => m.startEarlySession(draftId.data, me), () => undefined);
  details.catch(() => sessions.then((m) => m.discardEarlySession(), () => undefined));
}

/** GET /api/me, started early if it was. */
export function takeMe(): Promise<Me> {
  const me = early.me ?? api.me();
  early.me = undefined;
  return me;
}

/** GET /api/drafts/:id, started early if it was for this draft. */
export function takeDraftDetails(id: DraftId): Promise<DraftSummary> {
  const started = early.draft?.id === id ? early.draft.details : undefined;
  early.draft = undefined;
  return started ?? api.getDraft(id);
}

/** Marks a promise's failure as handled here: its taker still sees it (an unused one is not an unhandled rejection). */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
