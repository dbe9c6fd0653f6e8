import type * as DraftPageRoute from '../routes/DraftPage.tsx';

/*
 * The draft page's chunk (the editor and its dependencies: most of the client's code) is loaded
 * with the draft route, not with the app. It is fetched and run once; every taker shares that.
 */

export type DraftPageModule = typeof DraftPageRoute;

let loaded: DraftPageModule | undefined;
let loading: Promise<DraftPageModule> | undefined;

/** Fetches and runs the draft page's chunk (once). */
export function loadDraftPage(): Promise<DraftPageModule> {
  if (!loading) {
    const started = import('../routes/DraftPage.tsx').then((m) => (loaded = m));
    // A failed fetch (the network, a new deployment) may be asked again by the next taker.
    started.catch(() => {
      if (loading === started) loading = undefined;
    });
    loading = started;
  }
  return loading;
}

/** The draft page's module if it has already run, so the route can draw it without waiting a tick. */
export function draftPageIfLoaded(): DraftPageModule | undefined {
  return loaded;
}

/**
 * Loads the draft page's chunk once the browser has nothing else to do, so that opening a draft
 * from the list does not wait for half a megabyte of code to be fetched and compiled after the
 * click (measured: about a third of the time to a draft's text on these machines). A failure is
 * silent here: the route loads it again, and shows its own error, if it is still missing.
 */
export function preloadDraftPageWhenIdle(): () => void {
  if (loaded || loading) return () => undefined;
  const run = () => void loadDraftPage().catch(() => undefined);
  // Safari has no requestIdleCallback; a short timer is close enough for a page that is settling.
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(run, { timeout: 3000 });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(run, 500);
  return () => clearTimeout(timer);
}
