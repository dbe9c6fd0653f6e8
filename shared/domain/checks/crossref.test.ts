import { describe, expect, it } from 'vitest';
import { parseText } from '../parse-text.ts';
import { checkCrossref } from './crossref.ts';

const BASE = [
  'Category 5 – Part 1',
  'A. Systems',
  '5.A.1.j. Surveillance systems having all of the following:',
  '1. performing all of the following:',
  'a. analysis; and',
  'b. indexing; and',
  '2. searching.',
  'D. Software',
  '5.D.1.e. Software for 5.A.1.j.',
].join('\n');

const run = (text: string, baseline?: string) =>
  checkCrossref(parseText(text), baseline ? { baseline: parseText(baseline) } : {});

describe('crossref check', () => {
  it('resolves references to entries and sub-items in the draft, in either convention', () => {
    const draft = `${BASE}\nCategory 4\nD. Software\n4.D.4. Software specified by 5.A.1.j., 5A001.j.1.b or 5.A.1.j.2.; see also 5D001.e and 5.A.1.`;
    expect(run(draft)).toEqual([]);
  });

  it('reports a reference to an entry that does not exist, with its range', () => {
    const [p, ...rest] = run('Category 4\nD. Software\n4.D.4. Software controlled by 2B001.a or see 4.A.5.');
    expect(rest).toHaveLength(1);
    expect(p).toMatchObject({ check: 'crossref', text: '2B001.a', source: { line: 3 }, range: { from: 23, to: 30 } });
  });

  it('reports a reference that reaches the entry but not the sub-item', () => {
    const problems = run(`${BASE}\n5.D.1.f. Software for 5.A.1.j.2.b.`);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('the entry is there, but not this sub-item');
  });

  it('resolves against the baseline', () => {
    const draft = 'Category 4\nD. Software\n4.D.4. Software for items specified by 5.A.1.j.1.a.';
    expect(run(draft)).toHaveLength(1);
    expect(run(draft, BASE)).toEqual([]);
  });

  it('ignores parameters and dates', () => {
    expect(run('4.A.5. Items below 0.9 µm operating at 1.5 GHz, as agreed on 4.12.2013.')).toEqual([]);
  });

  it('resolves "of this entry" against the same entry', () => {
    const ok =
      '4.E.1. Technology as follows:\na. x;\nb. y;\nc. z.\nNote: paragraphs a. to c. of this entry and sub-item b. of this entry.';
    expect(run(ok)).toEqual([]);
    const bad = '4.E.1. Technology as follows:\na. x;\nb. y.\nNote: paragraphs a. to c. of this entry.';
    const problems = run(bad);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ source: { line: 4 }, text: 'paragraphs a. to c. of this entry' });
  });
});
