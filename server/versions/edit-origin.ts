import { SERVER_ORIGIN } from '../collab/draft-room.ts';
import type { Peer } from '../collab/peer.ts';

/** The authenticated peer a transaction came from, if it came from one. */
export function peerOf(origin: unknown): Peer | undefined {
  return typeof origin === 'object' && origin !== null && 'identity' in origin && 'draftId' in origin ? (origin as Peer) : undefined;
}

/** Whether a transaction is an edit (from a peer, or made by the server for a member), not a load or a read. */
export function isEdit(origin: unknown): boolean {
  return origin === SERVER_ORIGIN || peerOf(origin) !== undefined;
}
