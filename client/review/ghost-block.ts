import { DOMSerializer, type Fragment, type Node as PmNode } from '@tiptap/pm/model';
import { Selection } from '@tiptap/pm/state';
import { Transform } from '@tiptap/pm/transform';
import { splitLikeEnter } from '../../shared/schema/control-list/structural-edits.ts';

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

/** Backspace: the selection, or the character before the caret, inside its line (a ghost's blocks are not joined). */
export function backspaceInGhost(doc: PmNode, at: number, ghost: GhostEdit): GhostEdit {
  return onCopy(doc, at, ghost, (tr, from, to) => {
    if (to > from) {
      tr.delete(from, to);
      return from;
    }
    if (tr.doc.resolve(from).parentOffset === 0) return undefined;
    tr.delete(from - 1, from);
    return from - 1;
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
