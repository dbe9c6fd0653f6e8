import type { Editor } from '@tiptap/react';
import { useSyncExternalStore } from 'react';
import type { DraftId, UserId } from '../../shared/ids.ts';
import type { Role } from '../../shared/roles.ts';
import type { CollabSession, CollabStatus } from '../collab/collab-session.ts';
import { ensureController, type ReviewController } from './review-controller.ts';

/** The page's review controller, re-rendering the caller whenever the review state changes. */
export function useReview(editor: Editor, session: CollabSession, draftId: DraftId, me: UserId, role: Role, status: CollabStatus): ReviewController {
  // Only the server's welcome says a connection is read-only (before it, or offline, nothing is revoked).
  const c = ensureController(editor, session, draftId, me, role, status.role !== undefined && status.readOnly);
  useSyncExternalStore((l) => c.subscribe(l), c.getVersion);
  return c;
}
