import type { Editor } from '@tiptap/core';
import { Selection, TextSelection, type EditorState } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import type { Fragment, Node as PmNode } from '@tiptap/pm/model';
import { canEditAcceptedText, canSuggest, type PmNodeJSON, type RelativePositionJson, type ReviewState, type ReviewThread, type SuggestedChange } from '../../shared/api/index.ts';
import type { DraftId, UserId } from '../../shared/ids.ts';
import type { Role } from '../../shared/roles.ts';
import { ApiRequestError } from '../api/http.ts';
import type { CollabSession } from '../collab/collab-session.ts';
import { createResolver, toRelative } from './anchor-mapping.ts';
import { backspaceInGhost, deleteInGhost, enterInGhost, nestInGhost, typeInGhost, unnestInGhost, type GhostEdit, type GhostRefusal } from './ghost-block.ts';
import { reviewApi } from './review-api.ts';
import { takeEarlyReviewList } from './early-review-list.ts';
import { reuseUnchanged } from './reuse-unchanged.ts';
import { REVIEW_META } from './review-meta.ts';
import { markOpenMilestone } from '../app/open-milestones.ts';

/** A suggestion being typed: shown at once, saved after a pause (or when the caret leaves it). */
export interface PendingSuggestion {
  id: string | undefined;
  start: RelativePositionJson;
  end: RelativePositionJson;
  text: string;
  /** The number of list fetches started when the server gave it an id (older lists cannot know it). */
  idAtFetch?: number;
}

/** A suggested new block being typed into (a ghost, see ghost-block.ts): saved after a pause, and when the author moves on. */
export interface PendingBlock {
  id: string | undefined;
  /** The point between blocks where it goes. */
  at: RelativePositionJson;
  ghost: GhostEdit;
  /** The editor's caret when it started (mapped through edits): moving it away closes the block. */
  caretAt: number;
  idAtFetch?: number;
}

export type ReviewMode = 'editing' | 'suggesting' | 'viewing';

/** The keys that change a ghost block's structure, and what each does there (ghost-block.ts). */
const GHOST_KEYS = { Backspace: backspaceInGhost, Delete: deleteInGhost, Tab: nestInGhost, 'Shift-Tab': unnestInGhost } as const satisfies Record<
  string,
  (doc: PmNode, at: number, ghost: GhostEdit) => GhostEdit | GhostRefusal
>;
export type GhostKey = keyof typeof GHOST_KEYS | 'Enter';
const SAVE_AFTER_MS = 700;

/** How long a notice stays beside the mode switch: long enough to read twice. */
const NOTICE_MS = 8000;

/**
 * The review state of one open draft on this page: threads and suggestions from the server
 * (refetched on every 'review' notice), the Editing / Suggesting mode, and the suggestion being
 * typed. The editor extension and the React components read it; only it talks to the review API.
 */
export class ReviewController {
  state: ReviewState = { suggestionsOnly: false, threads: [] };
  loaded = false;
  error: string | undefined;
  /** Why the last thing this person did was not done, shown for a few seconds (see `tell`). */
  notice: string | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  pending: PendingSuggestion | undefined;
  /** Closed pending suggestions still being saved: shown until the server's list has them. */
  readonly closing = new Set<PendingSuggestion>();
  pendingBlock: PendingBlock | undefined;
  /** Closed pending blocks still being saved. */
  readonly closingBlocks = new Set<PendingBlock>();
  private blockTimer: ReturnType<typeof setTimeout> | undefined;
  selectedId: string | undefined;
  private chosenMode: 'editing' | 'suggesting' = 'editing';
  private commentRequested = false;
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;
  private version = 0;
  private fetches = 0;
  /** The fetch whose list is shown: one asked for earlier but answered later is older, and dropped. */
  private shownFetch = 0;

  constructor(
    readonly editor: Editor,
    readonly session: CollabSession,
    readonly draftId: DraftId,
    readonly me: UserId,
    public role: Role,
    public readOnlyConnection: boolean,
  ) {
    const stopNotices = session.onServerChange('review', () => void this.refresh());
    const stopWaiting = this.fetchFirstList();
    this.unsubscribe = () => {
      stopNotices();
      stopWaiting();
    };
  }

