/**
 * The uncached path from a document to its units, views and facts, used by the stand-alone check
 * functions. The incremental checker does the same per unit, with a cache in between.
 */
import type { ControlListDoc } from './model.ts';
import { unitFacts, type UnitFacts } from './facts.ts';
import { unitsOf, viewUnit, type Unit, type UnitView } from './units.ts';

/** A document taken apart for checking; the three arrays are index-aligned. */
export interface Analysis {
  units: Unit[];
  views: UnitView[];
  facts: UnitFacts[];
}

/** Takes a document apart for checking. */
export function analyse(doc: ControlListDoc): Analysis {
  const units = unitsOf(doc);
  const views = units.map(viewUnit);
  return { units, views, facts: views.map(unitFacts) };
}
