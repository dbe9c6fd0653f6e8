/** The export log: who exported what, when (issue 4: every export is recorded). */
export const exportsMigration = {
  name: '0004-exports',
  sql: `
  CREATE TABLE export_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    format TEXT NOT NULL,
    -- NULL: the live draft. Not a foreign key: a log entry outlives the version it names.
    version_id TEXT,
    against_id TEXT,
    content_hash TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX export_log_by_draft ON export_log(draft_id, id);
  `,
};
