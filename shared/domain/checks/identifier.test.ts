import { describe, expect, it } from 'vitest';
import { parseText } from '../parse-text.ts';
import { checkIdentifier } from './identifier.ts';

const run = (text: string, convention?: 'wassenaar' | 'eu') =>
  checkIdentifier(parseText(text, convention ? { convention } : {}), {});

describe('identifier check', () => {
  it('accepts well-formed identifiers in their sections, in both conventions', () => {
    expect(run('Category 4\nA. Systems\n4.A.5. Things.\nD. Software\n4.D.4. Software.')).toEqual([]);
    expect(run('Category 0\nA. Systems\n0A001 Reactors.', 'eu')).toEqual([]);
    expect(run('Category 5 – Part 1\nA. Systems\n5.A.1.j. Surveillance.')).toEqual([]);
  });

  it('reports a missing final full stop under Wassenaar, pointing at the identifier', () => {
    const [p, ...rest] = run('Category 4\nA. Systems\n4.A.5 Things.');
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ check: 'identifier', text: '4.A.5', source: { line: 3 }, range: { from: 0, to: 5 } });
    expect(p?.message).toBe("4.A.5 is missing its final full stop: Wassenaar identifiers end with '.' (4.A.5.)");
  });

  it('reports a short EU serial with the corrected form', () => {
    expect(run('Category 4\nA. Systems\n4A5 Things.', 'eu')[0]?.message).toContain('(4A005)');
  });

  it('reports a final full stop under EU, with the identifier as it should read', () => {
    const [p, ...rest] = run('Category 4\nA. Systems\n4A005. Things.', 'eu');
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ check: 'identifier', text: '4A005.', source: { line: 3 } });
    expect(p?.message).toBe('4A005. ends with a full stop, but EU identifiers do not (4A005)');
    expect(run('Category 5\nA. Systems\n5A001.j Things.', 'eu')).toEqual([]);
  });

  it('reads a lower-case EU group letter as an entry and says what is wrong, instead of merging it into the entry above', () => {
    const doc = parseText('Category 4\nA. Systems\n4A005 Things.\n4a006 Other things.', { convention: 'eu' });
    expect(doc.categories[0]?.groups[0]?.entries.map((e) => [e.identifier.text, e.heading.text])).toEqual([
      ['4A005', 'Things.'],
      ['4a006', 'Other things.'],
    ]);
    expect(checkIdentifier(doc, {}).map((p) => p.message)).toEqual(['The group letter in 4a006 should be a capital A']);
    // Running text that merely starts like one stays text.
    expect(parseText('Category 4\nA. Systems\n4A005 Things for\n4x4 vehicles.', { convention: 'eu' }).categories[0]?.groups[0]?.entries).toHaveLength(1);
  });

  it('reports a group outside A–E', () => {
    expect(run('4.F.1. Things.')[0]?.message).toContain('uses group F');
  });

  it('warns about Category 0 under Wassenaar', () => {
    const problems = run('Category 0\nA. Systems\n0.A.1. Reactors.');
    expect(problems.map((p) => p.message)).toEqual([
      '0.A.1. is in Category 0 (nuclear), which exists only in the EU list, not in the Wassenaar list',
    ]);
  });

  it('reports identifiers written in the other convention, with the right spelling', () => {
    expect(run('Category 4\nA. Systems\n4.A.5. Things.\n4A006 Other.', 'wassenaar')[0]?.message).toBe(
      '4A006 is written in EU style, but this draft uses Wassenaar style (4.A.6.)',
    );
  });

  it('reports an entry placed under the wrong category or group', () => {
    expect(run('Category 5\nA. Systems\n4.A.5. Things.')[0]?.message).toBe(
      '4.A.5. is placed under Category 5, but its number says Category 4',
    );
    expect(run('Category 4\nD. Software\n4.A.5. Things.')[0]?.message).toBe(
      '4.A.5. is placed under group D, but its number says group A',
    );
  });

  it('reports broken sub-item alternation in an identifier', () => {
    expect(run('5.A.1.j.b. Things.')[0]?.message).toContain('alternate by level');
  });
});
