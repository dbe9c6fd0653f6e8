import * as Y from 'yjs';
import type { UserId } from '../../shared/ids.ts';
import type { Logger } from '../logger.ts';
import { forEachInsertedItem, insertedText, movedRuns, type MovedRun } from '../review/moved-text.ts';
import type { DocRegistry } from './doc-registry.ts';
import { copiesOfMovedProvisions, type ProvisionCopies } from './moved-provision-copies.ts';
import { DraftRoom, SERVER_ORIGIN } from './draft-room.ts';

/**
 * Typing inside a block that a colleague moves at the same time is carried into the moved block.
 *
 * The editor's binding writes a block move as "delete the block, insert a copy" (y-tiptap's diff,
 * with the node mapping the editor keeps), so characters a colleague typed into the block that the
 * mover had not seen end up inside the deleted original, and Yjs deletes them with it:
 *  - typing first: the mover's update deletes the block and, with it, the typing it never saw;
 *  - move first: the typing arrives into a block that is already deleted and is deleted on arrival.
 * Either way those characters are in the transaction's delete set but not in the update's own:
 * nobody chose to delete them. This module finds them, finds where their neighbours went (the copy
 * of the characters beside them, moved-text.ts) and writes them there again, as a server change
 * attributed to the account that typed them. A block really deleted has no copy, so typing in it
 * stays deleted; an ambiguous copy is left alone, only counted in the log.
 *
 * Without that mapping the binding may instead rewrite neighbouring blocks in place (one block's
 * words deleted, the other's written there): typing then stands among the moved words, or arrives
 * beside a moved character, and is taken from there to the copy.
 *
 * It runs on the server's copy of each open draft because the server applies every update in one
 * order. An ordinary keystroke deletes nothing: one comparison, and once a block has moved in the
 * session one look at the characters it was typed beside.
 *
 * The rescue is written right behind the update that strands the typing (DraftRoom.followWith), in
 * the same commit, and that update's sender is told "saved" only then. Moves are remembered while
 * the draft is open; for a move made before it was last loaded, a provision is found by its uid
 * (moved-provision-copies.ts), which also places typing that was an empty block's only text.
 */

/** Moved runs (one per text a move took) remembered per draft, for typing that arrives after the move; oldest forgotten first. */
const REMEMBERED_MOVES = 2048;
/** How many later moves of the same words are followed (a block dragged on and on before the typing arrives). */
const MAX_HOPS = 32;

/** Consecutive characters of one client, and where they start in their run's text. */
interface IdRange {
  client: number;
  clock: number;
  length: number;
  at: number;
}

/** A moved run as ids (items split later keep their ids): its deleted characters and their copy. */
interface MoveRecord {
  deleted: IdRange[];
  copy: IdRange[];
  /** Where the deleted text starts in the copy's text. */
  at: number;
}

/** Characters to write again next to the copy of a neighbour. */
interface Rescue {
  /** The Yjs client that typed them: the rescue is attributed to its owner. */
  client: number;
  /** Their ids, in the order they are written. */
  ranges: IdRange[];
  /** Still standing in the old block (deleted there as they are written in the new one), or deleted with it. */
  standing: boolean;
  text: string;
  /**
   * The copy of their left neighbour (write after it) or, at a block's start, of their right one;
   * for typing that was a block's only text, the block's copy (`into`: written at its end).
   */
  target: { id: Y.ID; after: boolean } | { into: Y.ID };
}

export function rescueMovedTyping(deps: { registry: DocRegistry; logger: Logger }): void {
  const { registry, logger } = deps;
  const attach = (room: DraftRoom) => {
    const moves: MoveRecord[] = [];
    /** The last transaction of a peer's update worth a look, until its update is reported. */
    let pending: Y.Transaction | undefined;
    const onTransaction = (tr: Y.Transaction) => {
      // Typing deletes nothing and, until a block has moved, cannot land in one: most edits stop here.
      if (tr.origin !== SERVER_ORIGIN && (tr.deleteSet.clients.size > 0 || moves.length > 0)) pending = tr;
    };
    const stop = room.onApplied((update, _userId, origin) => {
      const tr = pending;
      pending = undefined;
      if (!tr || origin === SERVER_ORIGIN || tr.origin !== origin) return;
      try {
        const { rescues, unplaced } = strandedTyping(tr, update, moves);
        if (unplaced > 0) logger.info('typing deleted with its block was not carried: the block has no single copy', { draftId: room.draftId, characters: unplaced });
        // Written right behind this update, in its commit, and its sender is told "saved" only
        // then: a crash cannot keep the move (or the typing's deletion) and lose the typing.
        if (rescues.length > 0) room.followWith(() => writeAgain(room, rescues, logger));
      } catch (err) {
        logger.error('could not carry typing into a moved block', { draftId: room.draftId, err });
      }
    });
    room.doc.on('afterTransaction', onTransaction);
    room.doc.once('destroy', () => {
      room.doc.off('afterTransaction', onTransaction);
      stop();
    });
  };
  DraftRoom.onCreate.add(attach);
  for (const room of registry.all()) attach(room);
}

