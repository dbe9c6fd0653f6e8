/**
 * Building and ordering problems. Checks produce `Finding`s — a problem plus where it sits in the
 * document (unit index, run position within the unit) — so results can be sorted into reading
 * order even for editor documents, whose sources are node ids with no order of their own.
 */
import type { CheckId, Problem, TextRun } from './model.ts';

/** A problem and its run's position within its unit; the unit index is added on assembly. */
export interface LocalFinding {
  problem: Problem;
  at: number;
}

/** A problem with its full document position. */
export interface Finding extends LocalFinding {
  unit: number;
}

/**
 * Makes a problem on `run`, underlining `span` when given. `text` is the excerpt under the span,
 * or the whole run, so it always shows the drafter what the message is about.
 */
export function problemOn(check: CheckId, message: string, run: TextRun, span?: { from: number; to: number }): Problem {
  if (!span) return { check, message, text: run.text, source: { ...run.source } };
  return {
    check,
    message,
    text: run.text.slice(span.from, span.to),
    source: { ...run.source },
    range: { from: span.from, to: span.to },
  };
}

/**
 * Sorts findings into reading order and strips the positions. Imported texts carry line numbers
 * on every run, and their definitions may come before the categories, so lines win when every
 * problem has one; otherwise (editor documents) unit order and run position decide.
 */
export function sortFindings(findings: Finding[]): Problem[] {
  const byLine = findings.every((f) => f.problem.source.line !== undefined);
  const from = (f: Finding): number => f.problem.range?.from ?? 0;
  const sorted = [...findings].sort((a, b) => {
    if (byLine) {
      const d = (a.problem.source.line ?? 0) - (b.problem.source.line ?? 0);
      if (d !== 0) return d;
    }
    return a.unit - b.unit || a.at - b.at || from(a) - from(b);
  });
  return sorted.map((f) => f.problem);
}

/**
 * The problems of findings that are already in unit order (unit, then position): only imported
 * texts, whose lines may order units differently, need sorting.
 */
export function inReadingOrder(findings: Finding[]): Problem[] {
  if (findings.length > 0 && findings.every((f) => f.problem.source.line !== undefined)) return sortFindings(findings);
  return findings.map((f) => f.problem);
}

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

/** Gives a unit's local findings their unit index. */
export function inUnit(unit: number, local: readonly LocalFinding[]): readonly Finding[] {
  // Most units have no problem; one shared empty result spares an allocation per unit and check.
  if (local.length === 0) return NO_FINDINGS;
  return local.map((f) => ({ ...f, unit }));
}
