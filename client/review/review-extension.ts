import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type { PmNodeJSON } from '../../shared/api/versions.ts';
import { paletteIndex } from '../../shared/palette.ts';
import { createResolver } from './anchor-mapping.ts';
import { changeDecorations } from './change-decorations.ts';
import { formatIntent } from './format-intent.ts';
import { structureIntent } from './structure-intent.ts';
import { REVIEW_META } from './review-meta.ts';
import { controllerOf, type PendingSuggestion, type ReviewController } from './review-controller.ts';

const decorationsKey = new PluginKey<DecorationSet>('plenary-review-decorations');

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

function build(state: EditorState, c: ReviewController): DecorationSet {
  const resolve = createResolver(state);
  const decos: Decoration[] = [];
  const size = state.doc.content.size;
  const inDoc = (n: number | undefined): n is number => n !== undefined && n >= 0 && n <= size;
  const drafting = new Set<PendingSuggestion>([...c.closing, ...(c.pending ? [c.pending] : [])]);
  const draftingIds = new Set([...drafting].map((p) => p.id));
  const blocks = [...c.closingBlocks, ...(c.pendingBlock ? [c.pendingBlock] : [])];
  const blockIds = new Set(blocks.map((b) => b.id));
  for (const t of c.state.threads) {
    if (t.detached || draftingIds.has(t.id)) continue;
    if (t.kind === 'comment' && t.status !== 'open') continue;
    const from = resolve(t.anchor.start);
    const to = resolve(t.anchor.end);
    if (!inDoc(from) || !inDoc(to)) continue;
    const selected = c.selectedId === t.id ? ' review--selected' : '';
    if (t.kind === 'comment') {
      if (to > from) decos.push(Decoration.inline(from, to, { class: `review-comment${selected}`, 'data-review-id': t.id }));
      continue;
    }
    const cls = colorClass(t.author.color);
    if (t.change) {
      if (blockIds.has(t.id)) continue; // its author's ghost, drawn below
      decos.push(...changeDecorations(t.change, from, to, t.id, `${cls}${selected}`, { doc: state.doc, byline: `suggested by ${t.author.name}` }));
      continue;
    }
    if (to > from) decos.push(Decoration.inline(from, to, { class: `suggest-del ${cls}${selected}`, 'data-review-id': t.id }));
    if (t.insertText) decos.push(Decoration.widget(Math.max(from, to), () => insertionWidget(t.insertText, t.author.color, t.id, false), { side: -1, key: `${t.id}:${t.insertText}:${selected}` }));
  }
  const localUser: unknown = c.session.provider.awareness.getLocalState()?.user;
  const myColor = typeof localUser === 'object' && localUser !== null && 'color' in localUser ? localUser.color : undefined;
  for (const p of drafting) {
    const from = resolve(p.start);
    const to = resolve(p.end);
    if (!inDoc(from) || !inDoc(to)) continue;
    const cls = colorClass(typeof myColor === 'string' ? myColor : '');
    if (to > from) decos.push(Decoration.inline(from, to, { class: `suggest-del suggest-del--pending ${cls}` }));
    if (p.text) decos.push(Decoration.widget(Math.max(from, to), () => insertionWidget(p.text, typeof myColor === 'string' ? myColor : '', p.id ?? 'pending', true), { side: -1, key: `pending:${p.text}` }));
  }
  for (const b of blocks) {
    const at = resolve(b.at);
    if (!inDoc(at)) continue;
    const typing = b === c.pendingBlock;
    const change = { type: 'insertBlock' as const, content: (b.ghost.content.toJSON() ?? []) as PmNodeJSON[] };
    const context = { doc: state.doc, byline: typing ? 'your suggestion (Esc when done)' : 'your suggestion', caret: typing ? b.ghost : undefined };
    decos.push(...changeDecorations(change, at, at, b.id ?? 'pending', `${colorClass(typeof myColor === 'string' ? myColor : '')} suggest-block--pending`, context));
  }
  return DecorationSet.create(state.doc, decos);
}

/** A transaction that came from the shared document (remote edits, initial sync), not from this user's input. */
const fromYjs = (tr: Transaction) => tr.getMeta(ySyncPluginKey) !== undefined;

function reviewPlugin(editor: Editor): Plugin {
  const controller = () => controllerOf(editor);
  const suggesting = () => controller()?.mode === 'suggesting';
  return new Plugin<DecorationSet>({
    key: decorationsKey,
    state: {
      init: () => DecorationSet.empty,
      apply(tr, old, _oldState, newState) {
        const c = controller();
        if (!c) return DecorationSet.empty;
        // The caret a ghost block started from follows others' edits (only moving it closes the block).
        if (c.pendingBlock && tr.docChanged) c.pendingBlock.caretAt = tr.mapping.map(c.pendingBlock.caretAt);
        // Rebuilt from the anchors when the list changed or the shared document changed under us;
        // a local edit only maps them (cheap, and keeps typing fast with hundreds of threads).
        if (tr.getMeta(REVIEW_META) !== undefined || (tr.docChanged && fromYjs(tr))) return build(newState, c);
        return tr.docChanged ? old.map(tr.mapping, tr.doc) : old;
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
      return false;
    },
    view: () => ({
      update(view: EditorView, prev: EditorState) {
        if (!prev.selection.eq(view.state.selection)) controller()?.onSelectionMoved(view);
      },
    }),
    props: {
      decorations: (state) => decorationsKey.getState(state),
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
          if (event.key === 'Backspace' || event.key === 'Enter') return c.editBlock(view, event.key);
          if (event.key === 'Delete' || event.key === 'Tab') return true;
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
