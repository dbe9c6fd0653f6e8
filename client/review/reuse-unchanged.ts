import type { ReviewState, ReviewThread } from '../../shared/api/review.ts';

/**
 * The review list as just fetched, but with every thread that did not change kept as the object
 * already shown. Thread cards are memoised on their thread object, so after a refetch (a notice
 * from anyone, or the welcome of every (re)connection) only the cards that changed re-render, and
 * `same` says when nothing did, so the editor's anchors need not be redrawn either.
 */
export function reuseUnchanged(previous: ReviewState, next: ReviewState): { state: ReviewState; same: boolean } {
  const before = new Map(previous.threads.map((t) => [t.id, t]));
  let same = previous.suggestionsOnly === next.suggestionsOnly && previous.threads.length === next.threads.length;
  const threads = next.threads.map((t, i): ReviewThread => {
    const old = before.get(t.id);
    const kept = old !== undefined && sameJson(old, t) ? old : t;
    if (kept !== previous.threads[i]) same = false;
    return kept;
  });
  return same ? { state: previous, same } : { state: { suggestionsOnly: next.suggestionsOnly, threads }, same };
}

/** Deep equality of two values parsed from JSON (objects, arrays, strings, numbers, booleans, null). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
