import { DOMSerializer, type Fragment, type Node as PmNode } from '@tiptap/pm/model';
import { Selection } from '@tiptap/pm/state';
import { Transform } from '@tiptap/pm/transform';
import { CL } from '../../shared/schema/control-list/names.ts';
import { joinBackward, liftSubItem, sinkSubItem, splitLikeEnter } from '../../shared/schema/control-list/structural-edits.ts';
import { ancestor } from '../../shared/schema/control-list/tree.ts';

/**
 * A suggested new block while its author types into it (a "ghost": shown, never in the document).
 * The caret of a ghost lives here, as offsets into its content; each key is applied to a copy of
 * the draft with the ghost inserted, using the same structural edits the server applies on accept
 * (Enter in a heading starts the first sub-item, in a sub-item the next one; an identifier is left
 * for the heading).
 */
export interface GhostEdit {
  content: Fragment;
  /** Selection in the ghost, as offsets into `content`; typing replaces a non-empty one. */
  from: number;
  to: number;
}

/** Runs `edit` on the draft `doc` with the ghost inserted at `at`; returns the ghost after it. */
function onCopy(doc: PmNode, at: number, ghost: GhostEdit, edit: (tr: Transform, from: number, to: number) => number | undefined): GhostEdit {
  const tr = new Transform(doc).insert(at, ghost.content);
  const grown = () => tr.doc.content.size - doc.content.size;
  const caret = edit(tr, at + ghost.from, at + ghost.to);
  if (caret === undefined) return ghost;
  return { content: tr.doc.slice(at, at + grown()).content, from: caret - at, to: caret - at };
}

/** Typed text replaces the ghost's selection. */
export function typeInGhost(doc: PmNode, at: number, ghost: GhostEdit, text: string): GhostEdit {
  return onCopy(doc, at, ghost, (tr, from, to) => {
    const $from = tr.doc.resolve(from);
    if (!$from.parent.inlineContent) return undefined;
    if (to > from) tr.delete(from, to);
    tr.insert(from, tr.doc.type.schema.text(text));
    return from + text.length;
  });
}

/** A key that could not be done inside the ghost: why, to tell its author (the ghost stays as it was). */
export interface GhostRefusal {
  refused: string;
}

/** Where the caret ends up after a key in the ghost (positions in the draft with the ghost inserted), or why nothing happened. */
type KeyOutcome = { from: number; to: number } | GhostRefusal;

/**
 * Runs a structural key on the draft with the ghost inserted, and keeps the result only if the
 * draft outside the ghost is exactly as it was: the key works inside the suggestion and never
 * touches accepted text, whatever the structural edit would have liked to do.
 */
function keyOnCopy(doc: PmNode, at: number, ghost: GhostEdit, key: (tr: Transform, from: number, to: number, end: number) => KeyOutcome): GhostEdit | GhostRefusal {
  const tr = new Transform(doc).insert(at, ghost.content);
  const outcome = key(tr, at + ghost.from, at + ghost.to, at + ghost.content.size);
  if ('refused' in outcome) return outcome;
  const grown = tr.doc.content.size - doc.content.size;
  const untouched = tr.doc.slice(0, at).eq(doc.slice(0, at)) && tr.doc.slice(at + grown).eq(doc.slice(at));
  if (!untouched || grown <= 0) return { refused: OUTSIDE };
  return { content: tr.doc.slice(at, at + grown).content, from: outcome.from - at, to: outcome.to - at };
}

const CANNOT_JOIN = 'These two lines of your suggestion cannot be joined (an identifier, or a line with sub-items of its own).';

const OUTSIDE = 'That would change text outside your suggested block, so it was not done. Accepted text can only be changed by suggesting a change to it.';

/** The sub-item the caret is in, if it lies wholly inside the ghost [start, end). */
function ghostSubItem(tr: Transform, pos: number, start: number, end: number): { pos: number; node: PmNode } | undefined {
  const found = ancestor(tr.doc.resolve(pos), [CL.subItem]);
  return found && found.pos >= start && found.pos + found.node.nodeSize <= end ? found : undefined;
}

/** Tab: the ghost's sub-item nests under the sub-item before it, which must be part of the ghost too. */
export function nestInGhost(doc: PmNode, at: number, ghost: GhostEdit): GhostEdit | GhostRefusal {
  return keyOnCopy(doc, at, ghost, (tr, from, to, end) => {
    const item = ghostSubItem(tr, from, at, end);
    if (!item) return { refused: 'Tab nests a sub-item of your suggested block; the caret is not in one.' };
    const $item = tr.doc.resolve(item.pos);
    const index = $item.index();
    const prev = index > 0 ? $item.parent.child(index - 1) : null;
    if (!prev || prev.type.name !== CL.subItem) return { refused: 'Tab nests a sub-item under the one before it; this is the first sub-item here.' };
    if (item.pos - prev.nodeSize < at) return { refused: 'Tab would nest your suggested sub-item under accepted text; suggest it under a sub-item of your own, or suggest it where it belongs.' };
    const moved = sinkSubItem(tr, item.pos);
    return moved === undefined ? { refused: 'This sub-item cannot be nested here.' } : { from: from + moved, to: to + moved };
  });
}

