import { peopleInDraft } from '../auth/people-in-draft.ts';
import type { Anchor, CreateSuggestionRequest, ReviewPerson, ReviewState, ReviewThread, SuggestedChange, UpdateSuggestionRequest } from '../../shared/api/review.ts';
import type * as Y from 'yjs';
import type { DraftId, UserId } from '../../shared/ids.ts';
import type { Role } from '../../shared/roles.ts';
import { newId } from '../auth/tokens.ts';
import type { DocRegistry } from '../collab/doc-registry.ts';
import { badRequest, conflict } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { DraftsRepo } from '../storage/drafts-repo.ts';
import type { UsersRepo } from '../storage/users-repo.ts';
import { indexText, isDetached, resolveAnchor, type TextIndex } from './anchors.ts';
import { applySuggestion } from './apply-suggestion.ts';
import type { CommentRow, ReviewRepo, ThreadRow } from './review-repo.ts';
import { planSchemaBatch, planSchemaEdit, SchemaEditRefused, writeSchemaEdit, type SchemaEdit } from './schema-change.ts';

/**
 * What a suggestion does to the document, when it needs the schema: a new block, a join,
 * formatting, or a replacement whose range spans blocks (its quote has a line break).
 */
function schemaEditOf(s: { insertText: string; quote: string; change?: SuggestedChange | undefined }): SchemaEdit | undefined {
  if (s.change) return s.change;
  return s.insertText.includes('\n') || s.quote.includes('\n') ? { type: 'replace', text: s.insertText } : undefined;
}

/** Words quoted in a message, cut short when long. */
const quoted = (text: string) => `“${text.length > 80 ? `${text.slice(0, 80)}…` : text}”`;

/**
 * Why a suggestion that replaces or deletes words must not be applied any more, or undefined: the
 * words between its anchors are no longer the ones it was made on (someone typed inside them, or
 * deleted some), and applying it would erase that edit unseen, since its card shows the old words.
 */
function changedWordsReason(doc: Y.Doc, index: TextIndex, s: ThreadRow): string | undefined {
  if (s.change || s.quote.length === 0) return undefined;
  const now = resolveAnchor(doc, index, s.anchor)?.text;
  if (now === undefined || now === s.quote) return undefined;
  return `The words it replaces were changed since it was suggested: they now read ${quoted(now)}, not ${quoted(s.quote)}.`;
}

/** Why a change that is not a replacement must be suggested at a point. */
const POINT_ONLY = {
  join: 'A join is suggested at the start of a block, not on a selection.',
  insertBlock: 'A new block is suggested at a point between blocks, not on a selection.',
  structure: 'A structure change is suggested with the caret in the block, not on a selection.',
} as const;

/** What accepting a batch did: the suggestions applied, and those that could not be (they stay open). */
export interface BatchOutcome {
  accepted: ThreadRow[];
  refused: Array<{ id: string; reason: string }>;
}

export interface ReviewDeps {
  repo: ReviewRepo;
  drafts: DraftsRepo;
  users: UsersRepo;
  registry: DocRegistry;
  logger: Logger;
}

/**
 * Review commands that need the document: anchors are checked against the server's copy of the
 * draft, quotes are taken from it (never client-claimed), and accepted suggestions are applied to
 * it as an attributed server change. Permission checks are the caller's (routes + policies).
 */