  /**
   * Fetches the first list. Every welcome from the server refetches it (a notice may have been
   * missed), so while the page's first connection is being made that refetch is the first fetch,
   * rather than a second fetch of hundreds of threads beside it. Offline, or once welcomed, now.
   */
  private fetchFirstList(): () => void {
    // Fetched already (a draft opened by its address), and refetched on every notice since.
    const early = takeEarlyReviewList(this.session);
    if (early) {
      void this.refresh(early);
      return () => {};
    }
    const { role, connection, ended } = this.session.getStatus();
    if (role !== undefined || connection === 'offline' || ended) {
      void this.refresh();
      return () => {};
    }
    const stop = this.session.subscribe(() => {
      const status = this.session.getStatus();
      // Welcomed: the welcome's refetch is under way (it follows this status change at once).
      if (this.fetches > 0 || status.role !== undefined) return void stop();
      if (status.connection === 'offline' || status.ended) {
        stop();
        void this.refresh();
      }
    });
    return stop;
  }

  /** Editing is only offered to those who may change the accepted text now; commenters (and editors in review) suggest. */
  get mode(): ReviewMode {
    if (!canSuggest(this.role)) return 'viewing';
    if (!this.canEditDirectly) return 'suggesting';
    return this.chosenMode;
  }

  get canEditDirectly(): boolean {
    return canEditAcceptedText(this.role, this.state.suggestionsOnly) && !(this.readOnlyConnection && this.role === 'editor');
  }

