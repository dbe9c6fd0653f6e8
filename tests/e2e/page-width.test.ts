import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDraft, loginAdmin } from '../helpers/api.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';

/**
 * No page is wider than the window: a sideways scrollbar on a working screen (once, the drafts
 * list's hidden file input, 28rem wide) makes every line of it harder to read and use. Checked at a
 * desktop width and a small laptop's.
 */
describe('pages fit the window', () => {
  let server: TestServer;
  let browser: Browser;
  let user: UserPage;
  let draftId: string;

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    const admin = await loginAdmin(server);
    draftId = await buildDraft(server, admin, 'Proposal to amend 5.A.1.j');
    user = await loginInNewContext(browser, server, server.admin.email, server.admin.password, '/');
  });

  afterAll(async () => {
    await user?.context.close();
    await browser?.close();
    await server?.dispose();
  });

  /** Elements reaching past the window's right edge, named for the failure message. */
  const overflowing = () =>
    user.page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > width + 1);
      return { scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${String(el.className)}`) };
    });

  for (const width of [1280, 1024]) {
    it(`shows the drafts list, account, administration and a draft without sideways scrolling at ${width} px`, async () => {
      await user.page.setViewportSize({ width, height: 800 });
      const pages: Array<[string, string]> = [
        ['/', 'My drafts'],
        ['/account', 'Your account'],
        ['/admin', 'Administration'],
        [`/drafts/${draftId}`, 'Proposal to amend 5.A.1.j'],
      ];
      for (const [path, heading] of pages) {
        await user.page.goto(`${server.url}${path}`);
        await user.page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        // The draft's page is whole once its text and panels are drawn.
        if (path.startsWith('/drafts/')) await user.page.getByTestId('connection-status').getByText('Saved').waitFor();
        const seen = await overflowing();
        expect({ path, ...seen }).toEqual({ path, scrollWidth: seen.width, width: seen.width, wide: [] });
      }
      expect(user.problems).toEqual([]);
    });
  }
});
