import { describe, expect, it } from 'vitest';
import { createChecker } from './checker.ts';
import { runChecks } from './run-checks.ts';
import { parseText } from './parse-text.ts';
import type { ControlListDoc, Entry } from './model.ts';
import { generateDoc } from './fixtures/generate.ts';
import withProblems from './fixtures/sample-with-problems.txt?raw';

/** A copy of `doc` with one entry replaced, sharing every other object, as an editor would. */
function replaceEntry(doc: ControlListDoc, target: Entry, next: Entry): ControlListDoc {
  return {
    ...doc,
    categories: doc.categories.map((c) => ({
      ...c,
      groups: c.groups.map((g) =>
        g.entries.includes(target) ? { ...g, entries: g.entries.map((e) => (e === target ? next : e)) } : g,
      ),
    })),
  };
}

function entryAt(doc: ControlListDoc, n: number): Entry {
  const e = doc.categories.flatMap((c) => c.groups.flatMap((g) => g.entries))[n];
  if (!e) throw new Error(`no entry ${n}`);
  return e;
}

function editHeading(doc: ControlListDoc, n: number, text: string): ControlListDoc {
  const e = entryAt(doc, n);
  return replaceEntry(doc, e, { ...e, heading: { ...e.heading, text } });
}

describe('createChecker', () => {
  it('gives the same problems as runChecks', () => {
    const doc = parseText(withProblems);
    expect(createChecker().check(doc)).toEqual(runChecks(doc));
  });

  it('re-analyses only the edited entry, and still sees document-wide effects', () => {
    const checker = createChecker();
    const doc = generateDoc(200);
    expect(checker.check(doc)).toEqual([]);
    expect(checker.stats).toEqual({ units: 202, reanalysed: 202, rechecked: 202 });
    // Renumbering entry 10 to collide with entry 11 must surface as a duplicate and an order problem.
    const e10 = entryAt(doc, 10);
    const e11 = entryAt(doc, 11);
    const edited = replaceEntry(doc, e10, { ...e10, identifier: { ...e10.identifier, text: e11.identifier.text } });
    const problems = checker.check(edited);
    expect(checker.stats.reanalysed).toBe(1);
    // The edited entry, its successor (order) and the entry that now has company (duplicate).
    expect(checker.stats.rechecked).toBeLessThan(5);
    expect(problems).toEqual(runChecks(edited));
    expect(problems.map((p) => p.check).sort()).toEqual(['crossref', 'duplicate']);
    // Undo: the old summary comes back from the content cache.
    expect(checker.check(doc)).toEqual([]);
    expect(checker.stats.reanalysed).toBe(0);
  });

  it('reuses work for a fresh copy with the same content (content keys)', () => {
    const checker = createChecker();
    const doc = generateDoc(100);
    checker.check(doc);
    checker.check(structuredClone(doc));
    expect(checker.stats.reanalysed).toBe(0);
  });

  it('re-checks an entry that moved to another section', () => {
    const checker = createChecker();
    const doc = parseText('Category 4\nA. S\n4.A.5. Things.\nD. S');
    expect(checker.check(doc)).toEqual([]);
    const [cat] = doc.categories;
    const [groupA, groupD] = cat?.groups ?? [];
    if (!cat || !groupA || !groupD) throw new Error('fixture');
    const moved: ControlListDoc = {
      ...doc,
      categories: [
        {
          ...cat,
          groups: [
            { ...groupA, entries: [] },
            { ...groupD, entries: groupA.entries },
          ],
        },
      ],
    };
    expect(checker.check(moved).map((p) => p.check)).toEqual(['identifier']);
  });

  it('keeps up with the baseline passed on each call', () => {
    const checker = createChecker();
    const doc = parseText('4.D.4. Software for 5.A.1.j.');
    expect(checker.check(doc)).toHaveLength(1);
    expect(checker.check(doc, { baseline: parseText('5.A.1.j. Systems.') })).toEqual([]);
  });

  it('is fast enough for the editor on a 2,000-entry draft', () => {
    const doc = generateDoc(2000);
    const t0 = performance.now();
    runChecks(doc);
    const cold = performance.now() - t0;
    const fullTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      runChecks(doc);
      fullTimes.push(performance.now() - t);
    }
    const checker = createChecker();
    checker.check(doc);
    let current = doc;
    const incrTimes: number[] = [];
    for (let i = 0; i < 50; i++) {
      current = editHeading(current, 777, `Equipment for task 777, edit ${i}, having any of the following:`);
      const t = performance.now();
      checker.check(current);
      incrTimes.push(performance.now() - t);
      expect(checker.stats.reanalysed).toBe(1);
      // Typing in a heading changes nothing other entries depend on: itself and its successor.
      expect(checker.stats.rechecked).toBe(2);
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Infinity;
    const full = median(fullTimes);
    const incremental = median(incrTimes);
    console.log(
      `checks on 2,000 entries: full pass ${full.toFixed(1)} ms (first, cold: ${cold.toFixed(1)} ms); ` +
        `incremental after one edit ${incremental.toFixed(2)} ms (median of 50, max ${Math.max(...incrTimes).toFixed(1)} ms)`,
    );
    expect(full).toBeLessThan(1000);
    expect(incremental).toBeLessThan(50);
  });
});
