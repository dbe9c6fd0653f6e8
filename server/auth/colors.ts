import { createHash } from 'node:crypto';
import { COLLABORATOR_PALETTE } from '../../shared/palette.ts';

/**
 * An account's own colour, from its id: shown only outside any draft (its account page). Within a
 * draft a person has the colour of their membership (`colorForNewMember`), so two people working
 * together never share one by chance.
 */
export function colorFor(userId: string): string {
  const byte = createHash('sha256').update(userId).digest()[0] ?? 0;
  return COLLABORATOR_PALETTE[byte % COLLABORATOR_PALETTE.length] ?? COLLABORATOR_PALETTE[0];
}

/**
 * The colour for someone joining a draft whose current members have `taken`: the first palette
 * colour nobody has (the palette is ordered most distinct first); once all are in use, the one the
 * fewest members share, earliest in the palette on a tie.
 */
export function colorForNewMember(taken: readonly string[]): string {
  const uses = new Map<string, number>(COLLABORATOR_PALETTE.map((c) => [c, 0]));
  for (const c of taken) {
    const n = uses.get(c.toLowerCase());
    if (n !== undefined) uses.set(c.toLowerCase(), n + 1);
  }
  let best: string = COLLABORATOR_PALETTE[0];
  for (const c of COLLABORATOR_PALETTE) if ((uses.get(c) ?? 0) < (uses.get(best) ?? 0)) best = c;
  return best;
}
