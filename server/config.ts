import path from 'node:path';
import { z } from 'zod';
import { LIMITS } from '../shared/limits.ts';

/**
 * The only module that reads the environment. Everything is validated at boot; on any problem the
 * process exits listing all of them (style.md §16).
 */
const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const msFrom = (min: number, max: number) => intFrom(min, max);

const EnvSchema = z.object({
  PORT: intFrom(0, 65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  /** The key that seals two-step login secrets in the database; default DATA_DIR/secrets.key. */
  SECRETS_KEY_FILE: z.string().optional(),
  /** The URL people use to reach Plenary; its origin is the default websocket/CSRF allowlist. */
  PUBLIC_URL: z.url().optional(),
  /** Extra allowed origins, comma-separated exact matches (e.g. a Vite dev server). */
  ALLOWED_ORIGINS: z.string().default(''),
  PLENARY_ADMIN_EMAIL: z.string().optional(),
  PLENARY_ADMIN_PASSWORD: z.string().optional(),
  PLENARY_ADMIN_NAME: z.string().default('Administrator'),
  /** SQLite `synchronous`: FULL survives power loss, NORMAL only a process crash. */
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  /** Group-commit window for document updates, in milliseconds. */
  COMMIT_WINDOW_MS: msFrom(0, 100).default(2),
  MAX_FRAME_BYTES: intFrom(1024, 64 * 1024 * 1024).default(LIMITS.defaultMaxFrameBytes),
  MAX_AWARENESS_BYTES: intFrom(256, 1024 * 1024).default(LIMITS.defaultMaxAwarenessBytes),
  MAX_BODY_BYTES: intFrom(1024, 64 * 1024 * 1024).default(LIMITS.defaultMaxBodyBytes),
  /** Largest encoded document state a draft may reach. */
  MAX_DOCUMENT_BYTES: intFrom(64 * 1024, 1024 * 1024 * 1024).default(64 * 1024 * 1024),
  /** Largest file accepted by POST /api/drafts/import (.docx, .md, .txt). */
  IMPORT_MAX_BYTES: intFrom(1024, 256 * 1024 * 1024).default(5 * 1024 * 1024),
  MESSAGES_PER_SECOND: intFrom(1, 100_000).default(300),
  MAX_CONNECTIONS_PER_USER: intFrom(1, 10_000).default(50),
  MAX_CONNECTIONS_PER_ADDRESS: intFrom(1, 100_000).default(200),
  /** Open HTTP connections (not yet accepted websockets: pending handshakes, keep-alive) per address. */
  MAX_HTTP_SOCKETS_PER_ADDRESS: intFrom(1, 100_000).default(256),
  /** Time a client has to send a request's complete headers: the bound on slow handshakes (slowloris). */
  HEADERS_TIMEOUT_MS: msFrom(500, 300_000).default(15_000),
  /** Time a client has to send a whole request, body included. */
  REQUEST_TIMEOUT_MS: msFrom(500, 3600 * 1000).default(60_000),
  /** Drafts held in memory at once; idle ones are unloaded first, then new ones are refused. */
  MAX_OPEN_DRAFTS: intFrom(1, 1_000_000).default(2000),
  /** Bytes queued to one socket before it is treated as a slow consumer and disconnected. */
  MAX_SEND_BUFFER_BYTES: intFrom(64 * 1024, 1024 * 1024 * 1024).default(16 * 1024 * 1024),
  /** How long an unused draft stays in memory after its last client leaves. */
  DOC_IDLE_UNLOAD_MS: msFrom(0, 24 * 3600 * 1000).default(30_000),
  /** Compact a draft's update log once it holds this many rows. */
  COMPACT_AFTER_UPDATES: intFrom(2, 10_000_000).default(2000),
  /** Quiet period after a burst of editing before the server saves an automatic version. */
  AUTO_VERSION_QUIET_MS: msFrom(50, 24 * 3600 * 1000).default(5 * 60 * 1000),
  /** How long saving a version waits for the draft's edits to be committed before answering 503 (storage failing or locked). */
  VERSION_SAVE_TIMEOUT_MS: msFrom(100, 10 * 60 * 1000).default(15_000),
  SESSION_IDLE_MS: msFrom(60_000, 365 * 24 * 3600 * 1000).default(7 * 24 * 3600 * 1000),
  SESSION_ABSOLUTE_MS: msFrom(60_000, 365 * 24 * 3600 * 1000).default(30 * 24 * 3600 * 1000),
  /** How often open websockets are checked against their session's lifetime (and renew its idle clock). */
  SESSION_CHECK_INTERVAL_MS: msFrom(100, 3600 * 1000).default(60_000),
  /** log2 of scrypt's N. 17 is OWASP's current recommendation; lower only for tests. */
  SCRYPT_LOG_N: intFrom(14, 20).default(17),
  LOGIN_ATTEMPTS_PER_15_MIN: intFrom(1, 100_000).default(10),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Directory of the built client; empty to serve the API only. */
  CLIENT_DIR: z.string().default('dist/client'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** File holding the key that seals TOTP secrets at rest (created on first start if absent). */
  secretsKeyFile: string;
  publicUrl: string | undefined;
  /** Exact origins allowed for websocket handshakes and cookie-authenticated writes. */
  extraOrigins: string[];
  secureCookies: boolean;
  admin: { email: string; password: string; name: string } | undefined;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  commitWindowMs: number;
  maxFrameBytes: number;
  maxAwarenessBytes: number;
  maxBodyBytes: number;
  maxDocumentBytes: number;
  importMaxBytes: number;
  messagesPerSecond: number;
  maxConnectionsPerUser: number;
  maxConnectionsPerAddress: number;
  maxHttpSocketsPerAddress: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxOpenDrafts: number;
  maxSendBufferBytes: number;
  docIdleUnloadMs: number;
  compactAfterUpdates: number;
  autoVersionQuietMs: number;
  versionSaveTimeoutMs: number;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  sessionCheckIntervalMs: number;
  scryptLogN: number;
  loginAttemptsPer15Min: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  clientDir: string;
}

/** Parses the environment; returns the problems instead of throwing so main can print them all. */
export function loadConfig(env: NodeJS.ProcessEnv): { ok: true; config: Config } | { ok: false; problems: string[] } {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  }
  const e = parsed.data;
  const problems: string[] = [];
  let admin: Config['admin'];
  if (e.PLENARY_ADMIN_EMAIL !== undefined || e.PLENARY_ADMIN_PASSWORD !== undefined) {
    if (!e.PLENARY_ADMIN_EMAIL || !e.PLENARY_ADMIN_PASSWORD) {
      problems.push('PLENARY_ADMIN_EMAIL and PLENARY_ADMIN_PASSWORD must be set together');
    } else if (e.PLENARY_ADMIN_PASSWORD.length < LIMITS.passwordMin) {
      problems.push(`PLENARY_ADMIN_PASSWORD must be at least ${LIMITS.passwordMin} characters`);
    } else {
      admin = { email: e.PLENARY_ADMIN_EMAIL.trim().toLowerCase(), password: e.PLENARY_ADMIN_PASSWORD, name: e.PLENARY_ADMIN_NAME };
    }
  }
  const extraOrigins = e.ALLOWED_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean);
  for (const origin of extraOrigins) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) problems.push(`ALLOWED_ORIGINS: "${origin}" is not an origin (scheme://host[:port])`);
  }
  // Node refuses to start an HTTP server whose headers timeout exceeds its request timeout.
  if (e.HEADERS_TIMEOUT_MS > e.REQUEST_TIMEOUT_MS) problems.push('HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS');
  if (problems.length > 0) return { ok: false, problems };
  const publicUrl = e.PUBLIC_URL?.replace(/\/+$/, '');
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      dataDir: path.resolve(e.DATA_DIR),
      secretsKeyFile: path.resolve(e.SECRETS_KEY_FILE ?? path.join(e.DATA_DIR, 'secrets.key')),
      publicUrl,
      extraOrigins,
      secureCookies: publicUrl?.startsWith('https://') ?? false,
      admin,
      sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
      commitWindowMs: e.COMMIT_WINDOW_MS,
      maxFrameBytes: e.MAX_FRAME_BYTES,
      maxAwarenessBytes: e.MAX_AWARENESS_BYTES,
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxDocumentBytes: e.MAX_DOCUMENT_BYTES,
      importMaxBytes: e.IMPORT_MAX_BYTES,
      messagesPerSecond: e.MESSAGES_PER_SECOND,
      maxConnectionsPerUser: e.MAX_CONNECTIONS_PER_USER,
      maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
      maxHttpSocketsPerAddress: e.MAX_HTTP_SOCKETS_PER_ADDRESS,
      headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      maxOpenDrafts: e.MAX_OPEN_DRAFTS,
      maxSendBufferBytes: e.MAX_SEND_BUFFER_BYTES,
      docIdleUnloadMs: e.DOC_IDLE_UNLOAD_MS,
      compactAfterUpdates: e.COMPACT_AFTER_UPDATES,
      autoVersionQuietMs: e.AUTO_VERSION_QUIET_MS,
      versionSaveTimeoutMs: e.VERSION_SAVE_TIMEOUT_MS,
      sessionIdleMs: e.SESSION_IDLE_MS,
      sessionAbsoluteMs: e.SESSION_ABSOLUTE_MS,
      sessionCheckIntervalMs: e.SESSION_CHECK_INTERVAL_MS,
      scryptLogN: e.SCRYPT_LOG_N,
      loginAttemptsPer15Min: e.LOGIN_ATTEMPTS_PER_15_MIN,
      logLevel: e.LOG_LEVEL,
      clientDir: path.resolve(e.CLIENT_DIR),
    },
  };
}

/** The origins allowed for a server listening on `port`: the public URL's, plus loopback names. */
export function allowedOrigins(config: Config, port: number): Set<string> {
  const origins = new Set<string>(config.extraOrigins);
  if (config.publicUrl) origins.add(new URL(config.publicUrl).origin);
  origins.add(`http://localhost:${port}`);
  origins.add(`http://127.0.0.1:${port}`);
  return origins;
}
