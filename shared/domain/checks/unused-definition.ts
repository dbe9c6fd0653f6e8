/**
 * The `unused-definition` check: a definition no other part of the draft quotes is dead text —
 * or, more often, a sign that an entry lost the quotes that gave the term its defined meaning.
 */
import type { Check } from '../model.ts';
import { problemOn, type Finding } from '../problems.ts';
import type { UnitFacts } from '../facts.ts';
import { analyse } from '../analyse.ts';
import { termUsage, type TermUsage } from './term-usage.ts';

/** Definitions that no other unit of the draft quotes. */
export function unusedDefinitionGlobal(facts: readonly UnitFacts[], usage: Map<string, TermUsage>): Finding[] {
  const out: Finding[] = [];
  facts.forEach((f, unit) => {
    if (!f.defines) return;
    const users = usage.get(f.defines.key)?.units ?? new Set<number>();
    if ([...users].some((i) => i !== unit)) return;
    const message = `"${f.defines.term}" is defined but never used in double quotes elsewhere in this draft: remove the definition, or quote the term where the defined meaning is intended`;
    out.push({ problem: problemOn('unused-definition', message, f.anchor), unit, at: 0 });
  });
  return out;
}

/** The `unused-definition` check over a whole document. */
export const checkUnusedDefinition: Check = (doc) => {
  const { facts } = analyse(doc);
  return unusedDefinitionGlobal(facts, termUsage(facts)).map((f) => f.problem);
};
