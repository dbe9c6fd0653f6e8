import { coreMigration } from './migrations/0001-core.ts';
import { versionsMigration } from './migrations/0002-versions.ts';
import { reviewMigration } from './migrations/0003-review.ts';
import { accountsMigration } from './migrations/0005-accounts.ts';
import { auditMigration } from './migrations/0006-audit.ts';
import { exportsMigration } from './migrations/0004-exports.ts';
import { sealTotpSecretsMigration } from './migrations/0007-seal-totp-secrets.ts';
import { versionDeltasMigration } from './migrations/0008-version-deltas.ts';
import { suggestionChangesMigration } from './migrations/0009-suggestion-changes.ts';
import { memberColorsMigration } from './migrations/0010-member-colors.ts';
import type Database from 'better-sqlite3';

/** One schema change. Applied once, in list order, and recorded by name. */
export interface Migration {
  name: string;
  sql: string;
}

/**
 * Every migration, in the order they apply. Each capability adds its own file under
 * migrations/ and one line here; never edit one that has shipped. Tracking by name (not by
 * position) lets features developed side by side add theirs without renumbering.
 */
export const MIGRATIONS: readonly Migration[] = [
  coreMigration,
  versionsMigration,
  reviewMigration,
  accountsMigration,
  auditMigration,
  exportsMigration,
  versionDeltasMigration,
  suggestionChangesMigration,
  memberColorsMigration,
];

/** A change to stored data that needs the instance's secrets key (so it cannot be plain SQL). */
export interface KeyedMigration {
  name: string;
  apply(db: Database.Database, seal: (plain: string, context: string) => string): void;
}

/** Run after the SQL migrations, once the secrets key is loaded; recorded by name like them. */
export const KEYED_MIGRATIONS: readonly KeyedMigration[] = [sealTotpSecretsMigration];
