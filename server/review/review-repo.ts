import { AnchorSchema, SuggestedChangeSchema, type Anchor, type SuggestedChange } from '../../shared/api/review.ts';
import type { DraftId, UserId } from '../../shared/ids.ts';
import type { Db } from '../storage/db.ts';

export type ThreadStatus = 'open' | 'resolved' | 'accepted' | 'rejected' | 'withdrawn';

export interface ThreadRow {
  id: string;
  draftId: DraftId;
  kind: 'comment' | 'suggestion';
  authorId: UserId;
  anchor: Anchor;
  quote: string;
  insertText: string;
  /** A format or join suggestion; undefined for comments and text suggestions. */
  change: SuggestedChange | undefined;
  status: ThreadStatus;
  createdAt: string;
  updatedAt: string;
}

export interface CommentRow {
  id: string;
  threadId: string;
  authorId: UserId;
  body: string;
  createdAt: string;
  editedAt: string | null;
  mentions: UserId[];
}

interface RawThread {
  id: string;
  draft_id: string;
  kind: 'comment' | 'suggestion';
  author_id: string;
  anchor: string;
  quote: string;
  insert_text: string;
  change: string | null;
  status: ThreadStatus;
  created_at: string;
  updated_at: string;
}
interface RawComment {
  id: string;
  thread_id: string;
  author_id: string;
  body: string;
  created_at: string;
  edited_at: string | null;
}

