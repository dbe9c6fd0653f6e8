import type { Editor } from '@tiptap/react';
import { useEffect } from 'react';
import { canComment } from '../../shared/api/review.ts';
import type { Me } from '../../shared/api/users.ts';
import type { DraftId } from '../../shared/ids.ts';
import { ROLE_LABELS, type Role } from '../../shared/roles.ts';
import type { CollabSession, CollabStatus } from '../collab/collab-session.ts';
import { openPanel } from '../panels/open-panel.ts';
import { isUndoOrRedo, matchesShortcut, REVIEW_SHORTCUTS } from './review-shortcuts.ts';
import { isReadOnlyConnection } from '../collab/hooks.ts';
import { useReview } from './useReview.ts';
import './review.css';

interface Props {
  editor: Editor | null;
  session: CollabSession | undefined;
  draftId: DraftId;
  me: Me;
  role: Role;
  status: CollabStatus;
}

/** What Undo and Redo say in Suggesting mode, where they are not done. */
const UNDO_WHILE_SUGGESTING = 'Undo takes back only your direct edits, not suggestions: use Backspace, or Withdraw the suggestion under Comments.';

/** The top bar's mode: Editing / Suggesting for those who may choose, otherwise what they are held to. */
export function ReviewModeSwitch(props: Props) {
  if (!props.editor || !props.session) return <span className="mode-badge">Viewing</span>;
  return <ModeSwitch {...props} editor={props.editor} session={props.session} />;
}

function ModeSwitch({ editor, session, draftId, me, role, status }: Props & { editor: Editor; session: CollabSession }) {
  const review = useReview(editor, session, draftId, me.id, role, isReadOnlyConnection(status));
  const mode = review.mode;
  const why = review.state.suggestionsOnly ? 'The draft is in review: changes are suggestions.' : 'Commenters change the text only by suggesting.';

  // The review shortcuts work anywhere on the draft page (captured first, so the editor does not also act on them).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const wanted = matchesShortcut(e, REVIEW_SHORTCUTS.suggesting) ? 'suggesting' : matchesShortcut(e, REVIEW_SHORTCUTS.editing) ? 'editing' : undefined;
      if (wanted && review.mode !== 'viewing') {
        e.preventDefault();
        e.stopPropagation();
        if (wanted === 'suggesting' || review.canEditDirectly) review.setMode(wanted);
        else review.tell(why);
      } else if (review.mode === 'suggesting' && isUndoOrRedo(e) && e.target instanceof Element && e.target.closest('.draft-text')) {
        // Undo works on the shared text (one's earlier direct edits), not on suggestions; in the
        // review phase it would change only this screen, since the server drops the edit.
        e.preventDefault();
        e.stopPropagation();
        review.tell(UNDO_WHILE_SUGGESTING);
      } else if (matchesShortcut(e, REVIEW_SHORTCUTS.comment) && canComment(review.role)) {
        e.preventDefault();
        e.stopPropagation();
        openPanel('review');
        review.requestComment();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [review, why]);

  if (mode === 'viewing') {
    return (
      <span className="mode-badge" title={`Your role: ${ROLE_LABELS[role]}`}>
        Viewing
      </span>
    );
  }
  return (
    <span className="mode-switch-wrap">
      <div className="mode-switch" role="radiogroup" aria-label="Mode" title={`Your role: ${ROLE_LABELS[role]}`}>
        {(['editing', 'suggesting'] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="radio"
            aria-checked={mode === m}
            className={`mode-switch__option${mode === m ? ' mode-switch__option--on' : ''}`}
            disabled={m === 'editing' && !review.canEditDirectly}
            title={m === 'editing' && !review.canEditDirectly ? why : `${m === 'suggesting' ? 'Suggesting' : 'Editing'} — ${REVIEW_SHORTCUTS[m].label}`}
            aria-keyshortcuts={REVIEW_SHORTCUTS[m].aria}
            onClick={() => review.setMode(m)}
            data-testid={`mode-${m}`}
          >
            {m === 'editing' ? 'Editing' : 'Suggesting'}
          </button>
        ))}
      </div>
      {/* Always in the page, so screen readers announce what appears in it. */}
      <span className="mode-notice" role="status" data-testid="mode-notice">
        {review.notice}
      </span>
    </span>
  );
}
