import * as Y from 'yjs';
import type { Anchor, RelativePositionJson } from '../../shared/api/review.ts';

/**
 * Anchors across text that an edit moved rather than deleted.
 *
 * The editor's Yjs binding cannot move text: splitting a paragraph (Enter), joining two, nesting a
 * sub-item (Tab) or moving a block deletes the characters that move and inserts a copy of them, in
 * one transaction. A comment's relative position names a character, so without help it stays on
 * the deleted original and the comment looks "detached" although its words are still there, one
 * block further on. This module finds, for a position on a character that a transaction deleted,
 * the copy of that character the same transaction inserted.
 *
 * A copy is recognised by text: the run of characters deleted around the position (contiguous in
 * its block, all deleted by this transaction) must occur in exactly one run the transaction
 * inserted. Words that were really deleted have no copy, and a run that occurs in several inserted
 * runs is ambiguous; both stay where they were (the thread then shows as detached, as before).
 */

/** One contiguous run of characters in a block, as the items that hold it. */
export interface TextRun {
  text: string;
  /** Each item's characters and where they start in `text`. */
  parts: Array<{ item: Y.Item; at: number }>;
}

/** Characters inserted by one transaction, grouped in runs; built once per transaction. */
export interface TransactionText {
  runs: TextRun[];
  /** Runs by their whole text: the usual case (a block split, joined or moved) is an exact copy. */
  exact: Map<string, TextRun[]>;
}

/**
 * Above this many inserted runs (a restore, an import) only exact copies are looked for: a
 * search inside every run for every deleted run would grow with the square of the document.
 */
const SUBSTRING_SEARCH_MAX_RUNS = 200;

/** Whether the transaction deleted the character with this id. */
function deletedBy(tr: Y.Transaction, id: Y.ID): boolean {
  return Y.isDeleted(tr.deleteSet, id);
}

function insertedBy(tr: Y.Transaction, item: Y.Item): boolean {
  return item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0) && !item.deleted;
}

const isText = (item: Y.Item | null): item is Y.Item => item instanceof Y.Item && item.content instanceof Y.ContentString;
/** Formatting boundaries are items too, but hold no characters: a run goes on across them. */
const isFormat = (item: Y.Item | null): item is Y.Item => item instanceof Y.Item && item.content instanceof Y.ContentFormat;

/** Items a run goes on across without taking their characters (none, unless a caller says). */
type Skipped = (item: Y.Item) => boolean;
const NOTHING_SKIPPED: Skipped = () => false;

/** Extends a run from `first` to the right over items that `belongs` accepts (and over `skipped` ones). */
function runFrom(first: Y.Item, belongs: (item: Y.Item) => boolean, skipped = NOTHING_SKIPPED): TextRun {
  const run: TextRun = { text: '', parts: [] };
  for (let item: Y.Item | null = first; item; item = item.right) {
    if ((isFormat(item) && belongs(item)) || skipped(item)) continue;
    if (!isText(item) || !belongs(item)) break;
    run.parts.push({ item, at: run.text.length });
    run.text += (item.content as Y.ContentString).str;
  }
  return run;
}

/** Whether `item` begins its run: the text to its left, past formatting, is not in the same run. */
function startsRun(item: Y.Item, belongs: (item: Y.Item) => boolean, skipped = NOTHING_SKIPPED): boolean {
  let left = item.left;
  while (left && ((isFormat(left) && belongs(left)) || skipped(left))) left = left.left;
  return !(isText(left) && belongs(left));
}

/** Text and formatting items this transaction deleted: what a deleted run is made of. */
const deletedInRun = (tr: Y.Transaction) => (item: Y.Item) => (isText(item) || isFormat(item)) && deletedBy(tr, item.id);

/** The one inserted run holding `text` once, and where in it; undefined when none or ambiguous. */
function uniqueCopy(inserted: TransactionText, text: string): { copy: TextRun; at: number } | undefined {
  const holding = runsHolding(inserted, text);
  const copy = holding[0];
  if (holding.length !== 1 || !copy) return undefined;
  const at = copy.text.indexOf(text);
  if (copy.text.indexOf(text, at + 1) >= 0) return undefined; // ambiguous
  return { copy, at };
}

/** The character at `offset` of a run, as an id. */
function idAt(run: TextRun, offset: number): Y.ID | undefined {
  for (const part of run.parts) {
    const length = (part.item.content as Y.ContentString).str.length;
    if (offset >= part.at && offset < part.at + length) return Y.createID(part.item.id.client, part.item.id.clock + (offset - part.at));
  }
  return undefined;
}

/** Inserted runs holding `text`: exact copies if any; a search inside runs only for small edits. */
function runsHolding(inserted: TransactionText, text: string): TextRun[] {
  const same = inserted.exact.get(text);
  if (same) return same;
  return inserted.runs.length > SUBSTRING_SEARCH_MAX_RUNS ? [] : inserted.runs.filter((r) => r.text.includes(text));
}

/** Calls `visit` with each item a transaction added to the document, client by client in clock order. */
export function forEachInsertedItem(tr: Y.Transaction, visit: (item: Y.Item) => void): void {
  tr.afterState.forEach((to, client) => {
    const from = tr.beforeState.get(client) ?? 0;
    if (to <= from) return;
    const structs = tr.doc.store.clients.get(client) ?? [];
    for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
      const item = structs[i];
      if (!item || item.id.clock >= to) break;
      if (item instanceof Y.Item) visit(item);
    }
  });
}

