/**
 * Which entries a proposal touches: those whose text differs from the draft's baseline (the
 * pinned version it amends), and those the baseline does not have. An entry is matched with its
 * baseline self by its stable provision id, so renumbering it counts as touching it; an entry
 * without a match by id (e.g. a draft re-imported from a file) is matched by identifier.
 */
import type { ControlListDoc, Entry, NoteBlock, SubItem } from './model.ts';
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

function entriesOf(doc: ControlListDoc): Entry[] {
  return doc.categories.flatMap((c) => c.groups.flatMap((g) => g.entries));
}

function identifierKey(e: Entry): string | null {
  const parsed = parseIdentifier(e.identifier.text);
  return parsed ? idKey(parsed.id) : null;
}

/** What a proposal changes against its baseline, by entry. */
export interface TouchedEntries {
  /** Ids of the draft's entries that are new or read differently from the baseline. */
  touched: Set<string>;
  /** Baseline entries with no counterpart in the draft: deleted by the proposal. */
  removed: Entry[];
}

/** Compares a draft's entries with its baseline's; see the module comment. */
export function touchedEntries(draft: ControlListDoc, baseline: ControlListDoc): TouchedEntries {
  const before = entriesOf(baseline);
  const byId = new Map(before.map((e) => [e.id, e] as const));
  const byKey = new Map<string, Entry>();
  for (const e of before) {
    const key = identifierKey(e);
    if (key !== null && !byKey.has(key)) byKey.set(key, e);
  }
  const matched = new Set<Entry>();
  const touched = new Set<string>();
  for (const e of entriesOf(draft)) {
    const key = identifierKey(e);
    let old = byId.get(e.id);
    if (!old || matched.has(old)) old = key === null ? undefined : byKey.get(key);
    if (old && matched.has(old)) old = undefined;
    if (old) matched.add(old);
    if (!old || entryText(old) !== entryText(e)) touched.add(e.id);
  }
  return { touched, removed: before.filter((e) => !matched.has(e)) };
}
