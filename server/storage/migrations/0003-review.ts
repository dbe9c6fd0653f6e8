/**
 * The review workflow: comment threads and suggestions, kept outside the shared document (so
 * only the server decides who may change them), and the per-draft review phase.
 */
export const reviewMigration = {
  name: '0003-review',
  sql: `
  -- A comment thread or a suggestion. Anchors are Yjs relative positions (JSON). A suggestion
  -- replaces its range by insert_text; quote is the text of the range when the thread was made.
  CREATE TABLE review_threads (
    id TEXT PRIMARY KEY,
    draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('comment', 'suggestion')),
    author_id TEXT NOT NULL REFERENCES users(id),
    anchor TEXT NOT NULL,
    quote TEXT NOT NULL,
    insert_text TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved', 'accepted', 'rejected', 'withdrawn')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    decided_by TEXT REFERENCES users(id),
    decided_at TEXT
  );
  CREATE INDEX review_threads_by_draft ON review_threads(draft_id, status);
  CREATE TABLE review_comments (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES review_threads(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    edited_at TEXT
  );
  CREATE INDEX review_comments_by_thread ON review_comments(thread_id, created_at);
  CREATE TABLE review_mentions (
    comment_id TEXT NOT NULL REFERENCES review_comments(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (comment_id, user_id)
  );
  CREATE INDEX review_mentions_by_user ON review_mentions(user_id);
  CREATE TABLE review_settings (
    draft_id TEXT PRIMARY KEY REFERENCES drafts(id) ON DELETE CASCADE,
    suggestions_only INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
  );
  `,
};
