/**
 * The `conjunction` check: "any of" means the sub-items are alternatives, so the second-to-last
 * one ends "; or"; "all of" means they apply together, so it ends "; and". Flipping one without
 * the other silently broadens or narrows a control, which is why drafters must see it.
 *
 * The conjunction that links item n-1 to item n is written at the end of item n-1's last
 * descendant (the text flows on), so that is where it is looked for.
 */
import type { Check, SubItem, TextRun } from '../model.ts';
import { problemOn, type LocalFinding } from '../problems.ts';
import { unitName, type ListRef, type UnitView } from '../units.ts';
import { analyse } from '../analyse.ts';

type Quantifier = 'any' | 'all';

const QUANTIFIER = /\b(any|all)\s+of\b/gi;
const TRAILING = /\b(and\/or|and|or)\s*[.:]?\s*$/i;

/** The quantifier that governs a list: the last "any of"/"all of" in its introducing text. */
export function quantifierOf(text: string): Quantifier | null {
  let last: Quantifier | null = null;
  for (const m of text.matchAll(QUANTIFIER)) last = (m[1] ?? '').toLowerCase() === 'any' ? 'any' : 'all';
  return last;
}

function lastText(item: SubItem): TextRun {
  let cur = item;
  for (let child = cur.children.at(-1); child; child = cur.children.at(-1)) cur = child;
  return cur.text;
}

/** Mismatched or missing conjunctions in every governed list of one unit. */
export function conjunctionLocal(view: UnitView): LocalFinding[] {
  return view.lists.flatMap((list) => listProblem(list, view));
}

function listProblem(list: ListRef, view: UnitView): LocalFinding[] {
  const q = quantifierOf(list.parent.text);
  const item = list.items.at(-2);
  if (!q || !item) return [];
  const run = lastText(item);
  const want = q === 'any' ? 'or' : 'and';
  const meaning = q === 'any' ? 'the sub-items are alternatives' : 'every sub-item must be met';
  const intro = `The text introducing this list in ${unitName(view.unit)} says "${q} of", so ${meaning}`;
  const m = TRAILING.exec(run.text);
  if (!m) {
    const message = `${intro}, but sub-item ${item.label}. (the second-to-last) ends with no conjunction: it should end with "; ${want}"`;
    return [{ problem: problemOn('conjunction', message, run), at: view.positionOf(run) }];
  }
  const found = (m[1] ?? '').toLowerCase();
  if (found === want) return [];
  const from = m.index;
  const span = { from, to: from + found.length };
  const other = q === 'any' ? 'all' : 'any';
  const message = `${intro}, but sub-item ${item.label}. (the second-to-last) ends with "${found}": it should end with "; ${want}" — or, if "${found}" is what is meant, the introduction should say "${other} of"`;
  return [{ problem: problemOn('conjunction', message, run, span), at: view.positionOf(run) }];
}

/** The `conjunction` check over a whole document. */
export const checkConjunction: Check = (doc) =>
  analyse(doc)
    .views.flatMap(conjunctionLocal)
    .map((f) => f.problem);
