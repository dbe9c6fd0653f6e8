import { describe, expect, it } from 'vitest';
import {
  compareControlIds,
  convertIdentifier,
  formatIdentifier,
  idKey,
  parseIdentifier,
  type ControlId,
} from './identifiers.ts';

const id = (raw: string): ControlId => {
  const parsed = parseIdentifier(raw);
  if (!parsed) throw new Error(`fixture ${raw} does not parse`);
  return parsed.id;
};

describe('parseIdentifier', () => {
  it('reads Wassenaar identifiers with and without sub-item paths', () => {
    expect(parseIdentifier('4.A.5.')).toEqual({
      id: { category: '4', group: 'A', regime: 0, serial: 5, path: [] },
      style: 'wassenaar',
      issues: [],
    });
    expect(parseIdentifier(' 5.A.1.j.2.b. ')?.id.path).toEqual(['j', '2', 'b']);
  });

  it('reads EU identifiers, splitting the regime digit from the serial', () => {
    expect(parseIdentifier('4A005')).toEqual({
      id: { category: '4', group: 'A', regime: 0, serial: 5, path: [] },
      style: 'eu',
      issues: [],
    });
    expect(parseIdentifier('1C350')?.id).toMatchObject({ regime: 3, serial: 50 });
    expect(parseIdentifier('5A001.j.2.b')?.id.path).toEqual(['j', '2', 'b']);
    expect(parseIdentifier('0A001')?.id.category).toBe('0');
  });

  it('records what is wrong instead of refusing', () => {
    expect(parseIdentifier('4.A.5')?.issues).toEqual(['missing-final-dot']);
    expect(parseIdentifier('4A5')?.issues).toEqual(['serial-digits']);
    expect(parseIdentifier('4.F.1.')?.issues).toEqual(['group-range']);
    expect(parseIdentifier('4.a.1.')?.issues).toEqual(['lowercase-group']);
    expect(parseIdentifier('12.A.1.')?.issues).toEqual(['category-range']);
    expect(parseIdentifier('4.A.0.')?.issues).toEqual(['serial-zero']);
    expect(parseIdentifier('5.A.1.j.b.')?.issues).toEqual(['path-alternation']);
  });

  it('returns null for text that is no identifier', () => {
    for (const bad of ['', 'Category 4', '0.9', '1.5 GHz', 'a.', '4..A.5.']) expect(parseIdentifier(bad)).toBeNull();
  });
});

describe('formatting and conversion', () => {
  it('maps Wassenaar to EU by padding the serial and adding regime digit 0', () => {
    expect(convertIdentifier('4.A.5.', 'eu')).toBe('4A005');
    expect(convertIdentifier('5.A.1.j.', 'eu')).toBe('5A001.j');
    expect(convertIdentifier('4.E.1.c.', 'eu')).toBe('4E001.c');
  });

  it('maps EU to Wassenaar, and refuses regimes Wassenaar cannot express', () => {
    expect(convertIdentifier('4D004', 'wassenaar')).toBe('4.D.4.');
    expect(convertIdentifier('5A001.j.2.b', 'wassenaar')).toBe('5.A.1.j.2.b.');
    expect(convertIdentifier('1C350', 'wassenaar')).toBeNull();
    expect(convertIdentifier('nonsense', 'eu')).toBeNull();
  });

  it('gives both spellings of one entry the same key', () => {
    expect(idKey(id('5.A.1.j.2.b.'))).toBe(idKey(id('5A001.j.2.b')));
    expect(idKey(id('4.A.5.'))).not.toBe(idKey(id('4.A.50.')));
    expect(formatIdentifier(id('4.A.12.'), 'eu')).toBe('4A012');
  });
});

describe('compareControlIds', () => {
  it('orders by category, group, serial, then sub-item path', () => {
    const sorted = ['5.A.1.j.', '4.E.1.', '4.A.10.', '4.A.5.', '5.A.1.', '5.A.1.j.2.', '5.A.1.k.', '4.D.4.'].map(id);
    sorted.sort(compareControlIds);
    expect(sorted.map((i) => formatIdentifier(i, 'wassenaar'))).toEqual([
      '4.A.5.',
      '4.A.10.',
      '4.D.4.',
      '4.E.1.',
      '5.A.1.',
      '5.A.1.j.',
      '5.A.1.j.2.',
      '5.A.1.k.',
    ]);
  });

  it('treats the two spellings of an entry as equal', () => {
    expect(compareControlIds(id('4.A.5.'), id('4A005'))).toBe(0);
  });
});
