import { memo, useEffect, useRef, useState } from 'react';
import type { Member } from '../../shared/api/drafts.ts';
import { canComment, canDecide, canResolveAny, type ReviewThread, type StructureAction, type SuggestibleMark } from '../../shared/api/review.ts';
import type { Role } from '../../shared/roles.ts';
import { formatWhen, nameWithOrganisation } from '../components/format.ts';
import { blockLabel, blockSummary } from './change-decorations.ts';
import { CommentComposer } from './CommentComposer.tsx';
import type { ReviewController } from './review-controller.ts';
import { reviewApi } from './review-api.ts';

const who = (p: { name: string; organisation: string }) => nameWithOrganisation(p.name, p.organisation);

const STRUCTURE_SUMMARIES: Record<StructureAction, string> = {
  paragraph: 'Make this heading a paragraph',
  heading1: 'Make this a Heading 1',
  heading2: 'Make this a Heading 2',
  heading3: 'Make this a Heading 3',
  nest: 'Nest this sub-item under the one before',
  unnest: 'Move this sub-item one level out',
};

const FORMAT_EFFECTS: Record<Exclude<SuggestibleMark, 'link'>, string> = { bold: 'bold', italic: 'italic', underline: 'underlined', strike: 'struck through' };

/** What a suggestion does, in words (the text itself is shown as text, never as HTML). */
function SuggestionSummary({ thread }: { thread: Extract<ReviewThread, { kind: 'suggestion' }> }) {
  const change = thread.change;
  if (change?.type === 'join') {
    return (
      <p className="thread__change">
        Join this paragraph to the one before
      </p>
    );
  }
  if (change?.type === 'insertBlock') {
    return <p className="thread__change">{blockLabel(change.content)}: <ins className="suggest-ins">{blockSummary(change.content) || '(empty)'}</ins></p>;
  }
  if (change?.type === 'structure') return <p className="thread__change">{STRUCTURE_SUMMARIES[change.action]}</p>;
  if (change?.type === 'format') {
    const words = <span className="suggest-format">{thread.quote}</span>;
    if (change.mark === 'link') {
      return change.action === 'add' ? <p className="thread__change">Link {words} to <span className="thread__href">{change.href}</span></p> : <p className="thread__change">Remove the link from {words}</p>;
    }
    const effect = FORMAT_EFFECTS[change.mark];
    return change.action === 'add' ? <p className="thread__change">Make {words} {effect}</p> : <p className="thread__change">Make {words} no longer {effect}</p>;
  }
  const ins = thread.insertText.replace(/\n/g, ' ¶ ');
  if (!thread.quote && thread.insertText.startsWith('\n')) {
    // Enter, then typing: a new paragraph (or list item, sub-item) after the insertion point.
    const rest = thread.insertText.slice(1).replace(/\n/g, ' ¶ ');
    return <p className="thread__change">New paragraph{rest ? <>: <ins className="suggest-ins">{rest}</ins></> : null}</p>;
  }
  if (!thread.quote) return <p className="thread__change">Insert <ins className="suggest-ins">{ins}</ins></p>;
  if (!thread.insertText) return <p className="thread__change">Delete <del className="suggest-del">{thread.quote}</del></p>;
  return (
    <p className="thread__change">
      Replace <del className="suggest-del">{thread.quote}</del> with <ins className="suggest-ins">{ins}</ins>
    </p>
  );
}

interface ThreadCardProps {
  thread: ReviewThread;
  review: ReviewController;
  /** Passed rather than read from `review` (which stays the same object), so memo sees them change. */
  role: Role;
  selected: boolean;
  members: Member[];
  /**
   * Far from the visible part of a long list: what the thread is and says (its kind, text and
   * first comment), without the times, replies and actions, until it comes near or is focused.
   */
  brief?: boolean;
  /** Asks for the card in full (it was focused from the keyboard). */
  onReveal?: (id: string) => void;
  /** Told before an action that may take the card out of the list, so the panel can move the focus on. */
  onLeave?: (id: string) => void;
}

/**
 * One comment thread or suggestion in the review panel. Memoised: a thread object changes only
 * when the server's list does, so a panel of hundreds re-renders just the cards that changed.
 */
