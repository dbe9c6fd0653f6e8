import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import type { CollabClient } from '../helpers/collab-client.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { anchorOn, seededDraft } from '../integration/review-support.ts';
import { launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';
import { selectText } from './support/select-text.ts';

/**
 * Pressing Enter before commented words moves them into a new paragraph (the editor deletes them
 * and inserts a copy); the comment must stay on them for the person typing, for a colleague
 * watching, and for anyone who opens the draft afterwards.
 */
describe('a comment on words that Enter moves into a new paragraph', () => {
  let server: TestServer;
  let browser: Browser;
  let coordinator: TestUser;
  let commenter: TestUser;
  let seedClient: CollabClient;
  let typist: UserPage;
  let watcher: UserPage;
  let draftId = '';

  const commentMarks = (p: Page) => p.locator('.draft-text .review-comment').allTextContents();
  /** Each block's text, without widgets (a colleague's caret and name label are widgets). */
  const blocks = (p: Page) =>
    p.locator('.draft-text').evaluate((root) => {
      const copy = root.cloneNode(true) as HTMLElement;
      for (const widget of copy.querySelectorAll('.ProseMirror-widget, .collaboration-carets__caret')) widget.remove();
      return [...copy.children].map((c) => c.textContent ?? '');
    });
  const detachedCards = (p: Page) => p.locator('[data-testid="review-thread"].thread--detached').count();

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    const admin = await loginAdmin(server);
    coordinator = await buildUser(server, admin, { name: 'Cora Coordinator' });
    commenter = await buildUser(server, admin, { name: 'Cam Commenter' });
    ({ draftId, client: seedClient } = await seededDraft(server, coordinator, [[commenter, 'commenter']], [
      '4.A.5. Systems for monitoring telecommunications.',
      '4.D.4. Software for intrusion.',
    ]));
    const res = await api(server, commenter.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchorOn(seedClient.doc, 'telecommunications'), body: 'Which networks?' });
    expect(res.status).toBe(201);
    typist = await loginInNewContext(browser, server, coordinator.email, coordinator.password, `/drafts/${draftId}`);
    watcher = await loginInNewContext(browser, server, commenter.email, commenter.password, `/drafts/${draftId}`);
    for (const p of [typist, watcher]) await p.page.locator('.draft-text .review-comment', { hasText: 'telecommunications' }).waitFor();
  });

  afterAll(async () => {
    seedClient?.destroy();
    await browser?.close();
    await server?.dispose();
  });

  it('keeps the comment on its words for the typist, a colleague and a fresh page', async () => {
    await selectText(typist.page, 'telecommunications');
    await typist.page.keyboard.press('ArrowLeft');
    await typist.page.keyboard.press('Enter');
    for (const p of [typist, watcher]) {
      await expect.poll(() => blocks(p.page), { timeout: 5000 }).toEqual(['4.A.5. Systems for monitoring ', 'telecommunications.', '4.D.4. Software for intrusion.']);
      await expect.poll(() => commentMarks(p.page), { timeout: 5000 }).toEqual(['telecommunications']);
      await expect.poll(() => detachedCards(p.page), { timeout: 5000 }).toBe(0);
    }
    const fresh = await loginInNewContext(browser, server, commenter.email, commenter.password, `/drafts/${draftId}`);
    try {
      await fresh.page.locator('.draft-text .review-comment').waitFor();
      expect(await commentMarks(fresh.page)).toEqual(['telecommunications']);
      expect(await detachedCards(fresh.page)).toBe(0);
      expect(fresh.problems).toEqual([]);
    } finally {
      await fresh.context.close();
    }
    expect(typist.problems).toEqual([]);
    expect(watcher.problems).toEqual([]);
  });
});