  setMode(mode: 'editing' | 'suggesting'): void {
    if (mode === 'editing') {
      this.closePending();
      this.closeBlock();
    }
    this.chosenMode = mode;
    this.emit();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A number that changes whenever anything here does (for useSyncExternalStore). */
  getVersion = (): number => this.version;

  /** Fetches the list (or takes one already being fetched) and redraws what changed. */
  async refresh(fetching?: Promise<ReviewState>): Promise<void> {
    const fetch = ++this.fetches;
    const before = { loaded: this.loaded, error: this.error, pending: this.pending, suggestionsOnly: this.state.suggestionsOnly };
    let same = false;
    try {
      const list = await (fetching ?? reviewApi.state(this.draftId));
      if (fetch < this.shownFetch) return;
      this.shownFetch = fetch;
      const fetched = reuseUnchanged(this.state, list);
      this.state = fetched.state;
      same = fetched.same;
      this.loaded = true;
      markOpenMilestone('review-list');
      // One's own suggestion being typed was decided (or withdrawn) elsewhere: stop showing it.
      const live = new Set(this.state.threads.map((t) => t.id));
      const p = this.pending;
      if (p?.id && p.idAtFetch !== undefined && fetch > p.idAtFetch && !live.has(p.id)) {
        clearTimeout(this.timer);
        this.pending = undefined;
      }
      const b = this.pendingBlock;
      if (b?.id && b.idAtFetch !== undefined && fetch > b.idAtFetch && !live.has(b.id)) {
        clearTimeout(this.blockTimer);
        this.pendingBlock = undefined;
      }
      this.error = undefined;
      if (before.loaded && before.suggestionsOnly !== this.state.suggestionsOnly) this.tellReviewPhase();
    } catch (err) {
      if (fetch < this.shownFetch) return;
      this.error = err instanceof ApiRequestError ? err.message : 'Comments could not be loaded.';
    }
    // Every (re)connection refetches (a notice may have been missed): when nothing changed, as on
    // opening a draft, neither the panel nor the anchors are drawn again.
    if (same && before.loaded && before.error === this.error && before.pending === this.pending) return;
    this.emit();
    if (!same || before.pending !== this.pending) this.redrawEditor();
  }

  /** Runs an API call, then refetches; a failure is shown in words, never swallowed. */
  async run(call: () => Promise<unknown>): Promise<boolean> {
    try {
      await call();
      await this.refresh();
      return true;
    } catch (err) {
      this.error = err instanceof ApiRequestError ? err.message : 'That did not work. Try again.';
      this.emit();
      return false;
    }
  }

  /** Puts the caret at a thread's text and scrolls it into view. */
  focusAnchor(thread: ReviewThread): void {
    const view = this.editor.view;
    const resolve = createResolver(view.state);
    const from = resolve(thread.anchor.start);
    const to = resolve(thread.anchor.end);
    if (from === undefined) return;
    const end = Math.max(from, to ?? from);
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, end)).scrollIntoView().setMeta(REVIEW_META, 'server'));
    view.focus();
  }

  select(id: string | undefined): void {
    this.selectedId = id;
    this.emit();
  }

  // ----- Suggesting: input becomes suggestion operations (called by the editor extension) -----

  /** Typed or pasted text replacing [from, to). Typing at the end of one's pending insertion extends it. */
  suggestText(view: EditorView, from: number, to: number, text: string): void {
    this.closeBlock();
    const p = this.pending;
    if (p && from === to && this.insertionPoint(view) === from) {
      p.text += text;
    } else {
      this.closePending();
      const start = toRelative(view.state, from, 0);
      const end = from === to ? start : toRelative(view.state, to, -1);
      if (!start || !end) return;
      this.pending = { id: undefined, start, end, text };
      if (to !== from) view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, to)));
    }
    this.touchPending(view);
  }

  /** Backspace (-1) or Delete (1) with a collapsed caret, or either with a selection. */
  suggestDelete(view: EditorView, direction: -1 | 1): void {
    const { from, to, empty, $from } = view.state.selection;
    const p = this.pending;
    if (empty && p && direction === -1 && p.text && this.insertionPoint(view) === from) {
      p.text = p.text.slice(0, -1);
      if (!p.text && this.rangeOf(view, p)?.[0] === this.rangeOf(view, p)?.[1]) {
        const id = p.id;
        this.pending = undefined;
        if (id) void this.run(() => reviewApi.withdraw(this.draftId, id));
        this.redraw(view);
        return;
      }
      this.touchPending(view);
      return;
    }
    let start = from;
    let end = to;
    if (empty) {
      // At a block boundary the suggestion is a join: Backspace joins this block to the one
      // before, Delete the next block to this one.
      if (direction === -1 ? $from.parentOffset === 0 : $from.parentOffset === $from.parent.content.size) {
        const at = direction === -1 ? from : startOfNextBlock(view.state, $from.after());
        if (at !== undefined) this.suggestChange(view, at, at, { type: 'join' });
        return;
      }
      start = direction === -1 ? from - 1 : from;
      end = direction === -1 ? from : from + 1;
      const range = p && !p.text ? this.rangeOf(view, p) : undefined;
      if (p && range && direction === -1 && range[0] === from) {
        const rel = toRelative(view.state, start, 0);
        if (rel) p.start = rel;
        view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, start)));
        this.touchPending(view);
        return;
      }
      if (p && range && direction === 1 && range[1] === from) {
        // Forward delete walks on: the caret moves past the struck character.
        const rel = toRelative(view.state, end, -1);
        if (rel) p.end = rel;
        view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, end)));
        this.touchPending(view);
        return;
      }
    }
    this.closePending();
    const s = toRelative(view.state, start, 0);
    const e = toRelative(view.state, end, -1);
    if (!s || !e) return;
    this.pending = { id: undefined, start: s, end: e, text: '' };
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, direction === -1 ? start : end)));
    this.touchPending(view);
  }

  /** A join, format or structure change of [from, to): made at once (nothing to extend), drawn when the server lists it. */
  suggestChange(view: EditorView, from: number, to: number, change: SuggestedChange): void {
    this.closePending();
    this.closeBlock();
    const start = toRelative(view.state, from, 0);
    const end = from === to ? start : toRelative(view.state, to, -1);
    if (!start || !end) return;
    void this.run(() => reviewApi.createChange(this.draftId, { start, end }, change));
  }

  /**
   * A structure command (new entry, sub-item, note, definition) in Suggesting mode: its blocks
   * become a ghost at `at`, which the author types into like the real thing (see editBlock).
   */
  startBlock(view: EditorView, at: number, content: Fragment, selection: { from: number; to: number }): void {
    this.closePending();
    this.closeBlock();
    const rel = toRelative(view.state, at, 0);
    if (!rel) return;
    this.pendingBlock = { id: undefined, at: rel, ghost: { content, ...selection }, caretAt: view.state.selection.head };
    this.touchBlock(view);
  }

  /**
   * A key typed into the ghost block. False when there is none (the key then does what it usually
   * does). A structural key that cannot be done inside the suggestion says why beside the mode switch.
   */
  editBlock(view: EditorView, key: { text: string } | GhostKey): boolean {
    const b = this.pendingBlock;
    if (!b) return false;
    const at = createResolver(view.state)(b.at);
    if (at === undefined) {
      this.closeBlock();
      return false;
    }
    const doc = view.state.doc;
    if (typeof key === 'object') b.ghost = typeInGhost(doc, at, b.ghost, key.text);
    else if (key === 'Enter') b.ghost = enterInGhost(doc, at, b.ghost);
    else {
      const next = GHOST_KEYS[key](doc, at, b.ghost);
      if ('refused' in next) {
        this.tell(next.refused);
        return true;
      }
      b.ghost = next;
    }
    this.touchBlock(view);
    return true;
  }

  /** Saves the ghost block and lets keys go to the text again. */
  closeBlock(): void {
    const b = this.pendingBlock;
    if (!b) return;
    this.pendingBlock = undefined;
    this.closingBlocks.add(b);
    this.saveBlock(b, true);
  }

  private touchBlock(view: EditorView): void {
    clearTimeout(this.blockTimer);
    const b = this.pendingBlock;
    if (b) this.blockTimer = setTimeout(() => this.saveBlock(b, false), SAVE_AFTER_MS);
    this.redraw(view);
  }

  /** Creates the block suggestion, then sends its content again as it grows; in order with the other saves. */
  private saveBlock(b: PendingBlock, final: boolean): void {
    if (final) clearTimeout(this.blockTimer);
    const change = { type: 'insertBlock' as const, content: (b.ghost.content.toJSON() ?? []) as PmNodeJSON[] };
    this.saving = this.saving.then(async () => {
      await this.run(async () => {
        if (!b.id) {
          b.id = (await reviewApi.createChange(this.draftId, { start: b.at, end: b.at }, change)).id;
          b.idAtFetch = this.fetches;
        } else await reviewApi.updateSuggestion(this.draftId, b.id, { change });
      });
      if (final) this.closingBlocks.delete(b);
      this.redrawEditor();
    });
  }

  /** Asks the review panel to start a comment on the selection (the panel may be about to open). */
  requestComment(): void {
    this.commentRequested = true;
    this.emit();
  }

  /** True once after requestComment: the panel starts the comment. */
  takeCommentRequest(): boolean {
    const asked = this.commentRequested;
    this.commentRequested = false;
    return asked;
  }

  /** The caret left the pending suggestion: save it now. */
  onSelectionMoved(view: EditorView): void {
    if (this.pendingBlock && view.state.selection.head !== this.pendingBlock.caretAt) this.closeBlock();
    const p = this.pending;
    if (!p) return;
    const head = view.state.selection.head;
    if (head !== this.insertionPoint(view) && head !== this.rangeOf(view, p)?.[0]) this.closePending();
  }

  /** The editor positions of a pending suggestion's range. */
  rangeOf(view: EditorView, p: PendingSuggestion): [number, number] | undefined {
    const resolve = createResolver(view.state);
    const a = resolve(p.start);
    const b = resolve(p.end);
    return a === undefined || b === undefined ? undefined : [a, Math.max(a, b)];
  }

  /** Where the pending insertion's text shows (after any text it replaces). */
  insertionPoint(view: EditorView): number | undefined {
    return this.pending ? this.rangeOf(view, this.pending)?.[1] : undefined;
  }

  /** Saves the pending suggestion and starts a new one on the next input. */
  closePending(): void {
    if (!this.pending) return;
    const p = this.pending;
    this.pending = undefined;
    this.closing.add(p);
    this.save(p, true);
  }

  private touchPending(view: EditorView): void {
    clearTimeout(this.timer);
    const p = this.pending;
    if (p) this.timer = setTimeout(() => this.save(p, false), SAVE_AFTER_MS);
    this.redraw(view);
  }

  private redraw(view: EditorView): void {
    view.dispatch(view.state.tr.setMeta(REVIEW_META, 'pending'));
    this.emit();
  }

  /** Creates or updates the suggestion on the server, one request at a time, in order. */
  private save(p: PendingSuggestion, final: boolean): void {
    if (final) clearTimeout(this.timer);
    const snapshot = { start: p.start, end: p.end, text: p.text };
    this.saving = this.saving.then(async () => {
      await this.run(async () => {
        if (!p.id) {
          p.id = (await reviewApi.createSuggestion(this.draftId, { start: snapshot.start, end: snapshot.end }, snapshot.text)).id;
          p.idAtFetch = this.fetches;
        }
        else await reviewApi.updateSuggestion(this.draftId, p.id, { anchor: { start: snapshot.start, end: snapshot.end }, insertText: snapshot.text });
      });
      if (final) this.closing.delete(p);
      this.redrawEditor();
    });
  }

  /** Asks the editor to redraw the review decorations (after the server's list changed). */
  private redrawEditor(): void {
    if (this.editor.isDestroyed) return;
    this.editor.view.dispatch(this.editor.state.tr.setMeta(REVIEW_META, 'server'));
  }

  /** Open threads and suggestions, in document order. */
  threads(): ReviewThread[] {
    return this.state.threads;
  }

  /**
   * Says briefly, beside the mode switch, why something this person just did was not done (a
   * command Suggesting mode cannot turn into a suggestion, Editing refused to a commenter). Not the
   * panel's error line: the panel may be closed, and nothing may be dropped without a word.
   */
  /**
   * The review phase began or ended while this page was open: someone whose typing it turns into
   * suggestions (or back into edits) hears so, since it happens in the middle of what they type.
   */
  private tellReviewPhase(): void {
    if (canEditAcceptedText(this.role, true) || !canEditAcceptedText(this.role, false)) return;
    this.tell(
      this.state.suggestionsOnly
        ? 'A coordinator started the review phase: what you type now is a suggestion.'
        : 'The review phase has ended: you can edit the text directly again.',
    );
  }

  tell(notice: string): void {
    clearTimeout(this.noticeTimer);
    this.notice = notice;
    this.emit();
    this.noticeTimer = setTimeout(() => {
      this.notice = undefined;
      this.emit();
    }, NOTICE_MS);
  }

  emit(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  destroy(): void {
    clearTimeout(this.noticeTimer);
    this.closePending();
    this.closeBlock();
    this.unsubscribe();
    this.listeners.clear();
  }
}

