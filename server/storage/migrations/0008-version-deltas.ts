/**
 * Versions store their snapshot as a delta from the previous version's (server/versions/
 * snapshot-chain.ts) instead of a full snapshot, so a version costs what changed since the last one.
 * Versions saved before this keep their full snapshot and are marked 'full': each is a valid start
 * of the chain, so they open exactly as before and the versions after them build on them.
 */
export const versionDeltasMigration = {
  name: '0008-version-deltas',
  sql: `
  ALTER TABLE versions ADD COLUMN snapshot_form TEXT NOT NULL DEFAULT 'full' CHECK (snapshot_form IN ('full', 'delta'));
  `,
};
