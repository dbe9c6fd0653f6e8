/**
 * Limits shared by the UI (to refuse early, with a message) and the server (to enforce).
 * The server's operational limits (frame size, rates) are configurable in server/config.ts;
 * the defaults below are what it starts with.
 */
export const LIMITS = {
  draftTitleMax: 200,
  userNameMax: 120,
  organisationMax: 160,
  emailMax: 254,
  /** NIST SP 800-63B: at least 8 characters (we ask for 12), allow at least 64. */
  passwordMin: 12,
  passwordMax: 256,
  /** Longest comment body and longest suggested insertion, in characters. */
  reviewTextMax: 5000,
  /** Default largest websocket frame the server accepts. */
  defaultMaxFrameBytes: 4 * 1024 * 1024,
  /** Default largest awareness state (one client's JSON) the server accepts. */
  defaultMaxAwarenessBytes: 8 * 1024,
  /** Default largest HTTP JSON body. */
  defaultMaxBodyBytes: 256 * 1024,
} as const;
