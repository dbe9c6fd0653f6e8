/**
 * The `undefined-term` check: a "double-quoted" term promises a definition in the Definitions
 * section; one with none (in the draft or its baseline) is either a missing definition or quotes
 * that should not be there — and a misplaced quote changes legal scope.
 */
import type { Check } from '../model.ts';
import { inUnit, problemOn, type Finding, type LocalFinding } from '../problems.ts';
import type { UnitFacts } from '../facts.ts';
import { baselineIndex, buildIndex, type DocIndex } from '../doc-index.ts';
import { analyse } from '../analyse.ts';

/** A unit's quoted terms defined neither in the draft nor in the baseline. */
export function undefinedTermsOf(f: UnitFacts, draft: DocIndex, baseline: DocIndex | null): LocalFinding[] {
  const out: LocalFinding[] = [];
  for (const use of f.termUses) {
    if (draft.terms.has(use.key) || baseline?.terms.has(use.key)) continue;
    const message = `"${use.term}" is in double quotes, which marks a defined term, but it has no definition: add one to the Definitions, or remove the quotes if the ordinary meaning is intended`;
    out.push({ problem: problemOn('undefined-term', message, use.run, use.span), at: use.at });
  }
  return out;
}

/** Quoted terms defined neither in the draft nor in the baseline. */
export function undefinedTermGlobal(facts: readonly UnitFacts[], draft: DocIndex, baseline: DocIndex | null): Finding[] {
  return facts.flatMap((f, unit) => inUnit(unit, undefinedTermsOf(f, draft, baseline)));
}

/** The `undefined-term` check over a whole document. */
export const checkUndefinedTerm: Check = (doc, ctx) => {
  const { facts } = analyse(doc);
  return undefinedTermGlobal(facts, buildIndex(facts), baselineIndex(ctx.baseline)).map((f) => f.problem);
};
