import { describe, expect, it } from 'vitest';
import { parseText, type ControlListDoc, type Entry } from '../../shared/domain/index.ts';
import { touchedEntries } from '../../shared/domain/touched.ts';
import { outlineRows, type OutlineCategory } from './outline-rows.ts';

const BASE = [
  'Category 4',
  'A. Systems',
  '4.A.1. First system.',
  '4.A.2. Second system.',
  '4.A.3. Third system.',
  'D. Software',
  '4.D.1. Software.',
  'Category 5',
  'A. Systems',
  '5.A.1. Telecoms.',
].join('\n');

function entries(doc: ControlListDoc): Entry[] {
  return doc.categories.flatMap((c) => c.groups.flatMap((g) => g.entries));
}

/** The baseline and a draft made from `text`, whose entries keep the baseline's provision ids. */
function versions(text: string): { draft: ControlListDoc; baseline: ControlListDoc } {
  const baseline = parseText(BASE);
  const draft = parseText(text);
  for (const e of entries(draft)) e.id = entries(baseline).find((o) => o.identifier.text === e.identifier.text)?.id ?? `new-${e.id}`;
  return { draft, baseline };
}

/** The outline as lines: "4 A 4.A.1." for an entry, "4 A ~4.A.2.~" for a deleted one. */
function lines(cats: OutlineCategory[]): string[] {
  return cats.flatMap((c) =>
    c.groups.flatMap((g) => g.rows.map((r) => `${c.number} ${g.letter} ${r.kind === 'deleted' ? `~${r.entry.identifier.text}~` : r.entry.identifier.text}`)),
  );
}

describe('outlineRows', () => {
  it('is the draft tree alone when there are no deletions to show', () => {
    const { draft } = versions(BASE);
    expect(lines(outlineRows(draft, null))).toEqual(['4 A 4.A.1.', '4 A 4.A.2.', '4 A 4.A.3.', '4 D 4.D.1.', '5 A 5.A.1.']);
  });

  it('shows deleted entries where they stood, in baseline order, including sections the draft no longer has', () => {
    const { draft, baseline } = versions(
      BASE.replace('4.A.1. First system.\n', '').replace('4.A.3. Third system.\n', '').replace('D. Software\n4.D.1. Software.\n', '').replace('5.A.1. Telecoms.', '5.A.2. New.'),
    );
    const { removed } = touchedEntries(draft, baseline);
    expect(lines(outlineRows(draft, removed))).toEqual([
      '4 A ~4.A.1.~',
      '4 A 4.A.2.',
      '4 A ~4.A.3.~',
      '4 D ~4.D.1.~',
      '5 A ~5.A.1.~',
      '5 A 5.A.2.',
    ]);
  });

  it('adds a whole deleted category in number order, with its group title', () => {
    const { draft, baseline } = versions(BASE.replace(/Category 4[\s\S]*?(?=Category 5)/, ''));
    const cats = outlineRows(draft, touchedEntries(draft, baseline).removed);
    expect(cats.map((c) => c.number)).toEqual(['4', '5']);
    expect(cats[0]?.groups.map((g) => `${g.letter}. ${g.title}`)).toEqual(['A. Systems', 'D. Software']);
    expect(lines(cats)).toEqual(['4 A ~4.A.1.~', '4 A ~4.A.2.~', '4 A ~4.A.3.~', '4 D ~4.D.1.~', '5 A 5.A.1.']);
  });
});
