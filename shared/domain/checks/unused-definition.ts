/**
 * The `unused-definition` check: a definition no other part of the draft quotes is dead text —
 * or, more often, a sign that an entry lost the quotes that gave the term its defined meaning.
 */
import type { Check } from '../model.ts';
import { inUnit, problemOn, type Finding, type LocalFinding } from '../problems.ts';
import type { UnitFacts } from '../facts.ts';
import { analyse } from '../analyse.ts';
import { buildIndex, type DraftIndex } from '../doc-index.ts';

/** The problem of a definition that no other unit of the draft quotes. */
export function unusedDefinitionOf(f: UnitFacts, draft: DraftIndex): LocalFinding[] {
  if (!f.defines) return [];
  const self = f.usedTerms.includes(f.defines.key) ? 1 : 0;
  if (draft.usersOf(f.defines.key) - self > 0) return [];
  const message = `"${f.defines.term}" is defined but never used in double quotes elsewhere in this draft: remove the definition, or quote the term where the defined meaning is intended`;
  return [{ problem: problemOn('unused-definition', message, f.anchor), at: 0 }];
}

/** Definitions that no other unit of the draft quotes. */
export function unusedDefinitionGlobal(facts: readonly UnitFacts[], draft: DraftIndex): Finding[] {
  return facts.flatMap((f, unit) => inUnit(unit, unusedDefinitionOf(f, draft)));
}

/** The `unused-definition` check over a whole document. */
export const checkUnusedDefinition: Check = (doc) => {
  const { facts } = analyse(doc);
  return unusedDefinitionGlobal(facts, buildIndex(facts)).map((f) => f.problem);
};
