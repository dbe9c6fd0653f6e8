/**
 * The document-wide lookups that cross-reference and term checks share: which identifiers and
 * sub-item paths exist, and which terms are defined — in the draft and in its baseline. Built from
 * per-unit facts; the baseline's index is cached per baseline object because a baseline is pinned
 * and immutable for the life of a checking session.
 */
import type { ControlListDoc } from './model.ts';
import { analyse } from './analyse.ts';
import type { UnitFacts } from './facts.ts';

/** Membership only, so a plain Set and the incremental checker's counted set both fit. */
export interface KeySet {
  has(key: string): boolean;
}

/** What exists in one document: identifier keys (entries, ancestors, sub-items) and term keys. */
export interface DocIndex {
  keys: KeySet;
  terms: KeySet;
}

/** Builds the index of a document's units from their facts. */
export function buildIndex(facts: readonly UnitFacts[]): DraftIndex {
  const index = new DraftIndex();
  for (const f of facts) index.add(f);
  return index;
}

/**
 * A multiset of keys for an index maintained by adding and removing units, so that one edit costs
 * the size of one unit instead of the whole document.
 */
export class CountedSet implements KeySet {
  private readonly counts = new Map<string, number>();

  has(key: string): boolean {
    return this.counts.has(key);
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  keys(): IterableIterator<string> {
    return this.counts.keys();
  }

  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  remove(key: string): void {
    const n = this.counts.get(key) ?? 0;
    if (n <= 1) this.counts.delete(key);
    else this.counts.set(key, n - 1);
  }
}

/** Who quotes one "defined term": how many units, and the categories of the entries among them. */
interface TermUsers {
  units: number;
  categories: CountedSet;
}

/**
 * Everything the document-wide checks look up in the draft itself, kept up to date unit by unit
 * (see {@link CountedSet}): the keys that exist and the terms defined (cross-references, undefined
 * terms), how many entries carry each identifier (duplicates), and who quotes each term (unused
 * definitions, definition categories). The one-shot checks build it once from every unit; the
 * incremental checker removes a changed unit's old facts and adds its new ones.
 */
export class DraftIndex implements DocIndex {
  readonly keys = new CountedSet();
  readonly terms = new CountedSet();
  readonly entryKeys = new CountedSet();
  private readonly users = new Map<string, TermUsers>();

  add(f: UnitFacts): void {
    for (const k of f.provides) this.keys.add(k);
    if (f.defines) this.terms.add(f.defines.key);
    if (f.key !== null) this.entryKeys.add(f.key);
    for (const term of f.usedTerms) {
      let u = this.users.get(term);
      if (!u) this.users.set(term, (u = { units: 0, categories: new CountedSet() }));
      u.units += 1;
      if (f.category !== null) u.categories.add(f.category);
    }
  }

  remove(f: UnitFacts): void {
    for (const k of f.provides) this.keys.remove(k);
    if (f.defines) this.terms.remove(f.defines.key);
    if (f.key !== null) this.entryKeys.remove(f.key);
    for (const term of f.usedTerms) {
      const u = this.users.get(term);
      if (!u) continue;
      u.units -= 1;
      if (f.category !== null) u.categories.remove(f.category);
      if (u.units <= 0) this.users.delete(term);
    }
  }

  /** How many units quote the term (each unit counted once, definitions included). */
  usersOf(term: string): number {
    return this.users.get(term)?.units ?? 0;
  }

  /** The categories of the entries that quote the term, sorted. */
  categoriesUsing(term: string): string[] {
    const u = this.users.get(term);
    return u ? [...u.categories.keys()].sort() : [];
  }
}

const baselines = new WeakMap<ControlListDoc, DocIndex>();

/** The index of a baseline, computed once per baseline object. */
export function baselineIndex(baseline: ControlListDoc | undefined): DocIndex | null {
  if (!baseline) return null;
  let index = baselines.get(baseline);
  if (!index) {
    index = buildIndex(analyse(baseline).facts);
    baselines.set(baseline, index);
  }
  return index;
}
