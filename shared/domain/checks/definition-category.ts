/**
 * The `definition-category` check: each definition lists the categories that use its term, e.g.
 * "Intrusion software" (4). When an entry of another category starts quoting the term, the tag
 * must follow, or readers of that category will not know the definition applies to them.
 */
import type { Check } from '../model.ts';
import { problemOn, type Finding } from '../problems.ts';
import type { UnitFacts } from '../facts.ts';
import { analyse } from '../analyse.ts';
import { termUsage, type TermUsage } from './term-usage.ts';

/** Definitions whose category tags miss a category where the term is quoted. */
export function definitionCategoryGlobal(facts: readonly UnitFacts[], usage: Map<string, TermUsage>): Finding[] {
  const out: Finding[] = [];
  facts.forEach((f, unit) => {
    if (!f.defines || f.defines.categories === 'all') return;
    const tags = f.defines.categories;
    const used = usage.get(f.defines.key)?.categories ?? new Set<string>();
    const missing = [...used].filter((c) => !tags.includes(c)).sort();
    if (missing.length === 0) return;
    const tagged = tags.length > 0 ? `(${tags.join(' ')})` : 'with no category';
    const cats = `${missing.length === 1 ? 'Category' : 'Categories'} ${missing.join(', ')}`;
    const message = `"${f.defines.term}" is used in ${cats}, but its definition is tagged ${tagged}: add ${missing.join(' ')} to the categories in brackets`;
    out.push({ problem: problemOn('definition-category', message, f.anchor), unit, at: 0 });
  });
  return out;
}

/** The `definition-category` check over a whole document. */
export const checkDefinitionCategory: Check = (doc) => {
  const { facts } = analyse(doc);
  return definitionCategoryGlobal(facts, termUsage(facts)).map((f) => f.problem);
};
