import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildDraft, buildUser, loginAdmin } from '../helpers/api.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';

/**
 * Two editors in one draft see each other's caret in different colours: the colours of their
 * memberships in this draft (the first two of the palette, in the order they joined), not of
 * their accounts, which may be the same.
 */
describe('collaborator colours in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let a: UserPage;
  let b: UserPage;

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    const admin = await loginAdmin(server);
    const ana = await buildUser(server, admin, { name: 'Ana Policy', organisation: 'Access Now' });
    const ben = await buildUser(server, admin, { name: 'Ben Drafter', organisation: 'Privacy International' });
    const draftId = await buildDraft(server, ana.cookie, 'Proposal to amend 5.A.1.j.');
    await addMember(server, ana.cookie, draftId, ben.email, 'editor');
    a = await loginInNewContext(browser, server, ana.email, ana.password, `/drafts/${draftId}`);
    b = await loginInNewContext(browser, server, ben.email, ben.password, `/drafts/${draftId}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  const caretClass = (page: UserPage['page'], name: string) =>
    page.locator('.collaboration-carets__caret', { has: page.locator('.collaboration-carets__label', { hasText: name }) }).getAttribute('class');
  const presenceClasses = (page: UserPage['page']) => page.getByTestId('presence-person').evaluateAll((els) => els.map((e) => `${e.getAttribute('title')}: ${e.className}`));

  it('shows each editor the other’s named caret in a different colour, and oneself in one’s own', async () => {
    await a.page.locator('.draft-text').click();
    await a.page.keyboard.type('4.A.5. Systems for the monitoring of networks.');
    await b.page.getByText('4.A.5. Systems for the monitoring of networks.').waitFor();
    await b.page.locator('.draft-text p').first().click();
    await b.page.keyboard.press('End');
    await b.page.keyboard.type(' Ben adds.');
    await a.page.locator('.collaboration-carets__label', { hasText: 'Ben Drafter' }).waitFor();
    await b.page.locator('.collaboration-carets__label', { hasText: 'Ana Policy' }).waitFor();

    // Ana created the draft (the first colour), Ben joined second (the second colour).
    expect(await caretClass(b.page, 'Ana Policy')).toContain('collab-color-0');
    expect(await caretClass(a.page, 'Ben Drafter')).toContain('collab-color-1');
    // The presence bar shows oneself in the same colour the other sees.
    await expect.poll(() => presenceClasses(a.page)).toEqual([
      'Ana Policy, Access Now (you): presence__person collab-color-0',
      'Ben Drafter, Privacy International: presence__person collab-color-1',
    ]);
    await expect.poll(() => presenceClasses(b.page)).toEqual([
      'Ben Drafter, Privacy International (you): presence__person collab-color-1',
      'Ana Policy, Access Now: presence__person collab-color-0',
    ]);
    // The People dialog shows each member's colour beside their name.
    await b.page.getByRole('button', { name: 'People' }).click();
    const swatches = () =>
      b.page.locator('.member-list__item').evaluateAll((items) => items.map((li) => `${li.querySelector('strong')?.textContent}: ${li.querySelector('[data-testid="member-swatch"]')?.className}`));
    await expect.poll(swatches).toEqual([
      'Ana Policy, Access Now: member-list__swatch collab-color-0',
      'Ben Drafter, Privacy International: member-list__swatch collab-color-1',
    ]);
    if (process.env.PLENARY_SCREENSHOT_DIR) await b.page.screenshot({ path: `${process.env.PLENARY_SCREENSHOT_DIR}/members-dialog.png` });
    // Optional: PLENARY_SCREENSHOT_DIR=/some/dir keeps a screenshot of the carets and presence bar for review.
    const dir = process.env.PLENARY_SCREENSHOT_DIR;
    if (dir) await a.page.screenshot({ path: `${dir}/member-colors.png` });
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });

  it('shows a person once in the presence bar, however many tabs they have open', async () => {
    const second = await a.context.newPage();
    await second.goto(new URL(a.page.url()).toString());
    await second.locator('.draft-text').waitFor();
    await expect.poll(() => presenceClasses(second)).toEqual([
      'Ana Policy, Access Now (you): presence__person collab-color-0',
      'Ben Drafter, Privacy International: presence__person collab-color-1',
    ]);
    // Once the first tab sees the other tab's caret, it has Ana twice among its awareness states.
    await second.locator('.draft-text p').first().click();
    await a.page.locator('.collaboration-carets__label', { hasText: 'Ana Policy' }).waitFor();
    expect(await presenceClasses(a.page)).toEqual([
      'Ana Policy, Access Now (you): presence__person collab-color-0',
      'Ben Drafter, Privacy International: presence__person collab-color-1',
    ]);
    expect(await presenceClasses(b.page)).toEqual([
      'Ben Drafter, Privacy International (you): presence__person collab-color-1',
      'Ana Policy, Access Now: presence__person collab-color-0',
    ]);
    await second.close();
  });
});
