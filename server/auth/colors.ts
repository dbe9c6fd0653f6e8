import { createHash } from 'node:crypto';
import { COLLABORATOR_PALETTE } from '../../shared/palette.ts';

/** A stable colour for an account, chosen from its id so a person keeps one colour everywhere. */
export function colorFor(userId: string): string {
  const byte = createHash('sha256').update(userId).digest()[0] ?? 0;
  return COLLABORATOR_PALETTE[byte % COLLABORATOR_PALETTE.length] ?? COLLABORATOR_PALETTE[0];
}
