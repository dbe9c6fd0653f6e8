import { Extension, type Editor } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type { PmNodeJSON } from '../../shared/api/versions.ts';
import { paletteIndex } from '../../shared/palette.ts';
import type { RelativePositionJson, ReviewThread } from '../../shared/api/review.ts';
import { createResolver } from './anchor-mapping.ts';
import { changedBlocks } from '../editor/changed-blocks.ts';
import { changeDecorations } from './change-decorations.ts';
import { formatIntent } from './format-intent.ts';
import { structureIntent } from './structure-intent.ts';
import { REVIEW_META } from './review-meta.ts';
import { controllerOf, type GhostKey, type ReviewController } from './review-controller.ts';

const decorationsKey = new PluginKey<ReviewDecorations>('plenary-review-decorations');

const colorClass = (color: string) => {
  const i = paletteIndex(color);
  return i >= 0 ? `collab-color-${i}` : 'collab-color-unknown';
};

/** The suggested text as a widget: underlined and coloured (two cues), "¶" marking a paragraph break. */
function insertionWidget(text: string, color: string, id: string, pending: boolean): HTMLElement {
  const span = document.createElement('span');
  span.className = `suggest-ins ${colorClass(color)}${pending ? ' suggest-ins--pending' : ''}`;
  span.dataset.reviewId = id;
  // Text nodes, never HTML: suggestions are user input. A suggested new block shows as a pilcrow.
  text.split('\n').forEach((line, i) => {
    if (i > 0) {
      const mark = document.createElement('span');
      mark.className = 'suggest-break';
      mark.title = 'Suggested: new paragraph';
      mark.textContent = '¶';
      span.append(mark);
    }
    if (line) span.append(line);
  });
  return span;
}

/** The decorations shown: per thread, tagged with its id (spec.reviewId), and which threads' anchors did not resolve. */
interface ReviewDecorations {
  set: DecorationSet;
  /** Threads to show whose anchors this copy of the draft could not place yet (their text may still be arriving). */
  unresolved: ReadonlySet<string>;
}

const EMPTY: ReviewDecorations = { set: DecorationSet.empty, unresolved: new Set() };

/** The decorations of one thread at [from, to], each tagged with the thread's id. */
function threadDecorations(t: ReviewThread, from: number, to: number, selectedId: string | undefined, doc: PmNode): Decoration[] {
  const spec = { reviewId: t.id };
  const selected = selectedId === t.id ? ' review--selected' : '';
  if (t.kind === 'comment') return to > from ? [Decoration.inline(from, to, { class: `review-comment${selected}`, 'data-review-id': t.id }, spec)] : [];
  const cls = colorClass(t.author.color);
  if (t.change) return changeDecorations(t.change, from, to, t.id, `${cls}${selected}`, { doc, byline: `suggested by ${t.author.name}` });
  const decos: Decoration[] = [];
  if (to > from) decos.push(Decoration.inline(from, to, { class: `suggest-del ${cls}${selected}`, 'data-review-id': t.id }, spec));
  if (t.insertText) decos.push(Decoration.widget(Math.max(from, to), () => insertionWidget(t.insertText, t.author.color, t.id, false), { side: -1, key: `${t.id}:${t.insertText}:${selected}`, ...spec }));
  return decos;
}

/** One's own new blocks being typed or saved: drawn as ghosts from the local copy, not from the list. */
const ghostBlocks = (c: ReviewController) => [...c.closingBlocks, ...(c.pendingBlock ? [c.pendingBlock] : [])];

/** One's own text suggestions being typed or saved: drawn from the local copy, not from the list. */
const draftingSuggestions = (c: ReviewController) => [...c.closing, ...(c.pending ? [c.pending] : [])];

/** The threads the text shows: not detached, not being re-typed here, comments only while open. */
function shownThreads(c: ReviewController): ReviewThread[] {
  const draftingIds = new Set([...draftingSuggestions(c), ...ghostBlocks(c)].map((p) => p.id));
  return c.state.threads.filter((t) => !t.detached && !draftingIds.has(t.id) && (t.kind !== 'comment' || t.status === 'open'));
}

/** Editor positions of anchors in `state`, or undefined for one this copy cannot place (yet). */
function positionsIn(state: EditorState): (json: RelativePositionJson) => number | undefined {
  const resolve = createResolver(state);
  const size = state.doc.content.size;
  return (json) => {
    const n = resolve(json);
    return n !== undefined && n >= 0 && n <= size ? n : undefined;
  };
}

