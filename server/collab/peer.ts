import type { DraftId, UserId } from '../../shared/ids.ts';
import type { Role } from '../../shared/roles.ts';
import type { CloseCodeValue } from '../../shared/protocol/close-codes.ts';
import type { ServerControlMessage } from '../../shared/protocol/messages.ts';

/** Who is behind a connection, as established by the server at the handshake. Never client-claimed. */
export interface PeerIdentity {
  userId: UserId;
  name: string;
  organisation: string;
  color: string;
  role: Role;
  address: string;
  /** Hash of the session this connection was opened with (to end it on logout). */
  sessionId: string;
}

/**
 * What a draft room needs from a connection. The websocket layer implements it; the room never
 * sees a socket, which keeps collab/ testable and the message path short.
 */
export interface Peer {
  readonly id: number;
  readonly draftId: DraftId;
  readonly identity: PeerIdentity;
  /** True for commenters and viewers: the room applies no document change from this peer. */
  readonly readOnly: boolean;
  /** Whether this peer asked for our control messages (acks) with a `hello`. */
  wantsControl: boolean;
  /** Sends a binary frame; the implementation disconnects slow consumers. */
  send(frame: Uint8Array): void;
  sendControl(message: ServerControlMessage): void;
  close(code: CloseCodeValue, reason: string): void;
  /** Counts one message against the connection's rate limit; false when over it. */
  charge(): boolean;
}
