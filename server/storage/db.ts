import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { KEYED_MIGRATIONS, MIGRATIONS } from './migrations.ts';

export type Db = Database.Database;

export interface OpenOptions {
  synchronous: 'FULL' | 'NORMAL';
}

/** The database file inside the data directory. */
export function databasePath(dataDir: string): string {
  return path.join(dataDir, 'plenary.sqlite');
}

/**
 * Opens (creating if needed) the SQLite database in WAL mode. WAL lets the update writer (a worker
 * thread with its own connection) commit while the main thread reads. `synchronous` is FULL by
 * default so an acknowledged update survives power loss, not only a process crash.
 */
export function openDatabase(dataDir: string, options: OpenOptions): Db {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(databasePath(dataDir));
  configureConnection(db, options, MAIN_THREAD_BUSY_TIMEOUT_MS);
  migrate(db);
  return db;
}

/**
 * How long a write waits for another connection's lock. The two connections share the file, and a
 * short wait beats an immediate SQLITE_BUSY; the update writer's commits take milliseconds. The
 * main thread waits synchronously — the whole event loop stops meanwhile — so it gives up sooner
 * (the request is answered 503) when something else holds the lock for long, such as another
 * process; the writer's thread may wait longer, since nothing else waits on it.
 */
const MAIN_THREAD_BUSY_TIMEOUT_MS = 1000;
const WRITER_BUSY_TIMEOUT_MS = 5000;

/** Pragmas every connection needs (the writer worker calls this too). */
export function configureConnection(db: Db, options: OpenOptions, busyTimeoutMs = WRITER_BUSY_TIMEOUT_MS): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous}`);
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare<[], { name: string }>('SELECT name FROM schema_migrations').all().map((r) => r.name));
  const record = db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.name)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.name, new Date().toISOString());
    })();
  }
}

/** Applies the migrations that need the secrets key (see KEYED_MIGRATIONS), each once. */
export function migrateWithKey(db: Db, seal: (plain: string, context: string) => string): void {
  const applied = new Set(db.prepare<[], { name: string }>('SELECT name FROM schema_migrations').all().map((r) => r.name));
  const record = db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
  for (const migration of KEYED_MIGRATIONS) {
    if (applied.has(migration.name)) continue;
    migration.apply(db, seal);
    record.run(migration.name, new Date().toISOString());
  }
}
