/**
 * A "unit" is what local checks and the incremental cache work on: one entry (with its section
 * context) or one definition. A `UnitView` flattens a unit once into its text runs, in document
 * order, and its sub-item lists, so each local check does not re-walk the tree its own way.
 */
import type { Convention, ControlListDoc, Definition, Entry, NoteBlock, SubItem, TextRun } from './model.ts';
import { parseRunIdentifier, type ParsedIdentifier } from './identifiers.ts';

/** Where an entry sits: the convention of the draft and the section headings above it. */
export interface EntryEnv {
  convention: Convention;
  category: string;
  group: string;
}

/** An entry in its section, or a definition. */
export type Unit =
  { kind: 'entry'; entry: Entry; env: EntryEnv } | { kind: 'definition'; def: Definition; convention: Convention };

/** What a run is, for messages and for checks that treat Technical Notes specially. */
export type RunRole = 'identifier' | 'heading' | 'item' | 'note';

/** A run of the unit with its position in document order (`at`). */
export interface RunRef {
  run: TextRun;
  at: number;
  role: RunRole;
  /** The note the run belongs to (its text or one of its sub-items), if any. */
  note?: NoteBlock;
}

/**
 * One list of sibling sub-items and the text that introduces it (the heading, or the parent
 * item's text). `startDepth` is the depth of these items counted from the official entry, or null
 * for lists inside notes, whose numbering may start with either kind.
 */
export interface ListRef {
  items: SubItem[];
  parent: TextRun;
  startDepth: number | null;
}

/** A unit flattened for local checks. */
export interface UnitView {
  unit: Unit;
  /** An entry's identifier, parsed once here for every check that needs it; null for definitions. */
  parsed: ParsedIdentifier | null;
  runs: RunRef[];
  /** The document-order position of one of the unit's runs (0 if it is not one). */
  positionOf(run: TextRun): number;
  lists: ListRef[];
  subItems: SubItem[];
  notes: NoteBlock[];
}

/** The units of a document in order: entries category by category, then definitions. */
export function unitsOf(doc: ControlListDoc): Unit[] {
  const units: Unit[] = [];
  for (const cat of doc.categories) {
    for (const group of cat.groups) {
      const env: EntryEnv = { convention: doc.convention, category: cat.number, group: group.letter };
      for (const entry of group.entries) units.push({ kind: 'entry', entry, env });
    }
  }
  for (const def of doc.definitions) units.push({ kind: 'definition', def, convention: doc.convention });
  return units;
}

/** Flattens a unit; see {@link UnitView}. */
export function viewUnit(unit: Unit): UnitView {
  const runs: RunRef[] = [];
  const lists: ListRef[] = [];
  const push = (run: TextRun, role: RunRole, note?: NoteBlock): void => {
    runs.push(note ? { run, at: runs.length, role, note } : { run, at: runs.length, role });
  };
  const walk = (items: SubItem[], parent: TextRun, depth: number | null, note?: NoteBlock): void => {
    if (items.length > 0) lists.push({ items, parent, startDepth: depth });
    for (const item of items) {
      push(item.text, note ? 'note' : 'item', note);
      walk(item.children, item.text, depth === null ? null : depth + 1, note);
    }
  };
  let subItems: SubItem[];
  let notes: NoteBlock[];
  let startDepth = 1;
  let parsed: ParsedIdentifier | null = null;
  if (unit.kind === 'entry') {
    ({ subItems, notes } = unit.entry);
    push(unit.entry.identifier, 'identifier');
    push(unit.entry.heading, 'heading');
    parsed = parseRunIdentifier(unit.entry.identifier);
    startDepth = (parsed?.id.path.length ?? 0) + 1;
    walk(subItems, unit.entry.heading, startDepth);
  } else {
    ({ subItems, notes } = unit.def);
    push(unit.def.text, 'heading');
    walk(subItems, unit.def.text, startDepth);
  }
  for (const note of notes) {
    push(note.text, 'note', note);
    walk(note.subItems, note.text, null, note);
  }
  // Checks ask for a run's position only when they report a problem, which most units have none
  // of, so the lookup table is built on first use.
  let at: Map<TextRun, number> | null = null;
  const positionOf = (run: TextRun): number => {
    at ??= new Map(runs.map((r) => [r.run, r.at] as const));
    return at.get(run) ?? 0;
  };
  return { unit, parsed, runs, positionOf, lists, subItems, notes };
}

/** The run a unit-level problem is reported on: the identifier, or a definition's text. */
export function unitAnchor(unit: Unit): TextRun {
  return unit.kind === 'entry' ? unit.entry.identifier : unit.def.text;
}

/** A short name for the unit in messages: "4.A.5." or the definition "intrusion software". */
export function unitName(unit: Unit): string {
  return unit.kind === 'entry' ? unit.entry.identifier.text.trim() : `the definition of "${unit.def.term}"`;
}