/** Shift-Tab: the ghost's sub-item moves one level out, if the sub-item it is nested in is part of the ghost. */
export function unnestInGhost(doc: PmNode, at: number, ghost: GhostEdit): GhostEdit | GhostRefusal {
  return keyOnCopy(doc, at, ghost, (tr, from, to, end) => {
    const item = ghostSubItem(tr, from, at, end);
    if (!item) return { refused: 'Shift-Tab moves a sub-item of your suggested block out a level; the caret is not in one.' };
    const parent = ghostSubItem(tr, item.pos, at, end);
    const $item = tr.doc.resolve(item.pos);
    if ($item.parent.type.name !== CL.subItem) return { refused: 'This sub-item is already at the outermost level.' };
    if (!parent) return { refused: 'Shift-Tab would move your suggested sub-item out of accepted text; suggest it where it belongs instead.' };
    const moved = liftSubItem(tr, item.pos);
    return moved === undefined ? { refused: 'This sub-item cannot be moved out here.' } : { from: from + moved, to: to + moved };
  });
}

/**
 * Backspace: the selection, or the character before the caret. At the start of a line: an empty
 * sub-item of the ghost (with no sub-items of its own) goes, the caret to the end of the line
 * before; another line joins the ghost line before it.
 */
export function backspaceInGhost(doc: PmNode, at: number, ghost: GhostEdit): GhostEdit | GhostRefusal {
  return keyOnCopy(doc, at, ghost, (tr, from, to, end) => {
    if (to > from) {
      tr.delete(from, to);
      return { from, to: from };
    }
    const $from = tr.doc.resolve(from);
    if ($from.parentOffset > 0) {
      tr.delete(from - 1, from);
      return { from: from - 1, to: from - 1 };
    }
    const before = Selection.findFrom(tr.doc.resolve($from.before()), -1, true);
    if (!before || before.from < at) return { refused: 'Backspace stops at the start of your suggested block: the text before it is not part of your suggestion.' };
    const item = ghostSubItem(tr, from, at, end);
    if (item && item.node.childCount === 1 && item.node.textContent === '' && $from.parent === item.node.firstChild) {
      tr.delete(item.pos, item.pos + item.node.nodeSize);
      return { from: before.from, to: before.from };
    }
    if (!joinBackward(tr, from)) return { refused: CANNOT_JOIN };
    return { from: before.from, to: before.from };
  });
}

/** Delete: the selection, or the character after the caret; at the end of a line, the next ghost line joins it. */
export function deleteInGhost(doc: PmNode, at: number, ghost: GhostEdit): GhostEdit | GhostRefusal {
  return keyOnCopy(doc, at, ghost, (tr, from, to, end) => {
    if (to > from) {
      tr.delete(from, to);
      return { from, to: from };
    }
    const $from = tr.doc.resolve(from);
    if ($from.parentOffset < $from.parent.content.size) {
      tr.delete(from, from + 1);
      return { from, to: from };
    }
    const next = Selection.findFrom(tr.doc.resolve($from.after()), 1, true);
    if (!next || next.from >= end) return { refused: 'Delete stops at the end of your suggested block: the text after it is not part of your suggestion.' };
    if (!joinBackward(tr, next.from)) return { refused: CANNOT_JOIN };
    return { from, to: from };
  });
}

/** Enter: a new line as the structure's Enter makes it, or from an identifier on to the heading. */
export function enterInGhost(doc: PmNode, at: number, ghost: GhostEdit): GhostEdit {
  return onCopy(doc, at, ghost, (tr, from, to) => {
    if (to > from) return to; // Enter on the selected identifier keeps it and goes on after it
    const split = splitLikeEnter(tr, from);
    if (split !== undefined) return split;
    const next = Selection.findFrom(tr.doc.resolve(tr.doc.resolve(from).after()), 1, true);
    return next && next.from < at + ghost.content.size ? next.from : undefined;
  });
}

/**
 * The ghost's blocks as the editor draws them (the schema's own rendering, so an entry looks like
 * an entry), with a caret drawn at `caret` (an offset into the content) while its author types.
 */
export function renderGhost(content: Fragment, caret: { from: number; to: number } | undefined): DocumentFragment {
  const out = document.createDocumentFragment();
  content.forEach((node, offset) => out.append(renderNode(node, offset, caret)));
  return out;
}

function renderNode(node: PmNode, pos: number, caret: { from: number; to: number } | undefined): globalThis.Node {
  const toDOM = node.type.spec.toDOM;
  if (!toDOM) return document.createTextNode(node.textContent);
  const { dom, contentDOM } = DOMSerializer.renderSpec(document, toDOM(node));
  if (!contentDOM) return dom;
  const target = contentDOM;
  if (node.inlineContent) {
    const start = pos + 1;
    const text = node.textContent;
    if (!caret || caret.from < start || caret.from > start + text.length) target.append(text);
    else {
      const a = caret.from - start;
      const b = Math.min(text.length, caret.to - start);
      const selected = document.createElement('span');
      selected.className = 'suggest-block__selected';
      selected.textContent = text.slice(a, b);
      const mark = document.createElement('span');
      mark.className = 'suggest-block__caret';
      target.append(text.slice(0, a), ...(b > a ? [selected] : [mark]), text.slice(b));
    }
    return dom;
  }
  node.forEach((child, offset) => target.append(renderNode(child, pos + 1 + offset, caret)));
  return dom;
}
