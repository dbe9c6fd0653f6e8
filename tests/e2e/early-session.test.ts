import type { Browser, BrowserContext, Page, WebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, api, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { appendParagraphs, connectSynced, textOf, waitFor } from '../helpers/collab-client.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { anchorOn } from '../integration/review-support.ts';
import { editorText, launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';
import { slowLocalCopies } from './support/local-copies.ts';

/** Shorter than the longest wait for the local copy (collab-session.ts, 1.5 s): a page that waits for the copy connects after it. */
const LOCAL_COPY_DELAY_MS = 800;
/** The longest a session waits before retrying its socket (collab-session.ts maxBackoffTime). */
const RECONNECT_BACKOFF_MAX_MS = 5_000;
/** How long the editor's code is held back at most while waiting for what the early session does meanwhile. */
const HOLD_LIMIT_MS = 8_000;

/**
 * Opening a draft by its address starts its collaboration session (socket, local copy, review
 * list) while the editor's code still loads (client/app/early-requests.ts, collab/early-session.ts):
 * the page must still use one socket, connect at once only when this browser holds no copy, miss
 * no review change made meanwhile, close the session of a draft it may not open, and forget the
 * local-copy hints on logout.
 */
describe('the session started while the editor loads', () => {
  let server: TestServer;
  let browser: Browser;
  let ana: TestUser;
  let ben: TestUser;
  let outsider: TestUser;
  const opened: UserPage[] = [];

  /** A draft of Ana's, Ben an editor of it, holding `paragraphs` (small: this is about opening, not size). */
  async function seededDraft(title: string, paragraphs: string[]): Promise<{ draftId: string; seed: Awaited<ReturnType<typeof connectSynced>> }> {
    const draftId = await buildDraft(server, ana.cookie, title);
    await addMember(server, ana.cookie, draftId, ben.email, 'editor');
    const seed = await connectSynced(server, ana.cookie, draftId, { hello: true });
    appendParagraphs(seed.doc, paragraphs.length, (i) => paragraphs[i] ?? '');
    await waitFor(() => seed.acks.length > 0, 10_000, 'the seed stored');
    return { draftId, seed };
  }

  async function login(user: TestUser): Promise<UserPage> {
    const u = await loginInNewContext(browser, server, user.email, user.password, '/');
    opened.push(u);
    return u;
  }

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    const admin = await loginAdmin(server);
    ana = await buildUser(server, admin, { name: 'Ana Policy', organisation: 'Access Now' });
    ben = await buildUser(server, admin, { name: 'Ben Colleague', organisation: 'Privacy International' });
    outsider = await buildUser(server, admin, { name: 'Oscar Outsider', organisation: 'Elsewhere' });
  });

  afterAll(async () => {
    for (const u of opened) await u.context.close();
    await browser?.close();
    await server?.dispose();
  });

  it('opens the draft over the one socket the early session made, editable', async () => {
    const { draftId, seed } = await seededDraft('One socket', ['Entry 5.A.1.j covers IP network surveillance systems.']);
    seed.destroy();
    const { context, page, problems } = await login(ana);
    const sockets = collabSockets(page);
    // The editor's code arrives only once a draft socket exists (or after HOLD_LIMIT_MS): only a
    // session started without the editor's code can have made it.
    const hold = await holdRequests(context, EDITOR_CODE, () => waitFor(() => sockets.length > 0, HOLD_LIMIT_MS, 'a draft socket'));
    await page.goto(`${server.url}/drafts/${draftId}`);
    await page.getByTestId('connection-status').getByText('Saved').waitFor();
    expect(hold.released).toBe(true);
    expect(hold.waitFailed).toBeUndefined();
    expect(await editorText(page)).toBe('Entry 5.A.1.j covers IP network surveillance systems.');
    expect(await marks(page)).toContain('plenary:session-opened');

    await page.locator('.draft-text p').first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Amended.');
    const colleague = await connectSynced(server, ben.cookie, draftId);
    try {
      await waitFor(() => textOf(colleague.doc).includes('systems. Amended.'), 10_000, 'the colleague sees the typed word');
    } finally {
      colleague.destroy();
    }
    // The page's session is the early one: a page that opened its own would have made a second socket.
    expect(sockets.map((s) => s.url())).toEqual([expect.stringContaining(`/collab/${draftId}`)]);
    expect(sockets[0]?.isClosed()).toBe(false);
    expect(problems).toEqual([]);
  });

  it('connects at once on a first open, and after the local copy once this browser keeps one', async () => {
    const { draftId, seed } = await seededDraft('First open and reopen', ['Entry 4.A.5 covers intrusion software.']);
    seed.destroy();
    const { context, page, problems } = await login(ana);
    // A slow disk: the local copy loads well after a socket made at once would be.
    await context.addInitScript(slowLocalCopies, LOCAL_COPY_DELAY_MS);
    await context.addInitScript(markCollabSocketCreation);

    await page.goto(`${server.url}/drafts/${draftId}`);
    await page.getByTestId('connection-status').getByText('Saved').waitFor();
    await expect.poll(() => marks(page)).toContain('plenary:local-copy-loaded');
    const first = await markTimes(page);
    // No hint of a copy: the socket was made before the (empty) copy had loaded.
    expect(first.socketCreated).toBeLessThan(first.copyLoaded);

    // The page noted that it keeps a copy now; a reopen waits for it before connecting.
    await page.goto(`${server.url}/drafts/${draftId}`);
    await page.getByTestId('connection-status').getByText('Saved').waitFor();
    const again = await markTimes(page);
    expect(again.socketCreated).toBeGreaterThanOrEqual(again.copyLoaded);
    expect(await editorText(page)).toBe('Entry 4.A.5 covers intrusion software.');
    expect(problems).toEqual([]);
  });

  it('fetches the review list once, and misses no comment made while the editor loads', async () => {
    const { draftId, seed } = await seededDraft('Review while loading', ['Controls on intrusion software apply to exports.', 'Licences are needed for monitoring centres.']);
    const first = await api(server, ben.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchorOn(seed.doc, 'intrusion'), body: 'Which software exactly?' });
    expect(first.status).toBe(201);
    const { context, page, problems } = await login(ana);
    const reviewFetches = reviewListFetches(page, draftId);
    // The editor's code comes once the early list is answered, so the page has that list to use
    // (an editor mounted before the socket's welcome rightly fetches the list itself, once).
    const listed = await holdRequests(context, EDITOR_CODE, () => waitFor(() => reviewFetches.finished >= 1, HOLD_LIMIT_MS, 'the early review list'));

    await page.goto(`${server.url}/drafts/${draftId}`);
    await page.getByTestId('review-thread').filter({ hasText: 'Which software exactly?' }).waitFor();
    expect(listed.waitFailed).toBeUndefined();
    await page.getByTestId('connection-status').getByText('Saved').waitFor();
    // A second fetch (the page's own beside the early one) would have started by now.
    await page.waitForTimeout(500);
    expect(reviewFetches.started).toBe(1);

    // Reopened with the editor's code held back: the early list is answered, then a colleague
    // comments, and only after that does the editor (and its review panel) come.
    reviewFetches.started = 0;
    reviewFetches.finished = 0;
    let commented = false;
    const hold = await holdRequests(context, EDITOR_CODE, async () => {
      await waitFor(() => reviewFetches.finished >= 1, HOLD_LIMIT_MS, 'the early review list');
      const second = await api(server, ben.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchorOn(seed.doc, 'monitoring centres'), body: 'Does this cover lawful interception?' });
      expect(second.status).toBe(201);
      commented = true;
      // The change notice makes the early session fetch the list again.
      await waitFor(() => reviewFetches.finished >= 2, HOLD_LIMIT_MS, 'the review list fetched again after the notice');
    });
    await page.goto(`${server.url}/drafts/${draftId}`);
    await page.getByTestId('review-thread').filter({ hasText: 'Which software exactly?' }).waitFor();
    expect(hold.released).toBe(true);
    expect(commented).toBe(true);
    await page.getByTestId('review-thread').filter({ hasText: 'Does this cover lawful interception?' }).waitFor({ timeout: 10_000 });
    expect(hold.waitFailed).toBeUndefined();
    seed.destroy();
    expect(problems).toEqual([]);
  });

  it('closes the early session of a draft the account may not open', async () => {
    const { draftId, seed } = await seededDraft('Not for outsiders', ['Confidential amendment text.']);
    seed.destroy();
    const { context, page } = await login(outsider);
    const sockets = collabSockets(page);
    // The refusal of the draft's details comes only once the early session made its socket (a
    // refusal that came first would keep it from starting at all), and the editor's code only
    // after that refusal (a page that mounted first would take the session and close it itself).
    const isDetails = (url: URL) => url.pathname === `/api/drafts/${draftId}`;
    let refused = false;
    page.on('requestfinished', (r) => {
      if (isDetails(new URL(r.url()))) refused = true;
    });
    const details = await holdRequests(context, isDetails, () => waitFor(() => sockets.length > 0, HOLD_LIMIT_MS, 'the early session’s socket'));
    const editorCode = await holdRequests(context, EDITOR_CODE, () => waitFor(() => refused, HOLD_LIMIT_MS, 'the details refused'));
    await page.goto(`${server.url}/drafts/${draftId}`);
    await page.getByRole('heading', { name: 'This draft cannot be opened' }).waitFor();
    expect(details.waitFailed).toBeUndefined();
    expect(editorCode.waitFailed).toBeUndefined();
    // The server refuses the handshake too (404), which a live session would retry for ever (one
    // retry may come before the details' refusal): what counts is that none stays open and none follows.
    await expect.poll(() => sockets.every((s) => s.isClosed())).toBe(true);
    const made = sockets.length;
    await page.waitForTimeout(RECONNECT_BACKOFF_MAX_MS + 500);
    expect(sockets.length).toBe(made);
    expect(sockets.every((s) => s.isClosed())).toBe(true);
    expect(await page.locator('.draft-text').count()).toBe(0);
  });

  it('forgets which drafts this browser kept on logout', async () => {
    const { draftId, seed } = await seededDraft('Hints forgotten', ['Entry 5.A.2 covers cryptography.']);
    seed.destroy();
    const { page, problems } = await login(ana);
    await page.goto(`${server.url}/drafts/${draftId}`);
    await page.getByTestId('connection-status').getByText('Saved').waitFor();
    await expect.poll(() => copyHints(page)).toEqual([`plenary:copy:${ana.id}:${draftId}`]);

    // The draft page has no account header: log out from the list of drafts, as a person would.
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await expect.poll(() => copyHints(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});

/** The page's draft sockets (websockets to /collab/), in the order it made them. */
function collabSockets(page: Page): WebSocket[] {
  const sockets: WebSocket[] = [];
  page.on('websocket', (ws) => {
    if (ws.url().includes('/collab/')) sockets.push(ws);
  });
  return sockets;
}

interface Hold {
  /** The held request was let through. */
  released: boolean;
  /** What went wrong while waiting, if anything (the request is let through anyway). */
  waitFailed?: string;
}

/** The editor's code: the DraftPage chunk (also named in the page's modulepreload links). */
const EDITOR_CODE = /\/assets\/DraftPage-[^/]*\.js$/;

/** Holds back the context's requests to `url` until `until` settles, once; later ones pass at once. */
async function holdRequests(context: BrowserContext, url: RegExp | ((url: URL) => boolean), until: () => Promise<void>): Promise<Hold> {
  const hold: Hold = { released: false };
  let waited: Promise<void> | undefined;
  await context.route(url, async (route) => {
    waited ??= until().catch((err: unknown) => {
      hold.waitFailed = err instanceof Error ? err.message : String(err);
    });
    await waited;
    hold.released = true;
    await route.continue();
  });
  return hold;
}

/** Counts the page's GET /api/drafts/:id/review requests, started and answered. */
function reviewListFetches(page: Page, draftId: string): { started: number; finished: number } {
  const counts = { started: 0, finished: 0 };
  const isList = (url: string, method: string) => method === 'GET' && new URL(url).pathname === `/api/drafts/${draftId}/review`;
  page.on('request', (r) => {
    if (isList(r.url(), r.method())) counts.started++;
  });
  page.on('requestfinished', (r) => {
    if (isList(r.url(), r.method())) counts.finished++;
  });
  return counts;
}

/** The page's User Timing mark names. */
function marks(page: Page): Promise<string[]> {
  return page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
}

/** When this page load made its draft socket and when its local copy had loaded (page clock, ms). */
async function markTimes(page: Page): Promise<{ socketCreated: number; copyLoaded: number }> {
  const times = await page.evaluate(() => ({
    socketCreated: performance.getEntriesByName('test:collab-socket-created')[0]?.startTime,
    copyLoaded: performance.getEntriesByName('plenary:local-copy-loaded')[0]?.startTime,
  }));
  if (times.socketCreated === undefined || times.copyLoaded === undefined) throw new Error(`marks missing: ${JSON.stringify(times)}`);
  return { socketCreated: times.socketCreated, copyLoaded: times.copyLoaded };
}

/** In the page (an init script): the first websocket to /collab/ sets the mark `test:collab-socket-created` when it is made. */
function markCollabSocketCreation(): void {
  const Native = window.WebSocket;
  class MarkedWebSocket extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      if (String(url).includes('/collab/') && performance.getEntriesByName('test:collab-socket-created').length === 0) performance.mark('test:collab-socket-created');
    }
  }
  window.WebSocket = MarkedWebSocket;
}

/** The local-copy hints in the page's localStorage. */
function copyHints(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('plenary:copy:')));
}
