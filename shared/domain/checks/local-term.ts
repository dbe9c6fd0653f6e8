/**
 * The `local-term` check: a 'single-quoted' term must be defined by a Technical Note of the same
 * entry (or definition) — that is what the single quotes promise the reader. A Technical Note
 * "defines" every term it quotes; in practice it starts with "'Term' means …".
 */
import type { Check } from '../model.ts';
import { problemOn, type LocalFinding } from '../problems.ts';
import { findSingleQuoted, termKey } from '../scan.ts';
import { unitName, type RunRef, type UnitView } from '../units.ts';
import { analyse } from '../analyse.ts';

const isTechnicalNote = (r: RunRef): boolean => r.note?.kind === 'technicalNote';

/** Single-quoted terms of one unit without a defining Technical Note; first use of each. */
export function localTermLocal(view: UnitView): LocalFinding[] {
  const defined = new Set<string>();
  for (const r of view.runs) {
    if (isTechnicalNote(r)) for (const t of findSingleQuoted(r.run.text)) defined.add(termKey(t.term));
  }
  const reported = new Set<string>();
  const out: LocalFinding[] = [];
  for (const r of view.runs) {
    if (r.role === 'identifier' || isTechnicalNote(r)) continue;
    for (const t of findSingleQuoted(r.run.text)) {
      const key = termKey(t.term);
      if (defined.has(key) || reported.has(key)) continue;
      reported.add(key);
      const message = `'${t.term}' is in single quotes, which marks a term defined locally, but no Technical Note of ${unitName(view.unit)} defines it: add a Technical Note ("'${t.term}' means …"), or use double quotes if it is a term from the Definitions`;
      out.push({ problem: problemOn('local-term', message, r.run, t), at: r.at });
    }
  }
  return out;
}

/** The `local-term` check over a whole document. */
export const checkLocalTerm: Check = (doc) =>
  analyse(doc)
    .views.flatMap(localTermLocal)
    .map((f) => f.problem);