// The anchor column holds JSON we wrote ourselves; it is parsed again on the way out (style.md §5).
const toThread = (r: RawThread): ThreadRow => ({
  id: r.id,
  draftId: r.draft_id as DraftId,
  kind: r.kind,
  authorId: r.author_id as UserId,
  anchor: AnchorSchema.parse(JSON.parse(r.anchor)),
  quote: r.quote,
  insertText: r.insert_text,
  change: r.change === null ? undefined : SuggestedChangeSchema.parse(JSON.parse(r.change)),
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Comment threads, suggestions, comments, mentions and the review phase, per draft. */
export function createReviewRepo(db: Db) {
  const insertThread = db.prepare(
    `INSERT INTO review_threads (id, draft_id, kind, author_id, anchor, quote, insert_text, change, status, created_at, updated_at)
     VALUES (@id, @draftId, @kind, @authorId, @anchor, @quote, @insertText, @change, @status, @createdAt, @updatedAt)`,
  );
  const getThread = db.prepare<[string, string], RawThread>('SELECT * FROM review_threads WHERE id = ? AND draft_id = ?');
  const listLive = db.prepare<[string], RawThread>(
    "SELECT * FROM review_threads WHERE draft_id = ? AND status IN ('open', 'resolved') ORDER BY created_at, id",
  );
  const listOpenSuggestions = db.prepare<[string], RawThread>(
    "SELECT * FROM review_threads WHERE draft_id = ? AND kind = 'suggestion' AND status = 'open' ORDER BY created_at, id",
  );
  const setStatus = db.prepare('UPDATE review_threads SET status = ?, updated_at = ?, decided_by = ?, decided_at = ? WHERE id = ?');
  const setChange = db.prepare('UPDATE review_threads SET change = ?, updated_at = ? WHERE id = ?');
  const setAnchor = db.prepare('UPDATE review_threads SET anchor = ? WHERE id = ?');
  const setSuggestion = db.prepare('UPDATE review_threads SET anchor = ?, quote = ?, insert_text = ?, updated_at = ? WHERE id = ?');
  const insertComment = db.prepare(
    'INSERT INTO review_comments (id, thread_id, author_id, body, created_at) VALUES (@id, @threadId, @authorId, @body, @createdAt)',
  );
  const getComment = db.prepare<[string, string], RawComment>(
    `SELECT c.* FROM review_comments c JOIN review_threads t ON t.id = c.thread_id WHERE c.id = ? AND t.draft_id = ?`,
  );
  const commentsOfDraft = db.prepare<[string], RawComment>(
    `SELECT c.* FROM review_comments c JOIN review_threads t ON t.id = c.thread_id
     WHERE t.draft_id = ? AND t.status IN ('open', 'resolved') ORDER BY c.created_at, c.rowid`,
  );
  const mentionsOfDraft = db.prepare<[string], { comment_id: string; user_id: string }>(
    `SELECT m.comment_id, m.user_id FROM review_mentions m JOIN review_comments c ON c.id = m.comment_id
     JOIN review_threads t ON t.id = c.thread_id WHERE t.draft_id = ?`,
  );
  const editComment = db.prepare('UPDATE review_comments SET body = ?, edited_at = ? WHERE id = ?');
  const deleteComment = db.prepare('DELETE FROM review_comments WHERE id = ?');
  const countComments = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM review_comments WHERE thread_id = ?');
  const deleteThread = db.prepare('DELETE FROM review_threads WHERE id = ?');
  const insertMention = db.prepare('INSERT OR IGNORE INTO review_mentions (comment_id, user_id) VALUES (?, ?)');
  const deleteMentions = db.prepare('DELETE FROM review_mentions WHERE comment_id = ?');
  const getSettings = db.prepare<[string], { suggestions_only: number }>('SELECT suggestions_only FROM review_settings WHERE draft_id = ?');
  const putSettings = db.prepare(
    `INSERT INTO review_settings (draft_id, suggestions_only, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (draft_id) DO UPDATE SET suggestions_only = excluded.suggestions_only, updated_at = excluded.updated_at`,
  );

  const addComment = (c: Omit<CommentRow, 'editedAt'>) => {
    insertComment.run({ id: c.id, threadId: c.threadId, authorId: c.authorId, body: c.body, createdAt: c.createdAt });
    for (const u of c.mentions) insertMention.run(c.id, u);
  };

  return {
    /** A new thread with its first comment (a suggestion may start without one), atomically. */
    createThread: db.transaction((t: ThreadRow, first: Omit<CommentRow, 'editedAt'> | undefined) => {
      insertThread.run({ ...t, anchor: JSON.stringify(t.anchor), change: t.change ? JSON.stringify(t.change) : null });
      if (first) addComment(first);
    }),
    findThread: (draftId: DraftId, id: string): ThreadRow | undefined => {
      const r = getThread.get(id, draftId);
      return r && toThread(r);
    },
    /** Open and resolved comment threads plus open suggestions. */
    liveThreads: (draftId: DraftId): ThreadRow[] => listLive.all(draftId).map(toThread),
    openSuggestions: (draftId: DraftId): ThreadRow[] => listOpenSuggestions.all(draftId).map(toThread),
    setStatus: (id: string, status: ThreadStatus, by: UserId, at: string) =>
      setStatus.run(status, at, status === 'open' ? null : by, status === 'open' ? null : at, id),
    /** Decides many threads at once, in one transaction. */
    setStatuses: db.transaction((ids: readonly string[], status: ThreadStatus, by: UserId, at: string) => {
      for (const id of ids) setStatus.run(status, at, by, at, id);
    }),
    updateChange: (id: string, change: SuggestedChange, at: string) => setChange.run(JSON.stringify(change), at, id),
    updateSuggestion: (id: string, anchor: Anchor, quote: string, insertText: string, at: string) =>
      setSuggestion.run(JSON.stringify(anchor), quote, insertText, at, id),
    /** Anchors carried onto moved text: the same words, so the thread is not marked as changed. */
    moveAnchors: db.transaction((moved: ReadonlyArray<{ id: string; anchor: Anchor }>) => {
      for (const m of moved) setAnchor.run(JSON.stringify(m.anchor), m.id);
    }),
    addComment: db.transaction(addComment),
    findComment: (draftId: DraftId, id: string): CommentRow | undefined => {
      const r = getComment.get(id, draftId);
      return r && { id: r.id, threadId: r.thread_id, authorId: r.author_id as UserId, body: r.body, createdAt: r.created_at, editedAt: r.edited_at, mentions: [] };
    },
    /** Every comment of the draft's live threads, with its mentions, grouped by thread. */
    commentsByThread: (draftId: DraftId): Map<string, CommentRow[]> => {
      const mentions = new Map<string, UserId[]>();
      for (const m of mentionsOfDraft.all(draftId)) mentions.set(m.comment_id, [...(mentions.get(m.comment_id) ?? []), m.user_id as UserId]);
      const out = new Map<string, CommentRow[]>();
      for (const r of commentsOfDraft.all(draftId)) {
        const row: CommentRow = {
          id: r.id,
          threadId: r.thread_id,
          authorId: r.author_id as UserId,
          body: r.body,
          createdAt: r.created_at,
          editedAt: r.edited_at,
          mentions: mentions.get(r.id) ?? [],
        };
        out.set(r.thread_id, [...(out.get(r.thread_id) ?? []), row]);
      }
      return out;
    },
    editComment: db.transaction((id: string, body: string, mentionsNow: UserId[] | undefined, at: string) => {
      editComment.run(body, at, id);
      if (mentionsNow) {
        deleteMentions.run(id);
        for (const u of mentionsNow) insertMention.run(id, u);
      }
    }),
    /** Deletes a comment; a comment thread left without comments goes with it. Returns whether the thread went. */
    deleteComment: db.transaction((comment: CommentRow, thread: ThreadRow): boolean => {
      deleteComment.run(comment.id);
      if (thread.kind === 'comment' && (countComments.get(thread.id)?.n ?? 0) === 0) {
        deleteThread.run(thread.id);
        return true;
      }
      return false;
    }),
    suggestionsOnly: (draftId: DraftId): boolean => (getSettings.get(draftId)?.suggestions_only ?? 0) === 1,
    setSuggestionsOnly: (draftId: DraftId, on: boolean, at: string) => putSettings.run(draftId, on ? 1 : 0, at),
  };
}
export type ReviewRepo = ReturnType<typeof createReviewRepo>;
