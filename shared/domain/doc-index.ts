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
export function buildIndex(facts: readonly UnitFacts[]): DocIndex {
  const keys = new Set<string>();
  const terms = new Set<string>();
  for (const f of facts) {
    for (const k of f.provides) keys.add(k);
    if (f.defines) terms.add(f.defines.key);
  }
  return { keys, terms };
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

  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  remove(key: string): void {
    const n = this.counts.get(key) ?? 0;
    if (n <= 1) this.counts.delete(key);
    else this.counts.set(key, n - 1);
  }
}

/** A draft index kept up to date unit by unit; see {@link CountedSet}. */
export class LiveIndex implements DocIndex {
  readonly keys = new CountedSet();
  readonly terms = new CountedSet();

  add(f: UnitFacts): void {
    for (const k of f.provides) this.keys.add(k);
    if (f.defines) this.terms.add(f.defines.key);
  }

  remove(f: UnitFacts): void {
    for (const k of f.provides) this.keys.remove(k);
    if (f.defines) this.terms.remove(f.defines.key);
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