const isText = (item: Y.AbstractStruct | null): item is Y.Item => item instanceof Y.Item && item.content instanceof Y.ContentString && item.parent instanceof Y.XmlText;
const isFormat = (item: Y.Item): boolean => item.content instanceof Y.ContentFormat;
const insertedBy = (tr: Y.Transaction, item: Y.Item) => item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0);
const lastId = (item: Y.Item) => Y.createID(item.id.client, item.id.clock + item.length - 1);

/**
 * The typing that a peer's update (its transaction `tr`) strands in a moved block's old place, each
 * group with the copy of a neighbour to go beside; `moves` remembers the moves seen so far and
 * gains this transaction's. Three ways typing is stranded:
 *  - deleted with its block, though the update did not delete it (the binding deleted the block);
 *  - standing between characters the update deleted (the binding rewrote the block in place, its
 *    text going to the block the entry moved into): the mover would have deleted it had they seen it;
 *  - arriving after the move next to a character that has moved away.
 * `unplaced` counts deleted typing whose neighbours have no single copy (a real delete, or ambiguous).
 */
function strandedTyping(tr: Y.Transaction, update: Uint8Array, moves: MoveRecord[]): { rescues: Rescue[]; unplaced: number } {
  const rescues: Rescue[] = [];
  let unplaced = 0;
  // Moves seen while the draft was open; for older ones, a moved provision is known by its uid.
  let older: ProvisionCopies | undefined;
  const provisions = () => (older ??= copiesOfMovedProvisions(tr));
  const copy = (id: Y.ID) => copyOf(moves, id) ?? provisions().character(id);
  const add = (items: Y.Item[], target: Rescue['target']) => {
    const first = items[0];
    if (first) rescues.push({ client: first.id.client, ranges: items.map(rangeOf), standing: !first.deleted, text: items.map(textOf).join(''), target });
  };

  // Against the moves of earlier transactions only: this one's own insertions sit beside what it moves.
  if (moves.length > 0) for (const group of arrivedBesideMoved(tr, copy)) add(group.items, group.target);
  if (tr.deleteSet.clients.size > 0) {
    const inserted = insertedText(tr);
    // Text deleted with its block: collateral if the update did not delete it. Collected before
    // anything else, as walking the delete set may split items.
    const inDeletedBlocks: Y.Item[] = [];
    Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
      if (isText(struct) && (struct.parent as Y.XmlText)._item?.deleted) inDeletedBlocks.push(struct);
    });
    if (inserted.runs.length > 0 || inDeletedBlocks.length > 0) {
      const own = Y.decodeUpdate(update).ds;
      const deletedByEdit = (id: Y.ID) => Y.isDeleted(own, id);
      const moved = movedRuns(tr, inserted, deletedByEdit);
      remember(moves, moved.map(recordOf));
      const collateral = (item: Y.Item) => isText(item) && item.deleted && Y.isDeleted(tr.deleteSet, item.id) && !deletedByEdit(item.id);
      const seen = new Set<Y.Item>();
      for (const item of inDeletedBlocks) {
        if (seen.has(item) || !collateral(item)) continue;
        const group = groupAround(item, collateral, copy);
        for (const member of group.items) seen.add(member);
        // No neighbour to go by: the typing was all its block held, and goes into the block's copy.
        const into = group.target ? undefined : provisions().emptyBlock(item.parent as Y.XmlText)?._item?.id;
        const target = group.target ?? (into && { into });
        if (target) add(group.items, target);
        else unplaced += group.items.reduce((n, member) => n + member.length, 0);
      }
      for (const run of moved) {
        for (const group of standingInside(tr, run)) {
          const after = copy(group.after);
          if (after) add(group.items, { id: after, after: true });
        }
      }
    }
  }
  return { rescues, unplaced };
}

/**
 * Collateral characters next to `item` (format items and characters deleted earlier are stepped
 * over), and where they go: after the copy of the moved character on their left, or before the copy
 * of the one on their right.
 */
