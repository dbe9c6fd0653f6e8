/** Local copies of drafts are kept under this prefix (and wiped on logout). */
export const LOCAL_DB_PREFIX = 'plenary:';

/**
 * Which drafts this browser holds a copy of, per account, as a synchronous hint (localStorage) for
 * opening a draft: without a copy there is nothing to wait for before connecting (a first open),
 * and learning that from IndexedDB itself takes several round trips through a main thread that is
 * busy compiling the editor. Only the draft's id is kept. If the hint is missing while a copy
 * exists, nothing is lost: the copy is sent to the server as an update once it loads.
 */
const COPY_HINT_PREFIX = 'plenary:copy:';

export function rememberLocalCopy(userId: string, draftId: string): void {
  try {
    localStorage.setItem(`${COPY_HINT_PREFIX}${userId}:${draftId}`, '1');
  } catch {
    // Storage refused (private mode, quota): later opens wait for the copy, as without the hint.
  }
}

/** False only when this browser surely holds no copy of the draft for this account. */
export function mayHaveLocalCopy(userId: string, draftId: string): boolean {
  try {
    return localStorage.getItem(`${COPY_HINT_PREFIX}${userId}:${draftId}`) !== null;
  } catch {
    return true;
  }
}

/** Deletes every draft copy this browser keeps (IndexedDB databases with our prefix) and the hints about them. */
export async function forgetLocalDrafts(): Promise<void> {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(COPY_HINT_PREFIX)) localStorage.removeItem(key);
  } catch {
    // No storage: no hints to forget.
  }
  if (!('databases' in indexedDB)) return;
  const dbs = await indexedDB.databases();
  await Promise.all(
    dbs
      .filter((d) => d.name?.startsWith(LOCAL_DB_PREFIX))
      .map(
        (d) =>
          new Promise<void>((resolve) => {
            const req = indexedDB.deleteDatabase(d.name ?? '');
            req.onsuccess = req.onerror = req.onblocked = () => resolve();
          }),
      ),
  );
}
