import { describe, expect, it } from 'vitest';
import { touchedEntries } from './touched.ts';
import type { ControlListDoc, Entry } from './model.ts';
import { parseText } from './parse-text.ts';

const BASE = [
  'Category 4',
  'A. Systems',
  '4.A.5. Systems having any of the following:',
  'a. first; or',
  'b. second.',
  'Note: 4.A.5. does not cover toys.',
  'D. Software',
  '4.D.4. "Software" for 4.A.5.',
  'E. Technology',
  '4.E.1. "Technology" for 4.D.4.',
].join('\n');

function entries(doc: ControlListDoc): Entry[] {
  return doc.categories.flatMap((c) => c.groups.flatMap((g) => g.entries));
}

/** A draft that is the baseline with `edit` applied to its text, keeping each entry's id. */
function edited(edit: (text: string) => string): { draft: ControlListDoc; baseline: ControlListDoc } {
  const baseline = parseText(BASE);
  const draft = parseText(edit(BASE));
  // Parsed texts invent ids by position; give the draft the baseline's ids, as versions keep uids.
  const old = entries(baseline);
  entries(draft).forEach((e, i) => {
    const same = old.find((o) => o.identifier.text === e.identifier.text);
    e.id = same?.id ?? `new-${i}`;
  });
  return { draft, baseline };
}

const ids = (doc: ControlListDoc, touched: Set<string>) =>
  entries(doc)
    .filter((e) => touched.has(e.id))
    .map((e) => e.identifier.text);

describe('touchedEntries', () => {
  it('touches nothing when the draft reads as its baseline', () => {
    const { draft, baseline } = edited((t) => t);
    expect(touchedEntries(draft, baseline)).toEqual({ touched: new Set(), removed: [] });
  });

  it('touches an entry whose heading, sub-item or note changed, and only that one', () => {
    expect(ids(...pair(edited((t) => t.replace('toys', 'games'))))).toEqual(['4.A.5.']);
    expect(ids(...pair(edited((t) => t.replace('b. second.', 'b. second, as amended.'))))).toEqual(['4.A.5.']);
    expect(ids(...pair(edited((t) => t.replace('"Technology" for 4.D.4.', '"Technology" for 4.D.4. and 4.A.5.'))))).toEqual(['4.E.1.']);
  });

  it('touches a new entry, and lists a deleted one as removed', () => {
    const { draft, baseline } = edited((t) => t.replace('D. Software\n4.D.4. "Software" for 4.A.5.', 'D. Software\n4.D.5. "Software" for all.'));
    const result = touchedEntries(draft, baseline);
    expect(ids(draft, result.touched)).toEqual(['4.D.5.']);
    expect(result.removed.map((r) => [r.entry.identifier.text, r.group.letter, r.after])).toEqual([['4.D.4.', 'D', null]]);
  });

  it('places each deleted entry after the nearest entry above it that its section still has, in baseline order', () => {
    const base = ['Category 4', 'A. Systems', '4.A.1. First.', '4.A.2. Second.', '4.A.3. Third.', '4.A.4. Fourth.', 'E. Technology', '4.E.1. Only.'].join('\n');
    const baseline = parseText(base);
    const draft = parseText(base.replace('4.A.1. First.\n', '').replace('4.A.3. Third.\n', '').replace('E. Technology\n4.E.1. Only.', ''));
    for (const e of entries(draft)) e.id = entries(baseline).find((o) => o.identifier.text === e.identifier.text)?.id ?? e.id;
    const idOf = (identifier: string) => entries(baseline).find((e) => e.identifier.text === identifier)?.id;
    const result = touchedEntries(draft, baseline);
    expect(result.touched).toEqual(new Set());
    // 4.A.1. stood first; 4.A.3. stood below 4.A.2., which the draft keeps; group E is gone altogether.
    expect(result.removed.map((r) => [r.entry.identifier.text, `${r.category.number}.${r.group.letter}`, r.after])).toEqual([
      ['4.A.1.', '4.A', null],
      ['4.A.3.', '4.A', idOf('4.A.2.')],
      ['4.E.1.', '4.E', null],
    ]);
  });

  it('does not place a deleted entry after a kept one that moved to another section', () => {
    const base = ['Category 4', 'A. Systems', '4.A.1. First.', '4.A.2. Second.', 'D. Software', '4.D.1. Software.'].join('\n');
    const baseline = parseText(base);
    // 4.A.1. moves to group D (renumbered 4.D.2., same provision id); 4.A.2. is deleted.
    const draft = parseText(['Category 4', 'A. Systems', 'D. Software', '4.D.1. Software.', '4.D.2. First.'].join('\n'));
    const [first, , software] = entries(baseline);
    const [keptSoftware, moved] = entries(draft);
    if (!first || !software || !keptSoftware || !moved) throw new Error('fixture');
    keptSoftware.id = software.id;
    moved.id = first.id;
    const result = touchedEntries(draft, baseline);
    expect(result.removed.map((r) => [r.entry.identifier.text, r.after])).toEqual([['4.A.2.', null]]);
  });

  it('matches by identifier when ids differ, and treats a relabelled sub-item as a change', () => {
    const baseline = parseText(BASE);
    const draft = parseText(BASE.replace('b. second.', 'c. second.'));
    for (const e of entries(draft)) e.id = `other-${e.id}`;
    const result = touchedEntries(draft, baseline);
    expect(ids(draft, result.touched)).toEqual(['4.A.5.']);
    expect(result.removed).toEqual([]);
  });

  it('counts a renumbered entry (same id, new identifier) as touched', () => {
    const baseline = parseText(BASE);
    const draft = parseText(BASE.replace('4.E.1. "Technology"', '4.E.2. "Technology"'));
    entries(draft).forEach((e, i) => (e.id = entries(baseline)[i]?.id ?? e.id));
    expect(ids(draft, touchedEntries(draft, baseline).touched)).toEqual(['4.E.2.']);
  });
});

function pair(x: { draft: ControlListDoc; baseline: ControlListDoc }): [ControlListDoc, Set<string>] {
  return [x.draft, touchedEntries(x.draft, x.baseline).touched];
}