/** Decorations of the given threads, resolved against `state`; the ones that could not be placed are listed. */
function placeThreads(state: EditorState, c: ReviewController, threads: readonly ReviewThread[], place = positionsIn(state)): { decos: Decoration[]; unresolved: Set<string> } {
  const decos: Decoration[] = [];
  const unresolved = new Set<string>();
  for (const t of threads) {
    const from = place(t.anchor.start);
    const to = place(t.anchor.end);
    if (from === undefined || to === undefined) unresolved.add(t.id);
    else decos.push(...threadDecorations(t, from, to, c.selectedId, state.doc));
  }
  return { decos, unresolved };
}

/** Every decoration, from the anchors: when the list, the selection or one's own pending suggestion changed. */
function build(state: EditorState, c: ReviewController): ReviewDecorations {
  const place = positionsIn(state);
  const { decos, unresolved } = placeThreads(state, c, shownThreads(c), place);
  const localUser: unknown = c.session.provider.awareness.getLocalState()?.user;
  const myColor = typeof localUser === 'object' && localUser !== null && 'color' in localUser && typeof localUser.color === 'string' ? localUser.color : '';
  const mine = colorClass(myColor);
  for (const p of draftingSuggestions(c)) {
    const from = place(p.start);
    const to = place(p.end);
    if (from === undefined || to === undefined) continue;
    if (to > from) decos.push(Decoration.inline(from, to, { class: `suggest-del suggest-del--pending ${mine}` }));
    if (p.text) decos.push(Decoration.widget(Math.max(from, to), () => insertionWidget(p.text, myColor, p.id ?? 'pending', true), { side: -1, key: `pending:${p.text}` }));
  }
  for (const b of ghostBlocks(c)) {
    const at = place(b.at);
    if (at === undefined) continue;
    const typing = b === c.pendingBlock;
    const change = { type: 'insertBlock' as const, content: (b.ghost.content.toJSON() ?? []) as PmNodeJSON[] };
    const context = { doc: state.doc, byline: typing ? 'your suggestion (Esc when done)' : 'your suggestion', caret: typing ? b.ghost : undefined };
    decos.push(...changeDecorations(change, at, at, b.id ?? 'pending', `${mine} suggest-block--pending`, context));
  }
  return { set: DecorationSet.create(state.doc, decos), unresolved };
}

/**
 * After a change from the shared document (a collaborator's keystroke): decorations outside the
 * top-level blocks that changed are mapped, and only the threads with a decoration in those blocks
 * (or not placed before) are resolved again, so a remote keystroke costs what it touched rather
 * than every anchor in the draft. One's own pending suggestion or ghost block has no id to find it
 * by: then, rarely, everything is rebuilt.
 */
function updateForRemoteChange(old: ReviewDecorations, oldState: EditorState, newState: EditorState, c: ReviewController): ReviewDecorations {
  if (c.pending || c.closing.size > 0 || c.pendingBlock || c.closingBlocks.size > 0) return build(newState, c);
  // Nothing shown and nothing waiting for its text: nothing to move.
  if (old.set === DecorationSet.empty && old.unresolved.size === 0) return old;
  const changed = changedBlocks(oldState.doc, newState.doc);
  if (!changed) return old;
  const touched = new Set(old.unresolved);
  for (const d of old.set.find(changed.from, changed.oldTo)) {
    const id = (d.spec as { reviewId?: unknown }).reviewId;
    if (typeof id === 'string') touched.add(id);
  }
  let set = old.set.map(changed.mapping, newState.doc);
  if (touched.size === 0) return { set, unresolved: old.unresolved };
  set = set.remove(set.find(undefined, undefined, (spec: { reviewId?: unknown }) => typeof spec.reviewId === 'string' && touched.has(spec.reviewId)));
  const { decos, unresolved } = placeThreads(newState, c, shownThreads(c).filter((t) => touched.has(t.id)));
  return { set: set.add(newState.doc, decos), unresolved };
}

/** What Suggesting mode says when a command cannot become a suggestion (the toolbar says it too). */
export const NOT_SUGGESTIBLE = 'That cannot be suggested (lists, quotes and label fixes change the text directly): suggest the wording, or say it in a comment.';

/** A transaction that came from the shared document (remote edits, initial sync), not from this user's input. */
const fromYjs = (tr: Transaction) => tr.getMeta(ySyncPluginKey) !== undefined;

