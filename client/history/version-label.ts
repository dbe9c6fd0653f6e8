import type { VersionSummary } from '../../shared/api/versions.ts';
import { formatWhen } from '../components/format.ts';

/**
 * A version as one line of a choice list: "4. Dup — 29 Nov 2026, 22:40". Names need not be
 * unique (and every automatic version has the same one), so the number and time tell them apart.
 */
export function versionOptionLabel(v: Pick<VersionSummary, 'seq' | 'name' | 'createdAt'>): string {
  return `${v.seq}. ${v.name} — ${formatWhen(v.createdAt)}`;
}
