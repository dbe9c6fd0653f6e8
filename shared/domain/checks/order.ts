/**
 * The `order` check: entries out of order within their group, and sub-item labels that break the
 * sequence (a, b, d) or the letter/number alternation for their depth — unless the drafter has
 * fixed the label. Repeated labels are left to the duplicate check so one slip is reported once.
 */
import type { Check } from '../model.ts';
import { compareControlIds } from '../identifiers.ts';
import { kindAtDepth, labelForIndex, labelPosition } from '../labels.ts';
import { inUnit, problemOn, type Finding, type LocalFinding } from '../problems.ts';
import type { ListRef, UnitView } from '../units.ts';
import type { UnitFacts } from '../facts.ts';
import { analyse } from '../analyse.ts';

/** Sub-item sequence and alternation problems within one unit. */
export function orderLocal(view: UnitView): LocalFinding[] {
  return view.lists.flatMap((list) => listProblems(list, view));
}

function listProblems(list: ListRef, view: UnitView): LocalFinding[] {
  const out: LocalFinding[] = [];
  const firstPos = list.items[0] ? labelPosition(list.items[0].label) : null;
  const kind = list.startDepth !== null ? kindAtDepth(list.startDepth) : (firstPos?.kind ?? 'letter');
  // Depth used only to produce the expected label of the right kind.
  const depth = kind === 'letter' ? 1 : 2;
  const seen = new Set<string>();
  let expected = 0;
  for (const item of list.items) {
    if (seen.has(item.label)) continue;
    seen.add(item.label);
    const pos = labelPosition(item.label);
    if (item.labelFixed) {
      if (pos && pos.kind === kind) expected = pos.index + 1;
      continue;
    }
    const want = labelForIndex(depth, expected).label;
    if (!pos || pos.kind !== kind) {
      const what = kind === 'letter' ? 'letters (a., b., …)' : 'numbers (1., 2., …)';
      const message = `Sub-item ${item.label}. should be labelled ${want}.: at this level sub-items are labelled with ${what}, alternating letters and numbers by level`;
      out.push({ problem: problemOn('order', message, item.text), at: view.positionOf(item.text) });
      expected += 1;
      continue;
    }
    if (pos.index !== expected) {
      const message = `Sub-item ${item.label}. is out of sequence: ${want}. was expected here`;
      out.push({ problem: problemOn('order', message, item.text), at: view.positionOf(item.text) });
    } else if (labelForIndex(depth, expected).beyondZ) {
      const message = `Sub-item ${item.label}. goes past z.; the continuation aa., ab. … is not confirmed in the official lists, so check it`;
      out.push({ problem: problemOn('order', message, item.text), at: view.positionOf(item.text) });
    }
    expected = pos.index + 1;
  }
  return out;
}

/**
 * The problem of an entry that sorts before `prev`, the nearest entry above it with a readable
 * identifier, in the same section. Only adjacent pairs are compared, so one misplaced entry yields
 * one problem rather than one per later entry.
 */
export function orderAfter(prev: UnitFacts | null, f: UnitFacts): LocalFinding[] {
  if (!f.id || !prev?.id || prev.category !== f.category || prev.group !== f.group) return [];
  if (compareControlIds(prev.id, f.id) <= 0) return [];
  const raw = f.anchor.text.trim();
  const before = prev.anchor.text.trim();
  const message = `${raw} is out of order: entries are listed by number, so it belongs before ${before}`;
  return [{ problem: problemOn('order', message, f.anchor), at: 0 }];
}

/** Entries out of order within their section; see {@link orderAfter}. */
export function orderGlobal(facts: readonly UnitFacts[]): Finding[] {
  const out: Finding[] = [];
  let prev: UnitFacts | null = null;
  facts.forEach((f, unit) => {
    if (!f.id) return;
    out.push(...inUnit(unit, orderAfter(prev, f)));
    prev = f;
  });
  return out;
}

/** The `order` check over a whole document. */
export const checkOrder: Check = (doc) => {
  const { views, facts } = analyse(doc);
  return [...views.flatMap(orderLocal), ...orderGlobal(facts)].map((f) => f.problem);
};
