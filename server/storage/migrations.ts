import { coreMigration } from './migrations/0001-core.ts';

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
export const MIGRATIONS: readonly Migration[] = [coreMigration];
