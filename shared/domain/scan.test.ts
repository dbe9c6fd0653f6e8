import { describe, expect, it } from 'vitest';
import { findCrossRefs, findDoubleQuoted, findLocalRefs, findSingleQuoted, termKey } from './scan.ts';

describe('findDoubleQuoted', () => {
  it('finds straight and curly double quotes with offsets covering the quotes', () => {
    const text = 'the "software" and “intrusion software” here';
    const found = findDoubleQuoted(text);
    expect(found.map((t) => t.term)).toEqual(['software', 'intrusion software']);
    for (const t of found) expect(text.slice(t.from, t.to)).toBe(t.raw);
  });
});

describe('findSingleQuoted', () => {
  it('finds straight and curly single-quoted terms', () => {
    expect(findSingleQuoted("on 'hard selectors' and ‘monitoring tools’.").map((t) => t.term)).toEqual([
      'hard selectors',
      'monitoring tools',
    ]);
  });

  it('ignores apostrophes', () => {
    const text = "we don't think the organisation's view or the States' position matters; it's fine";
    expect(findSingleQuoted(text)).toEqual([]);
    expect(findSingleQuoted("States' 'update' rules").map((t) => t.term)).toEqual(['update']);
    expect(findSingleQuoted('the owner’s ‘update’ policy').map((t) => t.term)).toEqual(['update']);
  });
});

describe('findCrossRefs', () => {
  it('finds Wassenaar and EU identifiers, with sub-item paths', () => {
    const text = 'specified by 5.A.1.j., controlled by 2B001.a, see 4D004. or see 5.D.1.e. and 5A001.j.2.b';
    expect(findCrossRefs(text).map((r) => r.raw)).toEqual(['5.A.1.j.', '2B001.a', '4D004', '5.D.1.e.', '5A001.j.2.b']);
  });

  it('does not take parameters or dates for references', () => {
    const text = 'equal to or less than 0.9 µm, above 1.5 GHz, adopted on 4.12.2013, ISO 27001, version 2.1.5.';
    expect(findCrossRefs(text)).toEqual([]);
  });
});

describe('findLocalRefs', () => {
  it('finds ranges and single sub-items of this entry', () => {
    expect(findLocalRefs('paragraphs a. to c. of this entry').map((r) => r.paths)).toEqual([[['a'], ['c']]]);
    expect(findLocalRefs('as in sub-item b.2. of this entry.').map((r) => r.paths)).toEqual([[['b', '2']]]);
    expect(findLocalRefs('see paragraph a. of 4.A.5.')).toEqual([]);
  });
});

describe('termKey', () => {
  it('ignores case, spacing and simple plurals', () => {
    expect(termKey('Software')).toBe(termKey('softwares'));
    expect(termKey('Technologies')).toBe(termKey('technology'));
    expect(termKey('intrusion  Software')).toBe(termKey('intrusion software'));
    expect(termKey('process')).toBe('process');
    expect(termKey('hard selectors')).toBe(termKey('Hard selector'));
  });
});
