/**
 * Versions (Yjs snapshots of a draft's history-keeping document), the baseline, and the record of
 * who inserted and who deleted what, written as updates arrive (Yjs keeps no author of a deletion).
 */
export const versionsMigration = {
  name: '0002-versions',
  sql: `
  CREATE TABLE versions (
    id TEXT PRIMARY KEY,
    draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('named', 'auto')),
    reason TEXT NOT NULL CHECK (reason IN ('saved', 'idle', 'before-restore')),
    -- Y.encodeSnapshot: the state vector and delete set, proportional to what changed, not to the draft.
    snapshot BLOB NOT NULL,
    content_hash TEXT NOT NULL,
    saved_by TEXT REFERENCES users(id),
    created_at INTEGER NOT NULL,
    -- JSON array of user ids who inserted or deleted since the previous version.
    contributors TEXT NOT NULL,
    UNIQUE (draft_id, seq)
  );
  CREATE TABLE version_baselines (
    draft_id TEXT PRIMARY KEY REFERENCES drafts(id) ON DELETE CASCADE,
    version_id TEXT NOT NULL REFERENCES versions(id) ON DELETE CASCADE
  );
  -- When text under a Yjs client id was inserted: one row per stretch of clock values written within
  -- a short window (the author is the client id's owner in doc_clients).
  CREATE TABLE edit_insertions (
    draft_id TEXT NOT NULL,
    client_id INTEGER NOT NULL,
    clock INTEGER NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (draft_id, client_id, clock)
  );
  -- Who deleted what: the delete set a transaction newly applied, with the account that sent it
  -- (user_id) or, for server-made changes, the client id the server wrote under (actor_client).
  CREATE TABLE edit_deletions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    draft_id TEXT NOT NULL,
    user_id TEXT,
    actor_client INTEGER,
    at INTEGER NOT NULL,
    ds BLOB NOT NULL
  );
  CREATE INDEX edit_deletions_by_draft ON edit_deletions(draft_id, at);
  `,
};
