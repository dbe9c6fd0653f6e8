/**
 * The `crossref` check: references in running text that lead nowhere. Identifier references
 * ("specified by 5.A.1.j.", "see 2B001.a") must resolve, down to the sub-item, against the draft
 * or its baseline; both conventions resolve against each other because they share one key.
 * "… of this entry" references resolve against the unit's own sub-items, so they are local.
 */
import type { Check, SubItem } from '../model.ts';
import { inUnit, problemOn, type Finding, type LocalFinding } from '../problems.ts';
import { findLocalRefs } from '../scan.ts';
import { unitName, type UnitView } from '../units.ts';
import type { UnitFacts } from '../facts.ts';
import { baselineIndex, buildIndex, type DocIndex } from '../doc-index.ts';
import { analyse } from '../analyse.ts';

/** "paragraphs a. to c. of this entry" whose sub-items do not exist in the unit. */
export function crossrefLocal(view: UnitView): LocalFinding[] {
  const out: LocalFinding[] = [];
  for (const r of view.runs) {
    for (const ref of findLocalRefs(r.run.text)) {
      for (const path of ref.paths) {
        if (resolvePath(view.subItems, path)) continue;
        const label = path.join('.') + '.';
        const message = `"${ref.raw}" refers to ${label}, but ${unitName(view.unit)} has no sub-item ${label}`;
        out.push({ problem: problemOn('crossref', message, r.run, ref), at: r.at });
      }
    }
  }
  return out;
}

function resolvePath(items: SubItem[], path: string[]): boolean {
  let level = items;
  for (const label of path) {
    const next = level.find((i) => i.label === label);
    if (!next) return false;
    level = next.children;
  }
  return true;
}

/** A unit's identifier references that resolve neither in the draft nor in the baseline. */
export function crossrefOf(f: UnitFacts, draft: DocIndex, baseline: DocIndex | null): LocalFinding[] {
  const exists = (key: string): boolean => draft.keys.has(key) || (baseline?.keys.has(key) ?? false);
  const out: LocalFinding[] = [];
  for (const ref of f.refs) {
    if (exists(ref.key)) continue;
    const raw = ref.span.raw;
    const parts = ref.key.split('.');
    let found = '';
    for (let n = parts.length - 1; n >= 1 && !found; n--) {
      const prefix = parts.slice(0, n).join('.');
      if (exists(prefix)) found = prefix;
    }
    const where = baseline ? 'this draft or its baseline' : 'this draft';
    const message = found
      ? `${raw} refers to a sub-item that does not exist: the entry is there, but not this sub-item (in ${where})`
      : `${raw} does not refer to any entry in ${where}: check the number, or whether the entry was deleted or renumbered`;
    out.push({ problem: problemOn('crossref', message, ref.run, ref.span), at: ref.at });
  }
  return out;
}

/** Identifier references that resolve neither in the draft nor in the baseline. */
export function crossrefGlobal(facts: readonly UnitFacts[], draft: DocIndex, baseline: DocIndex | null): Finding[] {
  return facts.flatMap((f, unit) => inUnit(unit, crossrefOf(f, draft, baseline)));
}

/** The `crossref` check over a whole document. */
export const checkCrossref: Check = (doc, ctx) => {
  const { views, facts } = analyse(doc);
  const global = crossrefGlobal(facts, buildIndex(facts), baselineIndex(ctx.baseline));
  return [...views.flatMap(crossrefLocal), ...global].map((f) => f.problem);
};
