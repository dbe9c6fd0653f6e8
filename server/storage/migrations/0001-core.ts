/** Accounts, sessions, drafts, members, and the document update log. */
export const coreMigration = {
  name: '0001-core',
  sql: `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0,
    color TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled_at TEXT
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    user_agent TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX sessions_by_user ON sessions(user_id);
  CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
  );
  CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE members (
    draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('coordinator', 'editor', 'commenter', 'viewer')),
    added_at TEXT NOT NULL,
    PRIMARY KEY (draft_id, user_id)
  );
  CREATE INDEX members_by_user ON members(user_id);
  -- Every update a client sent, as received, with who sent it (attribution comes from here,
  -- never from the document). Compaction folds old rows into doc_snapshots.
  CREATE TABLE doc_updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    draft_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX doc_updates_by_draft ON doc_updates(draft_id, id);
  -- The compacted state of a draft: every update with id <= through_id folded into one.
  CREATE TABLE doc_snapshots (
    draft_id TEXT PRIMARY KEY,
    state BLOB NOT NULL,
    through_id INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  -- Which account owns each Yjs client id in a draft. A connection may only write structs under
  -- client ids it owns, so insertions are attributable by the server alone.
  CREATE TABLE doc_clients (
    draft_id TEXT NOT NULL,
    client_id INTEGER NOT NULL,
    user_id TEXT NOT NULL,
    first_seen_at INTEGER NOT NULL,
    PRIMARY KEY (draft_id, client_id)
  );
  `,
};
