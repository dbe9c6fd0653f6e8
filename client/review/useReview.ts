import type { Editor } from '@tiptap/react';
import { useSyncExternalStore } from 'react';
import type { DraftId, UserId } from '../../shared/ids.ts';
import type { Role } from '../../shared/roles.ts';
import type { CollabSession } from '../collab/collab-session.ts';
import { ensureController, type ReviewController } from './review-controller.ts';

/** The page's review controller, re-rendering the caller whenever the review state changes. */
export function useReview(editor: Editor, session: CollabSession, draftId: DraftId, me: UserId, role: Role, readOnlyConnection: boolean): ReviewController {
  const c = ensureController(editor, session, draftId, me, role, readOnlyConnection);
  useSyncExternalStore((l) => c.subscribe(l), c.getVersion);
  return c;
}
