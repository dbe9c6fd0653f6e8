/**
 * Websocket close codes the server uses, and what the client should do on each.
 *
 * The stock y-websocket provider (3.x) treats 4400–4499 as permanent (it stops reconnecting and
 * emits `closed`) and everything else as transient (it reconnects with backoff). We follow that
 * convention so stock clients behave sensibly too.
 */
export const CloseCode = {
  /** Membership or role changed: reconnect; the new handshake decides what the new role allows. */
  RoleChanged: 4001,
  /** The server is shutting down or restarting: reconnect. */
  ServiceRestart: 1012,
  /** A frame could not be decoded, or is of a kind the server does not accept: do not retry blindly. */
  BadMessage: 4400,
  /** The session ended (logged out, expired, revoked): go to the login page. */
  Unauthenticated: 4401,
  /**
   * The instance now requires two-step login and this account has not set it up: its session is
   * good only for setting it up (Account page). Permanent, so the provider stops reconnecting.
   */
  TwoStepRequired: 4402,
  /** No longer a member of this draft: show "you no longer have access". */
  Forbidden: 4403,
  /** The draft was deleted. */
  NotFound: 4404,
  /** A frame or awareness state over the size limit. */
  TooLarge: 4413,
  /** Too many messages per second: reconnect after a backoff (transient, so a burst does not lock a person out). */
  RateLimited: 4529,
  /** The server could not store an update (disk full, read-only): reconnect later, edits are kept locally. */
  StorageUnavailable: 4503,
  /** The connection stopped reading and its send buffer passed the bound: reconnect and resync. */
  SlowConsumer: 4508,
  /** The server holds as many drafts as it may: reconnect after a backoff. */
  ServerBusy: 4509,
  /** Unexpected server error on this connection: reconnect. */
  InternalError: 4500,
} as const;
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** Close reasons are limited to 123 bytes by RFC 6455; keep ours short and free of user data. */
export const MAX_CLOSE_REASON_BYTES = 123;