export const ThreadCard = memo(function ThreadCard({ thread, review, role, selected, members, brief = false, onReveal, onLeave }: ThreadCardProps) {
  const [editing, setEditing] = useState<string>();
  const [replying, setReplying] = useState(false);
  /** The comment whose Delete was pressed: deleting asks once more (nothing brings a comment back). */
  const [confirmingDelete, setConfirmingDelete] = useState<string>();
  const card = useRef<HTMLDivElement>(null);
  /**
   * The control (a selector in this card) the focus goes back to once a reply, edit or deletion
   * box closes: the box had the focus, and without this it would fall to the page's start.
   */
  const [focusBack, setFocusBack] = useState<string>();
  useEffect(() => {
    if (!focusBack) return;
    const target = card.current?.querySelector<HTMLElement>(focusBack);
    if (!target) return;
    setFocusBack(undefined);
    const active = document.activeElement;
    // Only if the focus was lost with the box, not if the person has since moved elsewhere.
    if (!active || active === document.body || card.current?.contains(active)) target.focus();
  });
  const id = review.draftId;
  const me = review.me;
  const mayResolve = thread.author.id === me || canResolveAny(role);
  /** A comment named by whose it is, as its Delete button and confirmation say it. */
  const whose = (author: { id: string; name: string }) => (author.id === me ? 'your comment' : `${author.name}’s comment`);

  /** Runs an action after which the card may leave the list (accepted, resolved…). */
  const leaveWith = (action: () => Promise<unknown>) => {
    onLeave?.(thread.id);
    void review.run(action);
  };

  const focusText = () => {
    review.select(thread.id);
    if (thread.detached) return;
    review.focusAnchor(thread);
  };

  const className = `thread${selected ? ' thread--selected' : ''}${thread.detached ? ' thread--detached' : ''}${brief ? ' thread--brief' : ''}`;
  // The head comes first in both forms, so a head focused in a brief card keeps the focus as the card fills in.
  const head = (
    <button type="button" className="thread__head" onClick={focusText} aria-label={`${thread.detached ? 'Text deleted' : 'Show in the text'}: ${thread.quote || (thread.kind === 'suggestion' && thread.change?.type === 'join' ? 'paragraph break' : 'insertion point')}`}>
      <span className="thread__kind">{thread.kind === 'comment' ? (thread.status === 'resolved' ? 'Resolved comment' : 'Comment') : 'Suggestion'}</span>
      {thread.detached && <span className="thread__detached">Text deleted</span>}
      {thread.kind === 'comment' && <q className="thread__quote">{thread.quote}</q>}
    </button>
  );
  const reveal = onReveal ? () => onReveal(thread.id) : undefined;

  if (brief) {
    const [first, ...replies] = thread.comments;
    return (
      <div role="listitem" className={className} data-thread-id={thread.id} data-testid="review-thread" onFocus={reveal}>
        {head}
        {thread.kind === 'suggestion' && (
          <>
            <p className="thread__meta">
              <span className="thread__author">{who(thread.author)}</span>
            </p>
            <SuggestionSummary thread={thread} />
          </>
        )}
        {first && (
          <p className="comment__body comment__body--brief">
            <span className="thread__author">{who(first.author)}:</span> {first.body}
            {replies.length > 0 && <span className="thread__meta"> ({replies.length === 1 ? '1 reply' : `${replies.length} replies`})</span>}
          </p>
        )}
      </div>
    );
  }

  return (
    <div role="listitem" className={className} data-thread-id={thread.id} data-testid="review-thread" onFocus={reveal} ref={card}>
      {head}
      {thread.kind === 'suggestion' && (
        <>
          <p className="thread__meta">
            <span className="thread__author">{who(thread.author)}</span> · {formatWhen(thread.createdAt)}
          </p>
          <SuggestionSummary thread={thread} />
        </>
      )}
      <ol className="thread__comments">
        {thread.comments.map((c) => (
          <li key={c.id} className="comment" data-testid="review-comment">
            <div className="comment__head">
              <p className="thread__meta">
                <span className="thread__author">{who(c.author)}</span> · {formatWhen(c.createdAt)}
                {c.editedAt && ' · edited'}
              </p>
              {/* The comment's own actions sit quietly on its byline, apart from the thread's
                  (Resolve, Reply, Accept…): one colour-free word each, not a row of buttons under
                  every comment; Delete turns red only when pointed at, and asks before deleting. */}
              {editing !== c.id && confirmingDelete !== c.id && (
                <span className="comment__tools">
                  {c.author.id === me && (
                    <button type="button" className="comment__tool" aria-label="Edit your comment" data-focus={`edit-${c.id}`} onClick={() => setEditing(c.id)}>
                      Edit
                    </button>
                  )}
                  {(c.author.id === me || canDecide(role)) && (
                    <button
                      type="button"
                      className="comment__tool comment__tool--danger"
                      aria-label={`Delete ${whose(c.author)}`}
                      data-focus={`delete-${c.id}`}
                      onClick={() => setConfirmingDelete(c.id)}
                    >
                      Delete
                    </button>
                  )}
                </span>
              )}
            </div>
            {editing === c.id ? (
              <CommentComposer
                label="Edit comment"
                members={members}
                initial={c.body}
                initialMentions={c.mentions}
                submitLabel="Save"
                autoFocus
                onCancel={() => {
                  setEditing(undefined);
                  setFocusBack(`[data-focus="edit-${c.id}"]`);
                }}
                onSubmit={async (body, mentions) => {
                  const ok = await review.run(() => reviewApi.editComment(id, c.id, body, mentions));
                  if (ok) {
                    setEditing(undefined);
                    setFocusBack(`[data-focus="edit-${c.id}"]`);
                  }
                  return ok;
                }}
              />
            ) : (
              <p className="comment__body">{c.body}</p>
            )}
            {confirmingDelete === c.id ? (
              <div className="thread__actions thread__confirm" role="group" aria-label="Delete this comment?">
                <span>Delete {whose(c.author)}? It cannot be brought back.</span>
                <button
                  type="button"
                  className="button small danger"
                  onClick={() => {
                    setConfirmingDelete(undefined);
                    // The thread's only comment takes the thread with it.
                    if (thread.kind === 'comment' && thread.comments.length === 1) onLeave?.(thread.id);
                    setFocusBack('.thread__head');
                    void review.run(() => reviewApi.deleteComment(id, c.id));
                  }}
                >
                  Delete comment
                </button>
                {/* Focused, so Enter or Space right after Delete keeps the comment. */}
                <button
                  type="button"
                  className="button subtle small"
                  autoFocus
                  onClick={() => {
                    setConfirmingDelete(undefined);
                    setFocusBack(`[data-focus="delete-${c.id}"]`);
                  }}
                >
                  Keep
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      <div className="thread__actions">
        {thread.kind === 'suggestion' && canDecide(role) && (
          <>
            <button type="button" className="button small primary" disabled={thread.detached} onClick={() => leaveWith(() => reviewApi.decide(id, thread.id, 'accept'))}>
              Accept
            </button>
            <button type="button" className="button small" onClick={() => leaveWith(() => reviewApi.decide(id, thread.id, 'reject'))}>
              Reject
            </button>
          </>
        )}
        {thread.kind === 'suggestion' && thread.author.id === me && (
          <button type="button" className="button small subtle" onClick={() => leaveWith(() => reviewApi.withdraw(id, thread.id))}>
            Withdraw
          </button>
        )}
        {thread.kind === 'comment' && mayResolve && (
          <button
            type="button"
            className="button small subtle"
            onClick={() => leaveWith(() => reviewApi.setStatus(id, thread.id, thread.status === 'open' ? 'resolved' : 'open'))}
          >
            {thread.status === 'open' ? 'Resolve' : 'Reopen'}
          </button>
        )}
        {canComment(role) && !replying && (
          <button type="button" className="button small subtle" data-focus="reply" onClick={() => setReplying(true)}>
            Reply
          </button>
        )}
      </div>
      {replying && (
        <CommentComposer
          label="Reply"
          members={members}
          submitLabel="Reply"
          autoFocus
          onCancel={() => {
            setReplying(false);
            setFocusBack('[data-focus="reply"]');
          }}
          onSubmit={async (body, mentions) => {
            const ok = await review.run(() => reviewApi.reply(id, thread.id, body, mentions));
            if (ok) {
              setReplying(false);
              setFocusBack('[data-focus="reply"]');
            }
            return ok;
          }}
        />
      )}
    </div>
  );
});
