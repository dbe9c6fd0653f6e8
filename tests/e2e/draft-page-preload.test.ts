import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { appendParagraphs, connectSynced, waitFor } from '../helpers/collab-client.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { editorText, launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';

/** The draft page's chunk: the editor and most of the client's code (client/app/draft-page-loader.ts). */
const DRAFT_PAGE_CHUNK = /\/assets\/DraftPage-[^/]+\.js$/;

/**
 * The list of drafts loads the draft page's code once it is shown and the browser is idle, so a
 * draft chosen from the list opens without first fetching and compiling it; if that early load
 * fails, choosing a draft still loads it. The login page does the same when it was reached by a
 * link to a draft (and only then).
 */
describe('the draft page loaded while the list of drafts is shown', () => {
  let server: TestServer;
  let browser: Browser;
  let ana: TestUser;
  const opened: UserPage[] = [];

  async function draftWith(title: string, text: string): Promise<string> {
    const draftId = await buildDraft(server, ana.cookie, title);
    const seed = await connectSynced(server, ana.cookie, draftId, { hello: true });
    appendParagraphs(seed.doc, 1, () => text);
    await waitFor(() => seed.acks.length > 0, 10_000, 'the seed stored');
    seed.destroy();
    return draftId;
  }

  function chunkRequests(page: Page): string[] {
    const urls: string[] = [];
    page.on('request', (r) => {
      if (DRAFT_PAGE_CHUNK.test(new URL(r.url()).pathname)) urls.push(r.url());
    });
    return urls;
  }

  const ranDraftPageScript = (page: Page) => page.evaluate(() => performance.getEntriesByName('plenary:draft-page-script').length > 0);

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    const admin = await loginAdmin(server);
    ana = await buildUser(server, admin, { name: 'Ana Policy', organisation: 'Access Now' });
  });

  afterAll(async () => {
    for (const u of opened) await u.context.close();
    await browser?.close();
    await server?.dispose();
  });

  it('has the editor code run before a draft is chosen, and opens the chosen draft without fetching it again', async () => {
    const draftId = await draftWith('Chosen from the list', 'Entry 5.A.1.j covers IP network surveillance systems.');
    const user = await loginInNewContext(browser, server, ana.email, ana.password, '/');
    opened.push(user);
    const { page, problems } = user;
    const requests = chunkRequests(page);
    // Load the list afresh with the listener in place (the login already showed it once).
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Chosen from the list' }).waitFor();
    await expect.poll(() => ranDraftPageScript(page)).toBe(true);
    expect(requests).toHaveLength(1);

    await page.getByRole('link', { name: 'Chosen from the list' }).click();
    await page.getByTestId('connection-status').getByText('Saved').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/drafts/${draftId}`);
    expect(await editorText(page)).toBe('Entry 5.A.1.j covers IP network surveillance systems.');
    expect(requests).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  it('still opens a draft when the early load of its code failed', async () => {
    await draftWith('Opened after a failed early load', 'Entry 4.A.5 covers intrusion software.');
    const user = await loginInNewContext(browser, server, ana.email, ana.password, '/');
    opened.push(user);
    const { context, page } = user;
    // Every fetch of the chunk fails (a dropped connection) until the early load has failed.
    let refusing = true;
    await context.route(DRAFT_PAGE_CHUNK, (route) => (refusing ? route.abort('connectionreset') : route.continue()));
    // Vite's loader announces a dynamic import that failed: count those of the draft page.
    await context.addInitScript(() => {
      const w = window as unknown as { draftPageLoadFailures: number };
      w.draftPageLoadFailures = 0;
      window.addEventListener('vite:preloadError', (e) => {
        if (String((e as Event & { payload?: unknown }).payload).includes('DraftPage')) w.draftPageLoadFailures++;
      });
    });
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Opened after a failed early load' }).waitFor();
    await expect.poll(() => page.evaluate(() => (window as unknown as { draftPageLoadFailures: number }).draftPageLoadFailures)).toBeGreaterThan(0);
    expect(await ranDraftPageScript(page)).toBe(false);
    refusing = false;

    await page.getByRole('link', { name: 'Opened after a failed early load' }).click();
    await page.getByTestId('connection-status').getByText('Saved').waitFor();
    expect(await editorText(page)).toBe('Entry 4.A.5 covers intrusion software.');
  });

  it('follows a link to a draft while logged out: the login page loads the draft page (a plain login does not) and logging in opens that draft', async () => {
    const draftId = await draftWith('Linked from an email', 'Entry 4.D.4 covers intrusion software generation.');
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    opened.push({ context, page, problems: [] });
    const requests = chunkRequests(page);

    // A plain login page: once the browser is idle, the editor's code has still not been fetched.
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').waitFor();
    await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 5000 })));
    await page.waitForTimeout(300);
    expect(requests).toEqual([]);
    expect(await ranDraftPageScript(page)).toBe(false);

    // The draft's address while logged out leads to the login page, which loads the draft page's code.
    await page.goto(`${server.url}/drafts/${draftId}`);
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === `/drafts/${draftId}`);
    await expect.poll(() => ranDraftPageScript(page)).toBe(true);
    expect(requests).toHaveLength(1);

    await page.getByLabel('Email').fill(ana.email);
    await page.getByLabel('Password').fill(ana.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('connection-status').getByText('Saved').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/drafts/${draftId}`);
    expect(await editorText(page)).toBe('Entry 4.D.4 covers intrusion software generation.');
    expect(requests).toHaveLength(1);
  });
});
