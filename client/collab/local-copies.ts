/** Local copies of drafts are kept under this prefix (and wiped on logout). */
export const LOCAL_DB_PREFIX = 'plenary:';

/** Deletes every draft copy this browser keeps (IndexedDB databases with our prefix). */
export async function forgetLocalDrafts(): Promise<void> {
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
