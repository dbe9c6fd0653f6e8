import { createHash } from 'node:crypto';
import type { PmNodeJSON } from '../../shared/api/versions.ts';
import { canonicalText } from '../../shared/schema/canonical-text.ts';

/**
 * SHA-256 (hex) of the document's canonical text (shared/schema/canonical-text.ts), UTF-8 encoded:
 * the hash a coalition can cite publicly to prove which text it endorsed. Synchronous, so a
 * version's hash is computed in the same tick as its snapshot.
 */
export function contentHash(doc: PmNodeJSON): string {
  return createHash('sha256').update(canonicalText(doc), 'utf8').digest('hex');
}
