import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Member } from '../../shared/api/drafts.ts';
import { canComment, canDecide, type DecideAllRequest, type ReviewThread } from '../../shared/api/review.ts';
import { canManageDraft } from '../../shared/roles.ts';
import { api } from '../api/endpoints.ts';
import { useReadOnlyConnection } from '../collab/hooks.ts';
import { nameWithOrganisation } from '../components/format.ts';
import type { PanelContext } from '../panels/types.ts';
import { toRelative } from './anchor-mapping.ts';
import { CommentComposer } from './CommentComposer.tsx';
import { reviewApi } from './review-api.ts';
import { REVIEW_SHORTCUTS } from './review-shortcuts.ts';
import { ThreadCard } from './ThreadCard.tsx';
import { useNearView } from './near-view.ts';
import { useReview } from './useReview.ts';
import './review.css';

/** Cards drawn in full from the start: more than a tall panel shows before it is scrolled. */
const FIRST_IN_FULL = 12;
/**
 * Cards per group in the list. The browser skips layout and paint of groups far from view
 * (content-visibility), and each group, not each card, is what it checks for visibility in every
 * frame whose layout changed, i.e. on every keystroke in the text: 700 cards cost ~1.5 ms of each
 * key in a trace as their own targets, 35 groups next to nothing (issue 6).
 */
const CARDS_PER_GROUP = 20;
/** How long after a thread is chosen in the text its card is kept in view while the cards around it fill in. */
const KEEP_IN_VIEW_MS = 1000;
const FILTERS = ['open', 'resolved', 'mine', 'mentions'] as const;
type Filter = (typeof FILTERS)[number];
const FILTER_LABELS: Record<Filter, string> = { open: 'Open', resolved: 'Resolved', mine: 'Mine', mentions: 'Mentions' };

function matches(t: ReviewThread, f: Filter, me: string): boolean {
  switch (f) {
    case 'open':
      return t.status === 'open';
    case 'resolved':
      return t.status === 'resolved';
    case 'mine':
      return t.author.id === me || t.comments.some((c) => c.author.id === me);
    case 'mentions':
      return t.mentionsMe;
  }
}