function groupAround(item: Y.Item, collateral: (item: Y.Item) => boolean, copy: (id: Y.ID) => Y.ID | undefined): { items: Y.Item[]; target: Rescue['target'] | undefined } {
  const passable = (n: Y.Item) => isFormat(n) || (isText(n) && n.deleted && !collateral(n) && !copy(n.id));
  let start = item;
  let left: Y.Item | null = item.left;
  for (; left && (collateral(left) || passable(left)); left = left.left) if (collateral(left)) start = left;
  const items: Y.Item[] = [];
  let right: Y.Item | null = start;
  for (; right && (collateral(right) || passable(right)); right = right.right) if (collateral(right)) items.push(right);
  const after = isText(left) ? copy(lastId(left)) : undefined;
  if (after) return { items, target: { id: after, after: true } };
  const before = isText(right) ? copy(right.id) : undefined;
  return { items, target: before ? { id: before, after: false } : undefined };
}

/**
 * Characters still standing between the first and last character of a moved run that the edit
 * deleted: the editor deletes one stretch of a block's text, so it had not seen these. Grouped
 * as they stand, each with the moved character on its left.
 */
function standingInside(tr: Y.Transaction, run: MovedRun): Array<{ items: Y.Item[]; after: Y.ID }> {
  const groups: Array<{ items: Y.Item[]; after: Y.ID }> = [];
  const first = run.deleted.parts[0]?.item;
  const last = run.deleted.parts[run.deleted.parts.length - 1]?.item;
  const parts = new Set(run.deleted.parts.map((part) => part.item));
  let leftMoved: Y.Item | undefined;
  let current: { items: Y.Item[]; after: Y.ID } | undefined;
  for (let n = first ?? null; n && n !== last; n = n.right) {
    if (parts.has(n)) {
      leftMoved = n;
      current = undefined;
    } else if (isText(n) && !n.deleted && !insertedBy(tr, n) && leftMoved) {
      if (!current) groups.push((current = { items: [], after: lastId(leftMoved) }));
      current.items.push(n);
    }
  }
  return groups;
}

/**
 * Characters this transaction inserted, still standing, typed right after a character that an
 * earlier edit moved away (or, at the start of a text, right before one): the typist had not seen
 * the move, since nobody can type beside a character they see deleted. Each group is the typing
 * that follows on from the first such character.
 */
function arrivedBesideMoved(tr: Y.Transaction, copy: (id: Y.ID) => Y.ID | undefined): Array<{ items: Y.Item[]; target: Rescue['target'] }> {
  const groups: Array<{ items: Y.Item[]; target: Rescue['target'] }> = [];
  const groupEndingAt = new Map<string, { items: Y.Item[]; target: Rescue['target'] }>();
  const key = (id: Y.ID) => `${id.client}:${id.clock}`;
  const deletedNow = (id: Y.ID | null) => id !== null && Y.getItem(tr.doc.store, id).deleted;
  forEachInsertedItem(tr, (item) => {
    if (!isText(item) || item.deleted) return;
    let group = item.origin ? groupEndingAt.get(key(item.origin)) : undefined;
    if (!group) {
      // Typed beside characters that are still there (ordinary typing): nothing was missed.
      const after = deletedNow(item.origin) ? copy(item.origin as Y.ID) : undefined;
      const before = !after && (!item.origin || deletedNow(item.origin)) && deletedNow(item.rightOrigin) ? copy(item.rightOrigin as Y.ID) : undefined;
      const target = after ? { id: after, after: true } : before ? { id: before, after: false } : undefined;
      if (!target) return;
      groups.push((group = { items: [], target }));
    }
    group.items.push(item);
    groupEndingAt.set(key(lastId(item)), group);
  });
  return groups;
}

const rangeOf = (item: Y.Item): IdRange => ({ client: item.id.client, clock: item.id.clock, length: item.length, at: 0 });
const textOf = (item: Y.Item) => (item.content as Y.ContentString).str;

function remember(moves: MoveRecord[], added: MoveRecord[]): void {
  moves.push(...added);
  if (moves.length > REMEMBERED_MOVES) moves.splice(0, moves.length - REMEMBERED_MOVES);
}

function rangesOf(parts: MovedRun['deleted']['parts']): IdRange[] {
  return parts.map(({ item, at }) => ({ client: item.id.client, clock: item.id.clock, length: item.length, at }));
}

function recordOf(run: MovedRun): MoveRecord {
  return { deleted: rangesOf(run.deleted.parts), copy: rangesOf(run.copy.parts), at: run.at };
}

const holds = (range: IdRange, id: Y.ID) => range.client === id.client && id.clock >= range.clock && id.clock < range.clock + range.length;