function reviewPlugin(editor: Editor): Plugin {
  const controller = () => controllerOf(editor);
  const suggesting = () => controller()?.mode === 'suggesting';
  return new Plugin<ReviewDecorations>({
    key: decorationsKey,
    state: {
      init: () => EMPTY,
      apply(tr, old, oldState, newState) {
        const c = controller();
        if (!c) return EMPTY;
        // The caret a ghost block started from follows others' edits (only moving it closes the block).
        if (c.pendingBlock && tr.docChanged) c.pendingBlock.caretAt = tr.mapping.map(c.pendingBlock.caretAt);
        // Rebuilt from the anchors when the list changed; updated where it changed when the shared
        // document changed under us; a local edit only maps them (cheap, and keeps typing fast
        // with hundreds of threads).
        if (tr.getMeta(REVIEW_META) !== undefined) return build(newState, c);
        if (tr.docChanged && fromYjs(tr)) return updateForRemoteChange(old, oldState, newState, c);
        return tr.docChanged ? { set: old.set.map(tr.mapping, tr.doc), unresolved: old.unresolved } : old;
      },
    },
    // Suggesting mode: the accepted text is never changed from here. The server enforces this for
    // commenters (and editors in review) anyway; this keeps the editor from showing a change it will not keep.
    // Formatting (toolbar, shortcuts, link form) becomes a format suggestion instead.
    filterTransaction: (tr, state) => {
      if (!(suggesting() && tr.docChanged && !fromYjs(tr))) return true;
      const intent = formatIntent(tr);
      if (intent) queueMicrotask(() => controller()?.suggestChange(editor.view, intent.from, intent.to, intent.change));
      const structure = intent ? undefined : structureIntent(state, tr);
      if (structure?.type === 'insertBlock') queueMicrotask(() => controller()?.startBlock(editor.view, structure.at, structure.content, structure.selection));
      if (structure?.type === 'structure') queueMicrotask(() => controller()?.suggestChange(editor.view, structure.at, structure.at, { type: 'structure', action: structure.action }));
      // A command of this person's (a list or quote shortcut, Fix label) that cannot become a
      // suggestion is not done, and says so. Plugins' own follow-up changes are dropped quietly.
      if (!intent && !structure && !tr.getMeta('appendedTransaction')) queueMicrotask(() => controller()?.tell(NOT_SUGGESTIBLE));
      return false;
    },
    view: () => ({
      update(view: EditorView, prev: EditorState) {
        if (!prev.selection.eq(view.state.selection)) controller()?.onSelectionMoved(view);
      },
    }),
    props: {
      decorations: (state) => decorationsKey.getState(state)?.set,
      handleTextInput(view, from, to, text) {
        if (!suggesting()) return false;
        if (controller()?.editBlock(view, { text })) return true;
        controller()?.suggestText(view, from, to, text);
        return true;
      },
      handleKeyDown(view, event) {
        const c = controller();
        if (!c || c.mode !== 'suggesting') return false;
        if (c.pendingBlock) {
          // Keys typed into a ghost block edit it; Escape (or moving the caret) finishes it.
          if (event.key === 'Escape') {
            c.closeBlock();
            return true;
          }
          const key = ghostKey(event);
          if (key) return c.editBlock(view, key);
        }
        if (event.key === 'Backspace' || event.key === 'Delete') {
          c.suggestDelete(view, event.key === 'Backspace' ? -1 : 1);
          return true;
        }
        if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey && !event.altKey) {
          const { from, to } = view.state.selection;
          c.suggestText(view, from, to, '\n');
          return true;
        }
        return false;
      },
      handlePaste(view, _event, slice) {
        if (!suggesting()) return false;
        const text = slice.content.textBetween(0, slice.content.size, '\n', '\n');
        const { from, to } = view.state.selection;
        if (text) controller()?.suggestText(view, from, to, text);
        return true;
      },
      handleDrop: () => suggesting(),
      handleClick(_view, _pos, event) {
        const el = event.target instanceof Element ? event.target.closest('[data-review-id]') : null;
        const id = el?.getAttribute('data-review-id');
        if (id) controller()?.select(id);
        return false;
      },
    },
  });
}

/** Enter, Backspace, Delete, Tab or Shift-Tab: the keys a ghost block handles itself (never the accepted text around it). */
function ghostKey(event: KeyboardEvent): GhostKey | undefined {
  if (event.key === 'Tab') return event.shiftKey ? 'Shift-Tab' : 'Tab';
  return event.key === 'Enter' || event.key === 'Backspace' || event.key === 'Delete' ? event.key : undefined;
}

/**
 * Review in the editor: comment highlights and suggestion marks drawn from the server's anchors,
 * and the Suggesting mode, which turns typing, deleting, Enter, paste and formatting into
 * suggestions. Its keys run before the structure's and the default keymaps, so
 * Enter and Backspace in Suggesting become suggestions rather than edits that would be dropped.
 */
export const ReviewExtension = Extension.create({
  name: 'plenaryReview',
  // Above the structure commands (200) and the default keymaps, below Collaboration (1000), whose
  // sync state the decorations read.
  priority: 300,
  addProseMirrorPlugins() {
    return [reviewPlugin(this.editor)];
  },
});
