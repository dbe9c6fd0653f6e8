import { formatIdentifier, parseIdentifier } from '../../shared/domain/index.ts';

/**
 * A suggestion for the identifier of an entry inserted after `previous`: the next serial in the
 * same group and convention (4.A.5. → 4.A.6., 4A005 → 4A006). Only a suggestion, inserted
 * selected: drafters type identifiers, and the checks judge them.
 */
export function nextIdentifier(previous: string | null): string {
  const parsed = previous === null ? null : parseIdentifier(previous);
  if (!parsed) return '';
  const id = { ...parsed.id, serial: parsed.id.serial + 1, path: [] };
  return formatIdentifier(id, parsed.style) ?? '';
}
