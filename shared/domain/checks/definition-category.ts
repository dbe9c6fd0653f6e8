/**
 * The `definition-category` check: each definition lists the categories that use its term, e.g.
 * "Intrusion software" (4). When an entry of another category starts quoting the term, the tag
 * must follow, or readers of that category will not know the definition applies to them.
 */
import type { Check } from '../model.ts';
import { inUnit, problemOn, type Finding, type LocalFinding } from '../problems.ts';
import type { UnitFacts } from '../facts.ts';
import { analyse } from '../analyse.ts';
import { buildIndex, type DraftIndex } from '../doc-index.ts';

/** The problem of a definition whose category tags miss a category where the term is quoted. */
export function definitionCategoryOf(f: UnitFacts, draft: DraftIndex): LocalFinding[] {
  if (!f.defines || f.defines.categories === 'all') return [];
  const tags = f.defines.categories;
  const missing = draft.categoriesUsing(f.defines.key).filter((c) => !tags.includes(c));
  if (missing.length === 0) return [];
  const tagged = tags.length > 0 ? `(${tags.join(' ')})` : 'with no category';
  const cats = `${missing.length === 1 ? 'Category' : 'Categories'} ${missing.join(', ')}`;
  const message = `"${f.defines.term}" is used in ${cats}, but its definition is tagged ${tagged}: add ${missing.join(' ')} to the categories in brackets`;
  return [{ problem: problemOn('definition-category', message, f.anchor), at: 0 }];
}

/** Definitions whose category tags miss a category where the term is quoted. */
export function definitionCategoryGlobal(facts: readonly UnitFacts[], draft: DraftIndex): Finding[] {
  return facts.flatMap((f, unit) => inUnit(unit, definitionCategoryOf(f, draft)));
}

/** The `definition-category` check over a whole document. */
export const checkDefinitionCategory: Check = (doc) => {
  const { facts } = analyse(doc);
  return definitionCategoryGlobal(facts, buildIndex(facts)).map((f) => f.problem);
};
