/**
 * The rows of the Outline: the draft's Category > Group > Entry tree, with the entries the
 * proposal deletes shown where they stood in the baseline (see `touchedEntries`). Pure data, so
 * the panel only filters and renders, and the placement can be tested without a browser.
 */
import type { ControlListDoc, Entry } from '../../shared/domain/index.ts';
import type { RemovedEntry } from '../../shared/domain/touched.ts';

/** A draft entry, or a baseline entry the draft no longer has. */
export type OutlineRow = { kind: 'entry'; entry: Entry } | { kind: 'deleted'; entry: Entry };

export interface OutlineGroup {
  letter: string;
  title: string;
  rows: OutlineRow[];
}

export interface OutlineCategory {
  number: string;
  part?: string;
  groups: OutlineGroup[];
}

/** A group heading's words without the "A." it starts with (the outline shows the letter itself). */
function groupTitle(text: string | undefined): string {
  return text?.replace(/^[A-E][.:]\s*/, '') ?? '';
}

/** Where a new section goes among existing ones: before the first that sorts after it. */
function insertSorted<T>(list: T[], item: T, after: (existing: T) => boolean): void {
  const at = list.findIndex(after);
  if (at < 0) list.push(item);
  else list.splice(at, 0, item);
}

/**
 * The outline of `doc`; with `removed`, each deleted entry follows the draft entry it is placed
 * after, or opens its section, which is added (in number order) when the draft no longer has it.
 */
export function outlineRows(doc: ControlListDoc, removed: readonly RemovedEntry[] | null): OutlineCategory[] {
  const cats: OutlineCategory[] = doc.categories.map((c) => ({
    number: c.number,
    ...(c.part ? { part: c.part } : {}),
    groups: c.groups.map((g) => ({ letter: g.letter, title: groupTitle(g.title?.text), rows: g.entries.map((entry) => ({ kind: 'entry', entry }) as const) })),
  }));
  if (!removed) return cats;
  // Deleted entries placed after the same draft entry keep their baseline order.
  const following = new Map<string, OutlineRow[]>();
  const opening = new Map<string, OutlineRow[]>();
  for (const r of removed) {
    const row: OutlineRow = { kind: 'deleted', entry: r.entry };
    if (r.after !== null) {
      following.set(r.after, [...(following.get(r.after) ?? []), row]);
      continue;
    }
    let cat = cats.find((c) => c.number === r.category.number);
    if (!cat) {
      cat = { number: r.category.number, ...(r.category.part ? { part: r.category.part } : {}), groups: [] };
      const n = Number(r.category.number);
      insertSorted(cats, cat, (c) => Number(c.number) > n);
    }
    let group = cat.groups.find((g) => g.letter === r.group.letter);
    if (!group) {
      group = { letter: r.group.letter, title: groupTitle(r.group.title?.text), rows: [] };
      const letter = r.group.letter;
      insertSorted(cat.groups, group, (g) => g.letter > letter);
    }
    const key = `${cat.number}\u0001${group.letter}`;
    opening.set(key, [...(opening.get(key) ?? []), row]);
  }
  for (const cat of cats) {
    for (const group of cat.groups) {
      const rows: OutlineRow[] = [...(opening.get(`${cat.number}\u0001${group.letter}`) ?? [])];
      for (const row of group.rows) {
        rows.push(row);
        rows.push(...(following.get(row.entry.id) ?? []));
      }
      group.rows = rows;
    }
  }
  return cats;
}