/** Where the textblock after `pos` starts, or undefined at the end of the draft. */
function startOfNextBlock(state: EditorState, pos: number): number | undefined {
  const next = Selection.findFrom(state.doc.resolve(pos), 1, true);
  return next && next.$from.parentOffset === 0 ? next.from : undefined;
}

const controllers = new WeakMap<Editor, ReviewController>();

/** The controller of an editor, if the page made one (the editor extension looks it up here). */
export function controllerOf(editor: Editor): ReviewController | undefined {
  return controllers.get(editor);
}

/** Gets or makes the controller for this editor and session. */
export function ensureController(editor: Editor, session: CollabSession, draftId: DraftId, me: UserId, role: Role, readOnly: boolean): ReviewController {
  let c = controllers.get(editor);
  if (!c || c.session !== session) {
    c?.destroy();
    const made = new ReviewController(editor, session, draftId, me, role, readOnly);
    controllers.set(editor, made);
    // A controller lives as long as its editor: a destroyed one must not keep refetching on notices.
    editor.on('destroy', () => made.destroy());
    c = made;
  }
  if (c.role !== role || c.readOnlyConnection !== readOnly) {
    c.role = role;
    c.readOnlyConnection = readOnly;
    // Called while rendering: tell the other subscribers after this render, not during it.
    const changed = c;
    queueMicrotask(() => changed.emit());
  }
  return c;
}
