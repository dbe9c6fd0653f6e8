import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, api, buildUser, field, loginAdmin, type TestUser } from '../helpers/api.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';
import { selectText } from './support/select-text.ts';

/**
 * Defects a first week of reviewing would meet (audit of commenting, suggesting and the
 * control-list structure): each test shows one, walked as the person would in Chromium.
 */
describe('review journeys: commenting, suggesting, structure', () => {
  let server: TestServer;
  let browser: Browser;
  let ana: TestUser;
  let ben: TestUser;
  let cleo: TestUser;
  let dora: TestUser;
  let draftId = '';
  let c: UserPage;

  /** What has the keyboard focus, as a screen reader would name it. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement;
      return el && el !== document.body ? `${el.tagName.toLowerCase()}: ${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''}` : 'nothing';
    });

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    const admin = await loginAdmin(server);
    ana = await buildUser(server, admin, { name: 'Ana Coordinator', organisation: 'Access Now' });
    ben = await buildUser(server, admin, { name: 'Ben Editor', organisation: 'Amnesty International' });
    cleo = await buildUser(server, admin, { name: 'Cleo Legal', organisation: 'Privacy International' });
    dora = await buildUser(server, admin, { name: 'Dora Legal', organisation: 'EFF' });
    const created = await api(server, ana.cookie, 'POST', '/api/drafts', { title: 'Surveillance 2027', template: 'sample' });
    draftId = field(created.body, 'id');
    await addMember(server, ana.cookie, draftId, ben.email, 'editor');
    await addMember(server, ana.cookie, draftId, cleo.email, 'commenter');
    await addMember(server, ana.cookie, draftId, dora.email, 'commenter');
    c = await loginInNewContext(browser, server, cleo.email, cleo.password, `/drafts/${draftId}`);
    await c.page.locator('.draft-text .cl-entry').first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('keeps a half-written comment when Escape only closes the list of members to mention', async () => {
    await selectText(c.page, 'fictional coalition');
    await c.page.getByRole('button', { name: 'Comment on selection' }).click();
    const box = c.page.getByLabel('New comment');
    await box.fill('Which groups? Ask @Do');
    await c.page.getByRole('option', { name: 'Dora Legal, EFF' }).waitFor();
    await c.page.keyboard.press('Escape');
    // The list closes; the comment and its box stay, with the focus.
    await expect.poll(() => c.page.getByRole('option').count()).toBe(0);
    expect(await box.count()).toBe(1);
    expect(await box.inputValue()).toBe('Which groups? Ask @Do');
    expect(await focused(c.page)).toBe('textarea: New comment');
    // A second Escape, with no list open, is the composer's own: it closes.
    await c.page.keyboard.press('Escape');
    await expect.poll(() => box.count()).toBe(0);
    expect(c.problems).toEqual([]);
  });
});
