import type { WebsocketProvider } from 'y-websocket';
import type { DraftId } from '../../shared/ids.ts';
import { CloseCode, type CloseCodeValue } from '../../shared/protocol/close-codes.ts';
import { api } from '../api/endpoints.ts';
import { ApiRequestError } from '../api/http.ts';

/**
 * The server refuses a websocket handshake it will not authorise with a plain HTTP status (401
 * session ended, 404 draft gone or not a member: server/ws/upgrade.ts), before any websocket exists.
 * A browser never shows that status to the page: the provider sees a connection that failed
 * (close code 1006) and retries for ever, and the page would say "Offline" for ever while the person
 * keeps typing. So when an attempt fails without ever opening, the page asks the JSON API why.
 */

/** Not more than one check in this time, however fast attempts fail. */
const MIN_CHECK_INTERVAL_MS = 4000;
/** The longest wait between checks while each one concludes nothing (doubling from the shortest). */
const MAX_CHECK_INTERVAL_MS = 60_000;

/**
 * The wait before the next check, after a check that concluded nothing (the server busy or out of
 * reach, or everything fine while the socket is still refused, as with too many connections): twice
 * the last one, up to MAX_CHECK_INTERVAL_MS, so a page kept out for an hour asks the JSON API about
 * once a minute rather than fifteen times.
 */
export function nextCheckInterval(lastMs: number): number {
  return Math.min(Math.max(lastMs, MIN_CHECK_INTERVAL_MS) * 2, MAX_CHECK_INTERVAL_MS);
}

/** How one check request ended: the HTTP status, 200 for an answer, 0 when the server was not reached. */
export type CheckStatus = number;

/**
 * What the answers of GET /api/me and GET /api/drafts/:id mean for the draft's connection: the close
 * code the server would have sent an open connection for the same reason, or undefined when nothing
 * is final (the network failed, the server is busy or failing, or both answers were fine, so the
 * refusal was something passing). `draft` is undefined when it was not asked.
 */
export function accessEndedCode(me: CheckStatus, draft: CheckStatus | undefined): CloseCodeValue | undefined {
  if (me === 401) return CloseCode.Unauthenticated;
  if (me !== 200) return undefined;
  if (draft === 401) return CloseCode.Unauthenticated;
  if (draft === 403) return CloseCode.Forbidden;
  // The server answers 404 alike for a deleted draft and for one the account is not a member of.
  if (draft === 404) return CloseCode.NotFound;
  return undefined;
}

export interface RefusalWatch {
  /** Stops listening and abandons a check under way (its answer is ignored). */
  stop(): void;
}

/**
 * Watches `provider` for connection attempts that fail before opening and, at most once per failed
 * attempt and once every MIN_CHECK_INTERVAL_MS (longer while checks conclude nothing, see
 * nextCheckInterval), asks the server whether access ended. If it did,
 * `onAccessEnded` hears the close code (once); the caller ends the session as that close would.
 * No timer is used: a throttled attempt is simply not checked, the next failed one is.
 */
export function watchRefusedHandshakes(provider: WebsocketProvider, draftId: DraftId, onAccessEnded: (code: CloseCodeValue) => void): RefusalWatch {
  let attemptOpened = false;
  let lastCheckAt = -Infinity;
  let checkInterval = MIN_CHECK_INTERVAL_MS;
  let checking: AbortController | undefined;
  let stopped = false;

  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connecting') attemptOpened = false;
    else if (status === 'connected') {
      attemptOpened = true;
      checkInterval = MIN_CHECK_INTERVAL_MS;
    }
  };
  // `event` is null when the page closed the socket itself (disconnect, the provider's watchdog):
  // nothing was refused. An attempt that opened was ended by the server with a close code, which
  // the session already understands.
  const onConnectionClose = (event: CloseEvent | null) => {
    if (event === null || attemptOpened) return;
    const now = performance.now();
    if (checking || now - lastCheckAt < checkInterval) return;
    lastCheckAt = now;
    const controller = new AbortController();
    checking = controller;
    void askWhy(draftId, controller.signal).then((code) => {
      if (checking === controller) checking = undefined;
      // An attempt that connected meanwhile was accepted: whatever ends it now comes as a close code.
      if (stopped || provider.wsconnected) return;
      if (code === undefined) {
        checkInterval = nextCheckInterval(checkInterval);
        return;
      }
      stop();
      onAccessEnded(code);
    });
  };

  provider.on('status', onStatus);
  provider.on('connection-close', onConnectionClose);
  const stop = () => {
    stopped = true;
    provider.off('status', onStatus);
    provider.off('connection-close', onConnectionClose);
    checking?.abort();
    checking = undefined;
  };
  return { stop };
}

/** Asks who is logged in and then whether the draft is still theirs; the close code that applies, if any. */
async function askWhy(draftId: DraftId, signal: AbortSignal): Promise<CloseCodeValue | undefined> {
  const me = await statusOf(api.me(signal));
  if (me !== 200) return accessEndedCode(me, undefined);
  return accessEndedCode(me, await statusOf(api.getDraft(draftId, signal)));
}

async function statusOf(answer: Promise<unknown>): Promise<CheckStatus> {
  try {
    await answer;
    return 200;
  } catch (err) {
    return err instanceof ApiRequestError ? err.status : 0;
  }
}
