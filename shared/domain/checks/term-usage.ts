/**
 * Who quotes which "defined term": shared by the unused-definition and definition-category
 * checks, which both need to know, per term, the units and categories that use it.
 */
import type { UnitFacts } from '../facts.ts';

/** The units (by index) and the categories of the entries that quote one term. */
export interface TermUsage {
  units: Set<number>;
  categories: Set<string>;
}

/** Term key → its usage across the document. Definitions count as users but add no category. */
export function termUsage(facts: readonly UnitFacts[]): Map<string, TermUsage> {
  const map = new Map<string, TermUsage>();
  facts.forEach((f, unit) => {
    for (const use of f.termUses) {
      let u = map.get(use.key);
      if (!u) map.set(use.key, (u = { units: new Set(), categories: new Set() }));
      u.units.add(unit);
      if (f.category !== null) u.categories.add(f.category);
    }
  });
  return map;
}
