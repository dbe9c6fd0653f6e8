/**
 * The neutral model of a control-list proposal that every check runs on.
 *
 * Two producers feed it: the plain-text parser (`parse-text.ts`, for imports and the CLI) and the
 * converter from the editor's ProseMirror JSON. Keeping it plain serialisable data (no classes, no
 * Maps) means both producers, the server and a worker can build, clone and cache it freely.
 *
 * Positions are carried by `SourceRef`s rather than by the structure itself, because the two
 * producers locate text differently (line numbers vs. stable node ids).
 */

/** Which identifier convention a draft is written in: Wassenaar `4.A.5.` or EU Annex I `4A005`. */
export type Convention = 'wassenaar' | 'eu';

/**
 * Where a piece of the draft came from, so a problem can be shown in place: the editor node's
 * stable id, or the 1-based line of an imported text. Either may be absent for synthesised parts.
 */
export interface SourceRef {
  nodeId?: string;
  line?: number;
}

/**
 * A piece of running text that checks look into. Problems point at it through its `source` and,
 * via character offsets, at a range inside `text`.
 */
export interface TextRun {
  text: string;
  source: SourceRef;
}

/**
 * A sub-item (`a.`, `1.`, …). `label` is as displayed but without punctuation or parentheses.
 * `labelFixed` marks a label the drafter deliberately keeps out of sequence (the lists keep labels
 * stable when an item is deleted), so the order check leaves it alone.
 */
export interface SubItem {
  id: string;
  label: string;
  labelFixed?: boolean;
  text: TextRun;
  children: SubItem[];
}

/** The kinds of block attached to an entry or definition. */
export type NoteKind = 'note' | 'technicalNote' | 'nb';

/**
 * A Note, Technical Note or N.B. attached to an entry or definition. `number` is set when the
 * blocks of one kind are numbered ("Note 2:"). Technical Notes define the unit's 'single-quoted'
 * terms, which is what the local-term check relies on.
 */
export interface NoteBlock {
  id: string;
  kind: NoteKind;
  number?: number;
  text: TextRun;
  subItems: SubItem[];
}

/**
 * One list entry. `identifier` is exactly as typed (`4.A.5.`, `4A005`, possibly malformed) so the
 * identifier check can quote it back; `id` is the stable internal id that survives renumbering.
 * An entry may stand for a sub-item of an official entry (`5.A.1.j.`): its identifier then carries
 * a sub-item path and its own sub-items start one level deeper.
 */
export interface Entry {
  id: string;
  identifier: TextRun;
  heading: TextRun;
  subItems: SubItem[];
  notes: NoteBlock[];
  source: SourceRef;
}

/** A product group within a category: A systems … E technology. A group may be empty. */
export interface Group {
  letter: string;
  title?: TextRun;
  /** Where the group's heading is; absent when the group was implied by its entries' numbers. */
  source?: SourceRef;
  entries: Entry[];
}

/** A category `'0'`..`'9'` (0 exists only in the EU list); `part` is e.g. "Part 2" in Category 5. */
export interface Category {
  number: string;
  part?: string;
  title?: TextRun;
  /** Where the category's heading is; absent when implied by its entries' numbers. */
  source?: SourceRef;
  groups: Group[];
}

/**
 * A "double-quoted" term's definition. `categories` lists the categories that use the term, or
 * `'all'` for terms the lists tag as used throughout ("software", "technology" …). `term` is
 * without quotes, as written.
 */
export interface Definition {
  id: string;
  term: string;
  categories: string[] | 'all';
  text: TextRun;
  subItems: SubItem[];
  notes: NoteBlock[];
  source: SourceRef;
}

/**
 * A whole draft (or a baseline). `prose` holds everything that is not list structure — title,
 * summary, rationale — in document order; checks do not look into it.
 */
export interface ControlListDoc {
  convention: Convention;
  categories: Category[];
  definitions: Definition[];
  prose: TextRun[];
}

/** The identifiers of the checks, stable because the client filters and the server stores them. */
export const CHECK_IDS = [
  'identifier',
  'duplicate',
  'order',
  'crossref',
  'undefined-term',
  'unused-definition',
  'definition-category',
  'local-term',
  'conjunction',
] as const;

/** One of {@link CHECK_IDS}. */
export type CheckId = (typeof CHECK_IDS)[number];

/**
 * A problem found by a check. `text` is the offending excerpt; when `range` is present it equals
 * `run.text.slice(range.from, range.to)` for the run identified by `source`, so the editor can
 * underline exactly that span. `message` is written for a policy officer, not a programmer.
 */
export interface Problem {
  check: CheckId;
  message: string;
  text: string;
  source: SourceRef;
  range?: { from: number; to: number };
}

/** Extra input to checks: the pinned baseline the draft amends, against which references resolve. */
export interface CheckContext {
  baseline?: ControlListDoc;
}

/** The shape every check has: pure, whole-document, returning problems in no particular order. */
export type Check = (doc: ControlListDoc, ctx: CheckContext) => Problem[];

/** True when a parse found no categories, entries or definitions — only prose. */
export function hasStructure(doc: ControlListDoc): boolean {
  return doc.categories.length > 0 || doc.definitions.length > 0;
}
