import { describe, expect, it } from 'vitest';
import { parseText } from '../parse-text.ts';
import { checkConjunction, quantifierOf } from './conjunction.ts';

const run = (text: string) => checkConjunction(parseText(text), {});

describe('conjunction check', () => {
  it('is quiet for "any of … ; or" and "all of … ; and"', () => {
    expect(run('4.A.5. Systems having any of the following:\na. x;\nb. y; or\nc. z.')).toEqual([]);
    expect(run('4.A.5. Systems having all of the following:\na. x; and\nb. y.')).toEqual([]);
  });

  it('ignores lists introduced by neither, and single-item lists', () => {
    expect(run('4.E.1. Technology as follows:\na. x;\nb. y.')).toEqual([]);
    expect(run('4.A.5. Systems having any of the following:\na. x.')).toEqual([]);
  });

  it('reports "any of" with "; and", pointing at the conjunction', () => {
    const problems = run('4.A.5. Systems having any of the following:\na. x;\nb. y; and\nc. z.');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      check: 'conjunction',
      text: 'and',
      source: { line: 3 },
      range: { from: 3, to: 6 },
    });
    expect(problems[0]?.message).toContain('should end with "; or"');
  });

  it('reports "all of" with "; or", and a missing conjunction', () => {
    expect(run('4.A.5. Systems having all of the following:\na. x; or\nb. y.')[0]?.message).toContain(
      'should end with "; and"',
    );
    const missing = run('4.A.5. Systems having all of the following:\na. x;\nb. y.');
    expect(missing[0]?.message).toContain('ends with no conjunction');
  });

  it('reads the conjunction at the end of the last nested sub-item', () => {
    const text = [
      '5.A.1.j. Systems having all of the following:',
      '1. performing all of the following:',
      'a. one; and',
      'b. two; or',
      '2. searching.',
    ].join('\n');
    const problems = run(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.source.line).toBe(4);
  });

  it('checks lists in sub-items, notes and definitions', () => {
    expect(run('4.D.4. Software.\nNote: not software meeting all of the following:\na. x; or\nb. y.')).toHaveLength(1);
    expect(run('"Intrusion software" (4) means code performing any of the following:\na. x; and\nb. y.')).toHaveLength(
      1,
    );
  });
});

describe('quantifierOf', () => {
  it('takes the last quantifier in the text', () => {
    expect(quantifierOf('for all of its users, having any of the following:')).toBe('any');
    expect(quantifierOf('as follows:')).toBeNull();
  });
});
