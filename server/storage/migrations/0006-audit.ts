/**
 * The audit log: one instance-wide, append-only chain. Each row stores the hash of the row before
 * it, so an edited or deleted row breaks every hash after it (server/audit/chain.ts verifies).
 * The triggers refuse UPDATE and DELETE through SQLite itself; someone with the file can drop them,
 * which the hash chain then reveals.
 */
export const auditMigration = {
  name: '0006-audit',
  sql: `
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    draft_id TEXT,
    actor_id TEXT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    address TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX audit_by_draft ON audit_log(draft_id, id);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  `,
};
