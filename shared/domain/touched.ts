/**
 * Which entries a proposal touches: those whose text differs from the draft's baseline (the
 * pinned version it amends), and those the baseline does not have. An entry is matched with its
 * baseline self by its stable provision id, so renumbering it counts as touching it; an entry
 * without a match by id (e.g. a draft re-imported from a file) is matched by identifier.
 */
import type { Category, ControlListDoc, Entry, Group, NoteBlock, SubItem } from './model.ts';
import { parseIdentifier, idKey } from './identifiers.ts';

function itemsText(items: readonly SubItem[]): string {
  let out = '';
  for (const item of items) out += `\n${item.label}.${item.labelFixed ? '!' : ''} ${item.text.text}${itemsText(item.children)}\u0001`;
  return out;
}

function notesText(notes: readonly NoteBlock[]): string {
  let out = '';
  for (const n of notes) out += `\n[${n.kind} ${n.number ?? ''}] ${n.text.text}${itemsText(n.subItems)}\u0002`;
  return out;
}

/** Everything a reader sees of an entry, as one string: two entries read the same iff equal. */
export function entryText(e: Entry): string {
  return `${e.identifier.text.trim()} ${e.heading.text}${itemsText(e.subItems)}${notesText(e.notes)}`;
}

/** An entry with the section it stands in. */
interface Placed {
  entry: Entry;
  category: Category;
  group: Group;
}

function entriesOf(doc: ControlListDoc): Placed[] {
  return doc.categories.flatMap((category) => category.groups.flatMap((group) => group.entries.map((entry) => ({ entry, category, group }))));
}

function identifierKey(e: Entry): string | null {
  const parsed = parseIdentifier(e.identifier.text);
  return parsed ? idKey(parsed.id) : null;
}

/** A baseline entry the draft no longer has, and where it stood, so it can be shown in its place. */
export interface RemovedEntry {
  entry: Entry;
  /** The baseline section it stood in. */
  category: Category;
  group: Group;
  /**
   * The id of the draft entry it now follows: the nearest entry above it in its baseline section
   * that the draft still has in that section. Null when there is none (it stood first of them).
   */
  after: string | null;
}

/** What a proposal changes against its baseline, by entry. */
export interface TouchedEntries {
  /** Ids of the draft's entries that are new or read differently from the baseline. */
  touched: Set<string>;
  /** Baseline entries with no counterpart in the draft (deleted by the proposal), in baseline order. */
  removed: RemovedEntry[];
}

const sectionKey = (category: Category, group: Group): string => `${category.number}\u0001${group.letter}`;

/** Compares a draft's entries with its baseline's; see the module comment. */
export function touchedEntries(draft: ControlListDoc, baseline: ControlListDoc): TouchedEntries {
  const before = entriesOf(baseline);
  const byId = new Map(before.map((p) => [p.entry.id, p.entry] as const));
  const byKey = new Map<string, Entry>();
  for (const { entry } of before) {
    const key = identifierKey(entry);
    if (key !== null && !byKey.has(key)) byKey.set(key, entry);
  }
  // Each baseline entry the draft still has, with the draft entry that carries it on.
  const matched = new Map<Entry, Placed>();
  const touched = new Set<string>();
  for (const placed of entriesOf(draft)) {
    const e = placed.entry;
    const key = identifierKey(e);
    let old = byId.get(e.id);
    if (!old || matched.has(old)) old = key === null ? undefined : byKey.get(key);
    if (old && matched.has(old)) old = undefined;
    if (old) matched.set(old, placed);
    if (!old || entryText(old) !== entryText(e)) touched.add(e.id);
  }
  const removed: RemovedEntry[] = [];
  let section = '';
  let after: string | null = null;
  for (const { entry, category, group } of before) {
    const here = sectionKey(category, group);
    if (here !== section) [section, after] = [here, null];
    const now = matched.get(entry);
    if (!now) removed.push({ entry, category, group, after });
    // A kept entry anchors the deleted ones below it only if it is still in the same section.
    else if (sectionKey(now.category, now.group) === here) after = now.entry.id;
  }
  return { touched, removed };
}
