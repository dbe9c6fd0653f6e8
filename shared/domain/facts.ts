/**
 * Per-unit facts that the document-wide checks (duplicates, order, cross-references, term index)
 * need. They are small and depend on nothing outside the unit, which is what lets the incremental
 * checker recompute them only for the unit that changed and rebuild the document-wide view from
 * cached facts.
 */
import type { Definition, SubItem, TextRun } from './model.ts';
import { idKey, type ControlId } from './identifiers.ts';
import { findCrossRefs, findDoubleQuoted, termKey, type Span } from './scan.ts';
import type { RunRef, UnitView } from './units.ts';

/** A located occurrence of something in a run of the unit. */
export interface Occurrence {
  run: TextRun;
  at: number;
  span: Span;
}

/** A "double-quoted" term used in the unit. */
export interface TermUse extends Occurrence {
  key: string;
  term: string;
}

/** A cross-reference by identifier, to be resolved document-wide. */
export interface RefUse extends Occurrence {
  key: string;
}

/** The facts of one unit; see the module comment. */
export interface UnitFacts {
  /** The entry's canonical id key, or null for a definition or an unparseable identifier. */
  key: string | null;
  id: ControlId | null;
  /** The category the entry sits in (its section), null for definitions. */
  category: string | null;
  group: string | null;
  /** Keys of everything that exists because of this unit: the entry, its ancestors, sub-items. */
  provides: string[];
  termUses: TermUse[];
  /** The distinct keys of `termUses`, for the index of who quotes which term. */
  usedTerms: string[];
  refs: RefUse[];
  /** For a definition: the term's key and its category tags. */
  defines: { key: string; term: string; categories: Definition['categories'] } | null;
  anchor: TextRun;
}

/** Extracts the facts of a unit from its view. */
export function unitFacts(view: UnitView): UnitFacts {
  const { unit } = view;
  const termUses: TermUse[] = [];
  const refs: RefUse[] = [];
  for (const r of view.runs) {
    if (r.role === 'identifier') continue;
    collect(r, termUses, refs);
  }
  if (unit.kind === 'definition') {
    const { def } = unit;
    return {
      key: null,
      id: null,
      category: null,
      group: null,
      provides: [],
      termUses,
      usedTerms: distinctKeys(termUses),
      refs,
      defines: { key: termKey(def.term), term: def.term, categories: def.categories },
      anchor: def.text,
    };
  }
  const id = view.parsed?.id ?? null;
  return {
    key: id ? idKey(id) : null,
    id,
    category: unit.env.category,
    group: unit.env.group,
    provides: id ? providedKeys(id, view.subItems) : [],
    termUses,
    usedTerms: distinctKeys(termUses),
    refs,
    defines: null,
    anchor: unit.entry.identifier,
  };
}

function collect(r: RunRef, termUses: TermUse[], refs: RefUse[]): void {
  for (const span of findDoubleQuoted(r.run.text)) {
    termUses.push({ run: r.run, at: r.at, span, key: termKey(span.term), term: span.term });
  }
  for (const span of findCrossRefs(r.run.text)) {
    refs.push({ run: r.run, at: r.at, span, key: idKey(span.id) });
  }
}

function distinctKeys(uses: readonly TermUse[]): string[] {
  return [...new Set(uses.map((u) => u.key))];
}

function providedKeys(id: ControlId, items: SubItem[]): string[] {
  // The entry's key, then one more label at a time: the same strings idKey gives its ancestors.
  let key = idKey({ ...id, path: [] });
  const keys = [key];
  for (const label of id.path) keys.push((key = `${key}.${label}`));
  const walk = (list: SubItem[], prefix: string): void => {
    for (const item of list) {
      const itemKey = `${prefix}.${item.label}`;
      keys.push(itemKey);
      walk(item.children, itemKey);
    }
  };
  walk(items, key);
  return keys;
}
