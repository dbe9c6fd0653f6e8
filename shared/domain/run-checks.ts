/**
 * Runs every check and returns the problems in reading order. Checks split into a local part
 * (one unit at a time, cacheable) and a global part (over per-unit facts); this module owns that
 * split so the one-shot `runChecks` and the incremental checker cannot drift apart.
 */
import type { CheckContext, CheckId, ControlListDoc, Problem } from './model.ts';
import { unitFacts, type UnitFacts } from './facts.ts';
import { sortFindings, type Finding, type LocalFinding } from './problems.ts';
import { unitsOf, viewUnit, type UnitView } from './units.ts';
import { baselineIndex, buildIndex, type DocIndex, type DraftIndex } from './doc-index.ts';
import { identifierLocal } from './checks/identifier.ts';
import { duplicateGlobal, duplicateLocal, duplicateOf } from './checks/duplicate.ts';
import { orderAfter, orderGlobal, orderLocal } from './checks/order.ts';
import { crossrefGlobal, crossrefLocal, crossrefOf } from './checks/crossref.ts';
import { localTermLocal } from './checks/local-term.ts';
import { conjunctionLocal } from './checks/conjunction.ts';
import { undefinedTermGlobal, undefinedTermsOf } from './checks/undefined-term.ts';
import { unusedDefinitionGlobal, unusedDefinitionOf } from './checks/unused-definition.ts';
import { definitionCategoryGlobal, definitionCategoryOf } from './checks/definition-category.ts';

/** Every local problem of one unit; the part the incremental checker caches. */
export function localFindings(view: UnitView): LocalFinding[] {
  const out: LocalFinding[] = [];
  // Most units have no problem at all: append instead of spreading six mostly empty arrays.
  for (const check of LOCAL_CHECKS) for (const f of check(view)) out.push(f);
  return out;
}

/** The local parts of the checks, in the order their problems are reported. */
const LOCAL_CHECKS: ReadonlyArray<(view: UnitView) => LocalFinding[]> = [
  identifierLocal,
  duplicateLocal,
  orderLocal,
  crossrefLocal,
  localTermLocal,
  conjunctionLocal,
];

/** Every document-wide problem, computed from the units' facts alone. */
export function globalFindings(facts: readonly UnitFacts[], ctx: CheckContext): Finding[] {
  const baseline = baselineIndex(ctx.baseline);
  const draft = buildIndex(facts);
  return [
    ...duplicateGlobal(facts),
    ...orderGlobal(facts),
    ...crossrefGlobal(facts, draft, baseline),
    ...undefinedTermGlobal(facts, draft, baseline),
    ...unusedDefinitionGlobal(facts, draft),
    ...definitionCategoryGlobal(facts, draft),
  ];
}

/** What the document-wide problems of one unit depend on besides the unit's own facts. */
export interface UnitSurroundings {
  /** The nearest entry above with a readable identifier (for the order check). */
  prevWithId: UnitFacts | null;
  /** The first entry above with the same identifier key, if any (for the duplicate check). */
  firstSameKey: UnitFacts | null;
  draft: DraftIndex;
  baseline: DocIndex | null;
}

/**
 * The document-wide problems of one unit, in the same check order as {@link globalFindings}; the
 * incremental checker recomputes these for the units an edit can affect.
 */
export function unitGlobalFindings(f: UnitFacts, around: UnitSurroundings): LocalFinding[] {
  const { draft, baseline } = around;
  return [
    ...duplicateOf(f, around.firstSameKey),
    ...orderAfter(around.prevWithId, f),
    ...crossrefOf(f, draft, baseline),
    ...undefinedTermsOf(f, draft, baseline),
    ...unusedDefinitionOf(f, draft),
    ...definitionCategoryOf(f, draft),
  ];
}

/** Sorts and, when `only` is given, filters the findings of a pass. */
export function finish(findings: Finding[], only?: readonly CheckId[]): Problem[] {
  const kept = only ? findings.filter((f) => only.includes(f.problem.check)) : findings;
  return sortFindings(kept);
}

/**
 * Runs all checks (or those in `only`) over a document, without caching. Problems come back in
 * reading order: by line for imported texts, by position in the document otherwise.
 */
export function runChecks(doc: ControlListDoc, ctx: CheckContext = {}, only?: readonly CheckId[]): Problem[] {
  // One unit at a time, keeping only its facts: the views die young, which on a long draft
  // keeps the garbage collector from copying all of them while the pass runs.
  const findings: Finding[] = [];
  const facts: UnitFacts[] = [];
  unitsOf(doc).forEach((unit, i) => {
    const view = viewUnit(unit);
    for (const f of localFindings(view)) findings.push({ ...f, unit: i });
    facts.push(unitFacts(view));
  });
  for (const f of globalFindings(facts, ctx)) findings.push(f);
  return finish(findings, only);
}