/** The copy of a moved character, from the latest move that took it; followed on if that copy moved again. */
function copyOf(moves: MoveRecord[], id: Y.ID, hops = 0): Y.ID | undefined {
  for (let i = moves.length - 1; i >= 0; i--) {
    const move = moves[i] as MoveRecord;
    const from = move.deleted.find((range) => holds(range, id));
    if (!from) continue;
    const offset = move.at + from.at + (id.clock - from.clock);
    const to = move.copy.find((range) => offset >= range.at && offset < range.at + range.length);
    const copy = to && Y.createID(to.client, to.clock + (offset - to.at));
    // A copy is always newer than what it copies, so this ends; the bound only guards the stack.
    return copy && hops < MAX_HOPS ? (copyOf(moves, copy, hops + 1) ?? copy) : copy;
  }
  return undefined;
}

/** Where a character is (or was, if deleted) in its text, as an index of the visible text. */
function indexOf(text: Y.XmlText, id: Y.ID): number {
  let index = 0;
  for (let n = text._start; n; n = n.right) {
    if (n.id.client === id.client && id.clock >= n.id.clock && id.clock < n.id.clock + n.length) return index + (n.deleted ? 0 : id.clock - n.id.clock);
    if (!n.deleted && n.countable) index += n.length;
  }
  return index;
}

/** Writes the rescued characters beside their moved neighbours, one server change per typist; resolves once stored. */
function writeAgain(room: DraftRoom, rescues: Rescue[], logger: Logger): Promise<void> {
  const byTypist = new Map<UserId, Rescue[]>();
  for (const rescue of rescues) {
    const typist = room.ownerOf(rescue.client);
    if (typist) byTypist.set(typist, [...(byTypist.get(typist) ?? []), rescue]);
  }
  let written = 0;
  let durable: Array<Promise<void>> = [];
  try {
    durable = [...byTypist].map(([typist, theirs]) =>
      room.applyServerChange(typist, (doc) => {
        for (const rescue of theirs) if (writeBeside(doc, rescue)) written += rescue.text.length;
      }),
    );
  } catch (err) {
    logger.error('could not carry typing into a moved block', { draftId: room.draftId, err });
  }
  if (written > 0) logger.info('typing stranded by a moved block was written into the moved block', { draftId: room.draftId, characters: written });
  return Promise.all(durable).then(() => undefined);
}

/**
 * Writes one group of rescued characters at its target (taking standing ones from where they
 * stand). False when the world moved on meanwhile: the copy went, or someone deleted the characters.
 */
function writeBeside(doc: Y.Doc, { ranges, standing, text, target }: Rescue): boolean {
  const place = placeOf(doc, target);
  if (!place) return false;
  if (standing) {
    const pieces = ranges.flatMap((range) => piecesOf(doc, range));
    if (pieces.some((piece) => piece.item.deleted || !(piece.item.parent instanceof Y.XmlText))) return false;
    for (const { item, id, length } of pieces) (item.parent as Y.XmlText).delete(indexOf(item.parent as Y.XmlText, id), length);
  }
  place.write(text);
  return true;
}

/** Where a target is now, as a way to write there; undefined if its block has gone. */
function placeOf(doc: Y.Doc, target: Rescue['target']): { write: (text: string) => void } | undefined {
  if ('into' in target) {
    const holder = Y.getItem(doc.store, target.into);
    const block = holder.content instanceof Y.ContentType ? holder.content.type : undefined;
    if (!(block instanceof Y.XmlElement) || holder.deleted) return undefined;
    return { write: (text) => writeAtEnd(block as Y.XmlElement, text) };
  }
  const beside = Y.getItem(doc.store, target.id);
  const block = beside.parent;
  if (!(block instanceof Y.XmlText) || block._item?.deleted) return undefined;
  // Its index is taken when writing: taking standing characters out first may shift it.
  return { write: (text) => block.insert(indexOf(block, target.id) + (target.after && !beside.deleted ? 1 : 0), text) };
}

/** Appends to a block's text, giving it one if it has none (as the editor does for an empty block). */
function writeAtEnd(block: Y.XmlElement, text: string): void {
  const existing = block.toArray().find((child): child is Y.XmlText => child instanceof Y.XmlText);
  if (existing) return existing.insert(existing.length, text);
  const created = new Y.XmlText();
  block.insert(block.length, [created]);
  created.insert(0, text);
}

/** The items that hold a range now (an insertion inside it since splits it), each with its part. */
function piecesOf(doc: Y.Doc, range: IdRange): Array<{ item: Y.Item; id: Y.ID; length: number }> {
  const pieces: Array<{ item: Y.Item; id: Y.ID; length: number }> = [];
  const end = range.clock + range.length;
  for (let clock = range.clock; clock < end; ) {
    const item = Y.getItem(doc.store, Y.createID(range.client, clock));
    const length = Math.min(item.id.clock + item.length, end) - clock;
    pieces.push({ item, id: Y.createID(range.client, clock), length });
    clock += length;
  }
  return pieces;
}
