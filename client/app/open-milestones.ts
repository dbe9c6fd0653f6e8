/**
 * Milestones of opening a draft, as User Timing marks named `plenary:<milestone>`, each set once
 * per page load (the first time it is reached). DevTools shows them on its timeline and the review
 * benchmark (bench/review.ts) reads them to say where the time to the text and anchors goes. A
 * mark costs microseconds, so they stay in the product.
 */
export type OpenMilestone =
  /** The app's entry module ran (its imports evaluated). */
  | 'app-script'
  /** The draft route's chunk ran (the editor and its dependencies evaluated). */
  | 'draft-page-script'
  /** The draft's collaboration session was opened (its local copy starts loading, its socket waits for it). */
  | 'session-opened'
  /** The websocket to the draft is open (the server authorised the handshake). */
  | 'socket-open'
  /** The server's sync step 2 (the draft's content) arrived, not yet applied. */
  | 'sync-step2-received'
  /** The server's sync step 2 is applied to the shared document. */
  | 'synced'
  /** The copy kept in this browser (IndexedDB) is loaded (empty on a first open). */
  | 'local-copy-loaded'
  /** The editor exists, showing the document's content. */
  | 'editor-created'
  /** The list of threads and suggestions arrived and was parsed. */
  | 'review-list';

const reached = new Set<OpenMilestone>();

export function markOpenMilestone(milestone: OpenMilestone): void {
  if (reached.has(milestone)) return;
  reached.add(milestone);
  performance.mark(`plenary:${milestone}`);
}
