import type Database from 'better-sqlite3';

/**
 * TOTP seeds were stored in clear until this migration: seal each one with the instance's secrets
 * key (the account id as context). `secure_delete` zeroes the clear text SQLite frees, and the
 * checkpoint moves the result into the main file and empties the WAL, so no copy of a clear seed
 * stays behind in the data directory.
 */
export const sealTotpSecretsMigration = {
  name: '0007-seal-totp-secrets',
  apply(db: Database.Database, seal: (plain: string, context: string) => string): void {
    const rows = db.prepare<[], { user_id: string; secret: string }>("SELECT user_id, secret FROM user_totp WHERE secret NOT LIKE 'v1:%'").all();
    if (rows.length === 0) return;
    const update = db.prepare('UPDATE user_totp SET secret = ? WHERE user_id = ?');
    db.pragma('secure_delete = ON');
    try {
      db.transaction(() => {
        for (const r of rows) update.run(seal(r.secret, r.user_id), r.user_id);
      })();
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.pragma('secure_delete = OFF');
    }
  },
};