/** The runs of text a transaction inserted (only when it also deleted something: a move needs both). */
export function insertedText(tr: Y.Transaction): TransactionText {
  const runs: TextRun[] = [];
  const exact = new Map<string, TextRun[]>();
  if (tr.deleteSet.clients.size === 0) return { runs, exact };
  const belongs = (item: Y.Item) => insertedBy(tr, item) && (isText(item) || isFormat(item));
  forEachInsertedItem(tr, (item) => {
    if (!isText(item) || !belongs(item) || !startsRun(item, belongs)) return;
    const run = runFrom(item, belongs);
    runs.push(run);
    exact.set(run.text, [...(exact.get(run.text) ?? []), run]);
  });
  return { runs, exact };
}

/** The run of characters this transaction deleted around `item`, and the offset of `id` in it. */
function deletedRunAround(tr: Y.Transaction, item: Y.Item, id: Y.ID): { run: TextRun; offset: number } {
  const belongs = deletedInRun(tr);
  let first = item;
  for (let left = item.left; left && belongs(left); left = left.left) if (isText(left)) first = left;
  const run = runFrom(first, belongs);
  const part = run.parts.find((p) => p.item === item);
  return { run, offset: (part?.at ?? 0) + (id.clock - item.id.clock) };
}

/** The inserted copy of a deleted character, or undefined when it has none (or more than one). */
function copyOf(tr: Y.Transaction, inserted: TransactionText, id: Y.ID): Y.ID | undefined {
  const struct = Y.getItem(tr.doc.store, id);
  if (!(struct instanceof Y.Item) || !isText(struct)) return undefined;
  const { run, offset } = deletedRunAround(tr, struct, id);
  if (run.text.length === 0) return undefined;
  const found = uniqueCopy(inserted, run.text);
  return found && idAt(found.copy, found.at + offset);
}

/**
 * Whether any run of text this transaction deleted has a copy among the runs it inserted: a cheap
 * test (proportional to the deleted text) before anyone's anchors are looked at.
 */
export function hasMovedText(tr: Y.Transaction, inserted: TransactionText): boolean {
  if (inserted.runs.length === 0) return false;
  let found = false;
  const belongs = deletedInRun(tr);
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
    // Each run once, from its first item: linear in the deleted text.
    if (found || !(struct instanceof Y.Item) || !isText(struct) || !startsRun(struct, belongs)) return;
    const run = runFrom(struct, belongs);
    found = run.text.length > 0 && runsHolding(inserted, run.text).length > 0;
  });
  return found;
}

/** The position carried to the moved copy of its character, or undefined when it stays as it is. */
function carryPosition(tr: Y.Transaction, inserted: TransactionText, pos: RelativePositionJson): RelativePositionJson | undefined {
  if (!pos.item) return undefined;
  const id = Y.createID(pos.item.client, pos.item.clock);
  if (id.clock >= Y.getState(tr.doc.store, id.client) || !deletedBy(tr, id)) return undefined;
  const copy = copyOf(tr, inserted, id);
  if (!copy) return undefined;
  return { item: { client: copy.client, clock: copy.clock }, ...(pos.assoc !== undefined ? { assoc: pos.assoc } : {}) };
}

/**
 * The anchor moved onto the copies of its characters, or undefined when neither end moved.
 * An end whose character has no copy keeps its old position.
 */
export function carryAnchor(tr: Y.Transaction, inserted: TransactionText, anchor: Anchor): Anchor | undefined {
  if (inserted.runs.length === 0) return undefined;
  const start = carryPosition(tr, inserted, anchor.start);
  const end = carryPosition(tr, inserted, anchor.end);
  if (!start && !end) return undefined;
  return { start: start ?? anchor.start, end: end ?? anchor.end };
}

/** A run of characters an edit deleted, and the one copy of it the same transaction inserted. */
export interface MovedRun {
  deleted: TextRun;
  copy: TextRun;
  /** Where the deleted run's text starts in the copy's. */
  at: number;
}

/**
 * Every run of characters that an edit deleted and that has one unambiguous copy among the runs
 * the transaction inserted. `deletedByEdit` names the edit's own deletions (its update's delete
 * set). Characters that were there before the edit and that it did not delete itself are stepped
 * over: typing the editor had not seen yet (deleted only because its block went, or still standing
 * between the characters the edit deleted) and characters deleted earlier. So a run that a
 * colleague's concurrent typing splits is still recognised whole.
 */
export function movedRuns(tr: Y.Transaction, inserted: TransactionText, deletedByEdit: (id: Y.ID) => boolean): MovedRun[] {
  const moved: MovedRun[] = [];
  if (inserted.runs.length === 0) return moved;
  const belongs = (item: Y.Item) => (isText(item) || isFormat(item)) && deletedByEdit(item.id);
  const steppedOver = (item: Y.Item) => isText(item) && !deletedByEdit(item.id) && item.id.clock < (tr.beforeState.get(item.id.client) ?? 0);
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
    if (!(struct instanceof Y.Item) || !isText(struct) || !belongs(struct) || !startsRun(struct, belongs, steppedOver)) return;
    const deleted = runFrom(struct, belongs, steppedOver);
    const found = deleted.text.length > 0 ? uniqueCopy(inserted, deleted.text) : undefined;
    if (found) moved.push({ deleted, copy: found.copy, at: found.at });
  });
  return moved;
}
