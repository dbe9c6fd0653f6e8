/**
 * The `duplicate` check: two entries with the same identifier once normalised (so `4.A.5.` and
 * `4A005` collide), and a sub-item label used twice within one list. The first is document-wide
 * and works on facts; the second is local.
 */
import type { Check } from '../model.ts';
import { inUnit, problemOn, type Finding, type LocalFinding } from '../problems.ts';
import { unitName, type UnitView } from '../units.ts';
import type { UnitFacts } from '../facts.ts';
import { analyse } from '../analyse.ts';

/** Labels used twice within one list of sibling sub-items; the later use is reported. */
export function duplicateLocal(view: UnitView): LocalFinding[] {
  const out: LocalFinding[] = [];
  for (const list of view.lists) {
    const seen = new Set<string>();
    for (const item of list.items) {
      if (seen.has(item.label)) {
        const message = `Sub-item ${item.label}. appears twice in the same list of ${unitName(view.unit)}: each label must be used once`;
        out.push({ problem: problemOn('duplicate', message, item.text), at: view.positionOf(item.text) });
      }
      seen.add(item.label);
    }
  }
  return out;
}

/**
 * The problem of an entry whose identifier an earlier entry, `first` (the first to carry it),
 * already has; none when there is no such entry.
 */
export function duplicateOf(f: UnitFacts, first: UnitFacts | null): LocalFinding[] {
  if (f.key === null || !first) return [];
  const raw = f.anchor.text.trim();
  const other = first.anchor.text.trim();
  const where = first.anchor.source.line !== undefined ? ` at line ${first.anchor.source.line}` : ' earlier in the draft';
  const same =
    other === raw ? `${raw} is used twice: it also identifies the entry${where}` : `${raw} is the same entry as ${other}${where}`;
  return [{ problem: problemOn('duplicate', `${same}. Each entry needs its own number.`, f.anchor), at: 0 }];
}

/** Entries whose identifiers normalise to the same key; every use after the first is reported. */
export function duplicateGlobal(facts: readonly UnitFacts[]): Finding[] {
  const first = new Map<string, UnitFacts>();
  const out: Finding[] = [];
  facts.forEach((f, unit) => {
    if (f.key === null) return;
    const earlier = first.get(f.key);
    if (earlier) out.push(...inUnit(unit, duplicateOf(f, earlier)));
    else first.set(f.key, f);
  });
  return out;
}

/** The `duplicate` check over a whole document. */
export const checkDuplicate: Check = (doc) => {
  const { views, facts } = analyse(doc);
  return [...views.flatMap(duplicateLocal), ...duplicateGlobal(facts)].map((f) => f.problem);
};
