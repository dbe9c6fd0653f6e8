import { describe, expect, it } from 'vitest';
import { parseText } from './parse-text.ts';
import { runChecks } from './run-checks.ts';
import { CHECK_IDS } from './model.ts';
import { generateDoc } from './fixtures/generate.ts';
import sample from './fixtures/sample-proposal.txt?raw';
import withProblems from './fixtures/sample-with-problems.txt?raw';
import { SAMPLE_WITH_PROBLEMS_EXPECTED } from './fixtures/sample-with-problems.expected.ts';

describe('runChecks on the fixtures', () => {
  it('finds no problem in the sample proposal', () => {
    expect(runChecks(parseText(sample))).toEqual([]);
  });

  it('finds no problem in a generated draft', () => {
    expect(runChecks(generateDoc(300))).toEqual([]);
  });

  it('reports each deliberate problem at its 1-based line, in reading order', () => {
    const problems = runChecks(parseText(withProblems));
    expect(problems.map((p) => [p.check, p.source.line])).toEqual(SAMPLE_WITH_PROBLEMS_EXPECTED);
    expect(new Set(problems.map((p) => p.check))).toEqual(new Set(CHECK_IDS));
  });

  it('gives excerpts that match their ranges', () => {
    const doc = parseText(withProblems);
    const lines = withProblems.split('\n');
    for (const p of runChecks(doc)) {
      if (!p.range) continue;
      const line = lines[(p.source.line ?? 0) - 1] ?? '';
      expect(line).toContain(p.text);
      expect(p.range.to - p.range.from).toBe(p.text.length);
    }
  });

  it('filters to the requested checks', () => {
    const problems = runChecks(parseText(withProblems), {}, ['crossref', 'order']);
    expect(problems.map((p) => p.check)).toEqual(['order', 'crossref']);
  });

  it('orders editor documents (no lines) by position in the document', () => {
    const doc = generateDoc(50);
    const entries = doc.categories.flatMap((c) => c.groups.flatMap((g) => g.entries));
    const [first, , third] = entries;
    if (!first || !third) throw new Error('generator gave too few entries');
    third.heading.text += ' with "gizmos"';
    first.identifier.text = first.identifier.text.replace(/\.$/, '');
    expect(runChecks(doc).map((p) => [p.check, p.source.nodeId])).toEqual([
      ['identifier', 'n0-id'],
      ['undefined-term', 'n2-h'],
    ]);
  });
});