/** Comments and suggestions beside the text, in document order, live for everyone in the draft. */
export function ReviewPanel({ draftId, session, editor, role, me }: PanelContext) {
  // Not the whole connection status: it changes with every keystroke's save, and re-rendering
  // hundreds of threads for it made typing slow (issue 6, measured).
  const review = useReview(editor, session, draftId, me.id, role, useReadOnlyConnection(session));
  const [filter, setFilter] = useState<Filter>('open');
  const [members, setMembers] = useState<Member[]>([]);
  const [composing, setComposing] = useState<{ start: ReturnType<typeof toRelative>; end: ReturnType<typeof toRelative>; quote: string }>();
  const list = useRef<HTMLDivElement>(null);
  const keepSelectedInView = useRef(0);
  const scrollToSelected = () => {
    if (review.selectedId) list.current?.querySelector(`[data-thread-id="${CSS.escape(review.selectedId)}"]`)?.scrollIntoView({ block: 'nearest' });
  };

  useEffect(() => {
    api.members(draftId).then((r) => setMembers(r.members), () => setMembers([]));
  }, [draftId]);
  useEffect(() => {
    if (!review.selectedId) return;
    keepSelectedInView.current = performance.now() + KEEP_IN_VIEW_MS;
    scrollToSelected();
    // Cards not yet laid out (content-visibility) count with an estimated height, so the first
    // scroll can land beside the card once those it passed are drawn: scroll again after that.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(scrollToSelected);
    });
    return () => cancelAnimationFrame(frame);
  }, [review.selectedId]);

  // The cards follow one step behind, in a render React can interrupt: after a new list (hundreds
  // of threads when a draft opens) the text and its anchors are painted first, and typing is not
  // held up while the cards catch up.
  const latest = review.threads();
  const threads = useDeferredValue(latest);
  const shown = useMemo(() => threads.filter((t) => matches(t, filter, me.id)), [threads, filter, me.id]);
  // Cards far from view are drawn briefly (see near-view.ts); the panel opens at its top.
  const { near, reveal } = useNearView(list, shown);
  const filters = useRef<HTMLDivElement>(null);
  const shownNow = useRef(shown);
  shownNow.current = shown;
  /** A card whose action (accept, resolve…) may take it out of the list, and where it stood. */
  const leaving = useRef<{ id: string; index: number }>(undefined);
  const markLeaving = useCallback((id: string) => {
    leaving.current = { id, index: shownNow.current.findIndex((t) => t.id === id) };
  }, []);
  // Once it has gone, the focus it held goes to the card now in its place (or the filters above an
  // empty list), so someone working through the list with the keyboard goes on from there.
  useLayoutEffect(() => {
    const gone = leaving.current;
    if (!gone || shown.some((t) => t.id === gone.id)) return;
    leaving.current = undefined;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const heads = list.current?.querySelectorAll<HTMLElement>('.thread__head');
    const target = heads?.length ? heads[Math.min(Math.max(gone.index, 0), heads.length - 1)] : filters.current?.querySelector<HTMLElement>('[aria-pressed="true"]');
    target?.focus();
  }, [shown]);
  // Cards coming into view around a card just chosen in the text grow from brief to full and push
  // it down: keep it in view through that, before the grown cards are painted.
  useLayoutEffect(() => {
    if (performance.now() < keepSelectedInView.current) scrollToSelected();
  }, [near]);
  const suggestions = threads.filter((t) => t.kind === 'suggestion');
  const authors = [...new Map(suggestions.map((s) => [s.author.id, s.author])).values()];

  /** Accepts or rejects many at once; those the server could not apply stay open, and the panel says why. */
  const decideAll = async (body: DecideAllRequest) => {
    let refused: Array<{ reason: string }> = [];
    const ok = await review.run(async () => {
      refused = (await reviewApi.decideAll(draftId, body)).refused ?? [];
    });
    if (!ok || refused.length === 0) return;
    const reasons = [...new Set(refused.map((r) => r.reason))];
    const count = refused.length === 1 ? '1 suggestion was not applied and stays open' : `${refused.length} suggestions were not applied and stay open`;
    review.error = `${count}: ${reasons.slice(0, 2).join(' ')}${reasons.length > 2 ? ' …' : ''}`;
    review.emit();
  };

  const startComment = () => {
    const { from, to, empty } = editor.state.selection;
    if (empty) {
      review.error = 'Select the words you want to comment on first.';
      review.emit();
      return;
    }
    setComposing({ start: toRelative(editor.state, from, 0), end: toRelative(editor.state, to, -1), quote: editor.state.doc.textBetween(from, to, ' ') });
  };
  // The comment shortcut (handled by the mode switch, which is always on the page) asks for one.
  useEffect(() => {
    if (review.takeCommentRequest()) startComment();
  });

  return (
    <section className="review" aria-label="Comments and suggestions">
      <div className="review__bar">
        {canComment(role) && (
          <button type="button" className="button small" onMouseDown={(e) => e.preventDefault()} onClick={startComment} title={`Comment on the selected text — ${REVIEW_SHORTCUTS.comment.label}`} aria-keyshortcuts={REVIEW_SHORTCUTS.comment.aria}>
            Comment on selection
          </button>
        )}
        {canManageDraft(role) && (
          <label className="review__phase">
            <input
              type="checkbox"
              checked={review.state.suggestionsOnly}
              onChange={(e) => void review.run(() => reviewApi.setSuggestionsOnly(draftId, e.target.checked))}
            />
            Suggestions only (review phase)
          </label>
        )}
      </div>
      {review.error && (
        <p className="form-error" role="alert">
          {review.error}
        </p>
      )}
      {composing && (
        <div className="review__new">
          <q className="thread__quote">{composing.quote}</q>
          <CommentComposer
            label="New comment"
            members={members}
            submitLabel="Comment"
            autoFocus
            onCancel={() => {
              setComposing(undefined);
              // Back to the words the comment was to be on (the box had the focus).
              editor.commands.focus();
            }}
            onSubmit={async (body, mentions) => {
              const { start, end } = composing;
              if (!start || !end) return false;
              const ok = await review.run(() => reviewApi.createThread(draftId, { start, end }, body, mentions));
              if (ok) {
                setComposing(undefined);
                editor.commands.focus();
              }
              return ok;
            }}
          />
        </div>
      )}
      <div className="review__filters" role="group" aria-label="Show" ref={filters}>
        {FILTERS.map((f) => (
          <button key={f} type="button" className={`chip${filter === f ? ' chip--on' : ''}`} aria-pressed={filter === f} onClick={() => setFilter(f)}>
            {FILTER_LABELS[f]} ({threads.filter((t) => matches(t, f, me.id)).length})
          </button>
        ))}
      </div>
      {canDecide(role) && suggestions.length > 0 && (
        <div className="review__bulk">
          <span>{suggestions.length === 1 ? '1 suggestion' : `${suggestions.length} suggestions`}:</span>
          <button type="button" className="button small" onClick={() => void decideAll({ decision: 'accept' })}>
            Accept all
          </button>
          <button type="button" className="button small" onClick={() => void decideAll({ decision: 'reject' })}>
            Reject all
          </button>
          {authors.length > 1 &&
            authors.map((a) => (
              <span key={a.id} className="review__by">
                by {nameWithOrganisation(a.name, a.organisation)}:{' '}
                {/* Named in full: heard alone, "accept" would not say whose suggestions it decides. */}
                <button
                  type="button"
                  className="button small subtle"
                  aria-label={`Accept all suggestions by ${nameWithOrganisation(a.name, a.organisation)}`}
                  onClick={() => void decideAll({ decision: 'accept', authorId: a.id })}
                >
                  accept
                </button>
                <button
                  type="button"
                  className="button small subtle"
                  aria-label={`Reject all suggestions by ${nameWithOrganisation(a.name, a.organisation)}`}
                  onClick={() => void decideAll({ decision: 'reject', authorId: a.id })}
                >
                  reject
                </button>
              </span>
            ))}
        </div>
      )}
      {!review.loaded || (shown.length === 0 && threads !== latest) ? (
        <p role="status">Loading comments…</p>
      ) : shown.length === 0 ? (
        <p className="muted review__empty">
          {filter === 'open'
            ? 'No open comments or suggestions. Select text and choose “Comment on selection”, or switch to Suggesting to propose wording.'
            : 'Nothing here.'}
        </p>
      ) : (
        // A list for assistive technology (role="list"/"listitem"); the groups between are plain
        // boxes, which the accessibility tree passes over.
        <div className="review__list" role="list" ref={list}>
          {groupsOf(shown, CARDS_PER_GROUP).map((group, g) => (
            <div className="review__group" key={g}>
              {group.map((t, j) => (
                <ThreadCard
                  key={t.id}
                  thread={t}
                  review={review}
                  role={review.role}
                  selected={review.selectedId === t.id}
                  members={members}
                  brief={g * CARDS_PER_GROUP + j >= FIRST_IN_FULL && !near.has(t.id) && review.selectedId !== t.id}
                  onReveal={reveal}
                  onLeave={markLeaving}
                />
              ))}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

function groupsOf<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}
