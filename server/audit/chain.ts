import { createHash } from 'node:crypto';
import type { AuditRow } from '../storage/audit-repo.ts';

/** The previous hash of the very first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hash of one entry: SHA-256 over its previous hash and every stored field, in a fixed order
 * and JSON-encoded so no two different entries can serialise the same way.
 */
export function entryHash(e: Omit<AuditRow, 'id' | 'hash'>): string {
  const canonical = JSON.stringify([e.prevHash, e.at, e.draftId, e.actorId, e.action, e.detail, e.address]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Walks the chain in order: each entry must name the previous entry's hash and hash to what it
 * stores. Returns the id of the first entry where either fails (an edit, an insertion or a
 * deletion in the middle all show up here).
 */
export function verifyChain(pages: (afterId: number) => AuditRow[]): { ok: boolean; entries: number; firstBadId: number | null } {
  let prev = GENESIS_HASH;
  let afterId = 0;
  let count = 0;
  for (;;) {
    const rows = pages(afterId);
    if (rows.length === 0) return { ok: true, entries: count, firstBadId: null };
    for (const row of rows) {
      count++;
      if (row.prevHash !== prev || entryHash(row) !== row.hash) return { ok: false, entries: count, firstBadId: row.id };
      prev = row.hash;
      afterId = row.id;
    }
  }
}
