/**
 * Account lifecycle: invitations, the TOTP second factor with its recovery codes, and
 * instance-wide settings an administrator changes (e.g. "require two-step login").
 */
export const accountsMigration = {
  name: '0005-accounts',
  sql: `
  -- An invitation is a one-time, expiring link bound to an email and an organisation. Only the
  -- SHA-256 of its token is stored, so a database leak yields no usable link.
  CREATE TABLE invites (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    is_admin INTEGER NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    used_by TEXT REFERENCES users(id),
    revoked_at INTEGER
  );
  CREATE INDEX invites_by_created ON invites(created_at);
  -- enabled_at is NULL while the account is enrolling (secret shown, first code not yet given).
  -- last_step is the last accepted 30 s step, so a code cannot be replayed.
  CREATE TABLE user_totp (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    enabled_at INTEGER,
    last_step INTEGER NOT NULL DEFAULT 0
  );
  -- One-time recovery codes, stored as SHA-256 (they are random, ~50 bits each).
  CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at INTEGER,
    PRIMARY KEY (user_id, code_hash)
  );
  CREATE TABLE instance_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
};