export function createReviewService(deps: ReviewDeps) {
  const { repo, registry } = deps;

  /** The anchor's current text; 400 when the range no longer exists (or never did). */
  function checkAnchor(draftId: DraftId, anchor: Anchor, allowEmpty: boolean): string {
    const resolved = registry.withDocument(draftId, (doc) => resolveAnchor(doc, indexText(doc), anchor));
    if (!resolved) throw badRequest('The text this refers to is no longer in the draft. Select it again and retry.', [{ path: 'anchor', message: 'does not resolve' }]);
    if (!allowEmpty && resolved.end <= resolved.start) {
      throw badRequest('The selected range is empty or no longer exists. Select some text and retry.', [{ path: 'anchor', message: 'is empty' }]);
    }
    return resolved.text;
  }

  /** Tries a structural or format edit on the current draft without changing it; 400 with the reason when it cannot be made. */
  function checkSchemaEdit(draftId: DraftId, anchor: Anchor, edit: SchemaEdit | undefined): void {
    if (!edit) return;
    try {
      registry.withDocument(draftId, (doc) => planSchemaEdit(doc, anchor, edit));
    } catch (err) {
      if (!(err instanceof SchemaEditRefused)) throw err;
      throw badRequest(`This suggestion cannot be made here: ${err.message}`, [{ path: edit.type === 'replace' ? 'insertText' : 'change', message: err.message }]);
    }
  }

  /** "Name, Organisation" for every author, looked up once per call (former members keep their name). */
  function people(draftId: DraftId): (id: UserId) => ReviewPerson {
    const cache = new Map<string, ReviewPerson>();
    const users = peopleInDraft(deps.users, deps.drafts)(draftId);
    return (id) => {
      const known = cache.get(id);
      if (known) return known;
      const u = users.findById(id);
      const person: ReviewPerson = { id, name: u?.name ?? 'Former member', organisation: u?.organisation ?? '', color: u?.color ?? '' };
      cache.set(id, person);
      return person;
    };
  }

  /** Only members of this draft may be mentioned: anyone else is refused (400), never notified. */
  function checkMentions(draftId: DraftId, mentions: UserId[]): UserId[] {
    const members = new Set(deps.drafts.members(draftId).map((m) => m.userId));
    const unknown = mentions.filter((m) => !members.has(m));
    if (unknown.length > 0) throw badRequest('You can only mention members of this draft.', [{ path: 'mentions', message: 'names someone who is not a member' }]);
    return [...new Set(mentions)];
  }

  /** The author goes on typing into a suggested new block: its content is replaced and checked again. */
  function updateBlockSuggestion(draftId: DraftId, s: ThreadRow, body: UpdateSuggestionRequest): void {
    if (s.change?.type !== 'insertBlock' || !body.change || body.anchor || body.insertText !== undefined) {
      throw badRequest('A suggested new block can only be changed by sending its new content.', [{ path: 'change', message: 'must be the new block content, alone' }]);
    }
    checkSchemaEdit(draftId, s.anchor, body.change);
    repo.updateChange(s.id, body.change, new Date().toISOString());
  }

  return {
    state(draftId: DraftId, viewer: UserId, suggestionsOnly: boolean): ReviewState {
      const threads = repo.liveThreads(draftId);
      const comments = repo.commentsByThread(draftId);
      const person = people(draftId);
      const positions = registry.withDocument(draftId, (doc) => {
        const index: TextIndex = indexText(doc);
        return threads.map((t) => resolveAnchor(doc, index, t.anchor));
      });
      const out: ReviewThread[] = threads.map((t, i) => {
        const pos = positions[i];
        const list = (comments.get(t.id) ?? []).map((c: CommentRow) => ({
          id: c.id,
          author: person(c.authorId),
          body: c.body,
          mentions: c.mentions,
          createdAt: c.createdAt,
          editedAt: c.editedAt,
        }));
        const detached = isDetached(pos, t.quote);
        const base = {
          id: t.id,
          author: person(t.authorId),
          anchor: t.anchor,
          quote: t.quote,
          detached,
          order: detached || !pos ? Number.MAX_SAFE_INTEGER : pos.start,
          createdAt: t.createdAt,
          comments: list,
          mentionsMe: list.some((c) => c.mentions.includes(viewer)),
        };
        return t.kind === 'comment'
          ? { ...base, kind: 'comment' as const, status: t.status === 'resolved' ? ('resolved' as const) : ('open' as const) }
          : { ...base, kind: 'suggestion' as const, status: 'open' as const, insertText: t.insertText, ...(t.change ? { change: t.change } : {}) };
      });
      out.sort((a, b) => a.order - b.order || a.createdAt.localeCompare(b.createdAt));
      return { suggestionsOnly, threads: out };
    },

    createThread(draftId: DraftId, author: UserId, anchor: Anchor, body: string, mentions: UserId[]): string {
      const quote = checkAnchor(draftId, anchor, false);
      const now = new Date().toISOString();
      const id = newId();
      repo.createThread(
        { id, draftId, kind: 'comment', authorId: author, anchor, quote, insertText: '', change: undefined, status: 'open', createdAt: now, updatedAt: now },
        { id: newId(), threadId: id, authorId: author, body, createdAt: now, mentions: checkMentions(draftId, mentions) },
      );
      return id;
    },

    reply(draftId: DraftId, thread: ThreadRow, author: UserId, body: string, mentions: UserId[]): string {
      const id = newId();
      repo.addComment({ id, threadId: thread.id, authorId: author, body, createdAt: new Date().toISOString(), mentions: checkMentions(draftId, mentions) });
      return id;
    },

    checkMentions,

    createSuggestion(draftId: DraftId, author: UserId, body: CreateSuggestionRequest): string {
      const change = body.change;
      // Formatting needs some text; a join is a point at the start of a block.
      const quote = checkAnchor(draftId, body.anchor, change?.type !== 'format');
      if (change && change.type !== 'format' && quote.length > 0) throw badRequest(POINT_ONLY[change.type], [{ path: 'anchor', message: 'is not a point' }]);
      if (!change && quote.length === 0 && body.insertText.length === 0) throw badRequest('A suggestion must insert or delete something.');
      checkSchemaEdit(draftId, body.anchor, schemaEditOf({ insertText: body.insertText, quote, change }));
      const now = new Date().toISOString();
      const id = newId();
      repo.createThread(
        { id, draftId, kind: 'suggestion', authorId: author, anchor: body.anchor, quote, insertText: body.insertText, change, status: 'open', createdAt: now, updatedAt: now },
        undefined,
      );
      return id;
    },

    updateSuggestion(draftId: DraftId, s: ThreadRow, body: UpdateSuggestionRequest): void {
      if (s.change?.type === 'insertBlock' || body.change) {
        updateBlockSuggestion(draftId, s, body);
        return;
      }
      if (s.change) throw badRequest('Only a suggested wording or new block can be changed; withdraw this suggestion and make a new one.');
      const anchor = body.anchor ?? s.anchor;
      const quote = body.anchor ? checkAnchor(draftId, anchor, true) : s.quote;
      const insertText = body.insertText ?? s.insertText;
      if (quote.length === 0 && insertText.length === 0) throw badRequest('A suggestion must insert or delete something; withdraw it instead.');
      // Typing on after Enter saves every pause: the schema is checked again only when the place or the
      // kind of edit changes (later breaks start blocks of the kind the first one made).
      const moved = JSON.stringify(anchor) !== JSON.stringify(s.anchor);
      const before = schemaEditOf(s);
      const after = schemaEditOf({ insertText, quote });
      if (after && (moved || !before)) checkSchemaEdit(draftId, anchor, after);
      repo.updateSuggestion(s.id, anchor, quote, insertText, new Date().toISOString());
    },

    /**
     * Accepts one open suggestion: applies it to the text as a change by `by`, then records the
     * decision. 409 when the text it would change is gone.
     */
    async accept(draftId: DraftId, s: ThreadRow, by: UserId): Promise<void> {
      const room = registry.open(draftId);
      const edit = schemaEditOf(s);
      let applied = false;
      let refused: string | undefined;
      await room.applyServerChange(by, (doc) => {
        refused = changedWordsReason(doc, indexText(doc), s);
        if (refused) return;
        if (!edit) {
          applied = applySuggestion(doc, s.anchor, s.insertText);
          return;
        }
        try {
          writeSchemaEdit(doc, planSchemaEdit(doc, s.anchor, edit));
          applied = true;
        } catch (err) {
          if (!(err instanceof SchemaEditRefused)) throw err;
          refused = err.message;
        }
      });
      if (refused) throw conflict(`This suggestion can no longer be applied: ${refused} Reject it instead.`);
      if (!applied) throw conflict('The text this suggestion changes is no longer in the draft. Reject it instead.');
      repo.setStatus(s.id, 'accepted', by, new Date().toISOString());
      deps.logger.info('suggestion accepted', { draftId, suggestionId: s.id, by });
    },

    /**
     * Accepts many open suggestions as one change by `by`: one schema plan in document order, one
     * write into the draft, one transaction for the decisions. Those that cannot apply any more
     * stay open and are returned with the reason.
     */
    async acceptBatch(draftId: DraftId, suggestions: readonly ThreadRow[], by: UserId): Promise<BatchOutcome> {
      const room = registry.open(draftId);
      let outcome: BatchOutcome = { accepted: [], refused: [] };
      await room.applyServerChange(by, (doc) => {
        const index = indexText(doc);
        const stale = suggestions.flatMap((s) => {
          const reason = changedWordsReason(doc, index, s);
          return reason ? [{ id: s.id, reason }] : [];
        });
        const staleIds = new Set(stale.map((r) => r.id));
        const plan = planSchemaBatch(
          doc,
          suggestions.filter((s) => !staleIds.has(s.id)).map((s) => ({ id: s.id, anchor: s.anchor, edit: schemaEditOf(s) ?? { type: 'replace', text: s.insertText } })),
        );
        if (plan.applied.length > 0) writeSchemaEdit(doc, plan.doc, plan.before);
        const byId = new Map(suggestions.map((s) => [s.id, s]));
        outcome = { accepted: plan.applied.flatMap((id) => byId.get(id) ?? []), refused: [...stale, ...plan.refused] };
      });
      repo.setStatuses(outcome.accepted.map((s) => s.id), 'accepted', by, new Date().toISOString());
      deps.logger.info('suggestions accepted', { draftId, accepted: outcome.accepted.length, refused: outcome.refused.length, by });
      return outcome;
    },

    reject(draftId: DraftId, s: ThreadRow, by: UserId, status: 'rejected' | 'withdrawn'): void {
      repo.setStatus(s.id, status, by, new Date().toISOString());
      deps.logger.info(`suggestion ${status}`, { draftId, suggestionId: s.id, by });
    },
  };
}
export type ReviewService = ReturnType<typeof createReviewService>;

/** The role rules of the review workflow, in one place (the shared capability functions + authorship). */
export const reviewPolicy = {
  canEditComment: (comment: CommentRow, user: UserId) => comment.authorId === user,
  canDeleteComment: (comment: CommentRow, user: UserId, role: Role) => comment.authorId === user || role === 'coordinator',
  canResolve: (thread: ThreadRow, user: UserId, role: Role) => thread.authorId === user || role === 'coordinator' || role === 'editor',
  canWithdraw: (s: ThreadRow, user: UserId) => s.authorId === user,
};
