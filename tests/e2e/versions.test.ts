import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemberListSchema } from '../../shared/api/index.ts';
import { paletteIndex } from '../../shared/palette.ts';
import { addMember, api, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { editorText, launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';

/** Optional: PLENARY_SCREENSHOT_DIR=/some/dir keeps screenshots of the history screens for review. */
async function snap(page: Page, name: string): Promise<void> {
  const dir = process.env.PLENARY_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, `versions-${name}.png`) });
}

describe('versions in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let ana: TestUser;
  let ben: TestUser;
  let draftId: string;
  let a: UserPage;
  let b: UserPage;

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    const admin = await loginAdmin(server);
    ana = await buildUser(server, admin, { name: 'Ana Policy', organisation: 'Access Now' });
    ben = await buildUser(server, admin, { name: 'Ben Drafter', organisation: 'Privacy International' });
    draftId = await buildDraft(server, ana.cookie, 'Proposal to amend 5.A.1.j.');
    await addMember(server, ana.cookie, draftId, ben.email, 'editor');
    a = await loginInNewContext(browser, server, ana.email, ana.password, `/drafts/${draftId}`);
    b = await loginInNewContext(browser, server, ben.email, ben.password, `/drafts/${draftId}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('saves a version, shows the redline of a colleague’s edit in their colour, steps through it, and restores it live for everyone', async () => {
    await a.page.locator('.draft-text').click();
    await a.page.keyboard.type('Network surveillance systems.');
    await a.page.getByTestId('connection-status').getByText('Saved').waitFor();
    await b.page.getByText('Network surveillance systems.').waitFor();

    // Save a version from the History panel.
    await a.page.getByRole('tab', { name: 'History' }).click();
    await a.page.getByLabel('Save the current text as a version').fill('Sent to legal review');
    await a.page.getByRole('button', { name: 'Save version' }).click();
    await a.page.getByTestId('version-row').getByText('Sent to legal review').waitFor();
    // Rename it in place, and back (the name is what later steps look for).
    await a.page.getByTestId('version-row').getByRole('button', { name: 'Rename' }).click();
    await a.page.getByLabel('New name for Sent to legal review').fill('Draft for legal review');
    await a.page.getByTestId('version-row').getByRole('button', { name: 'Rename' }).click();
    await a.page.getByTestId('version-row').getByText('Draft for legal review').waitFor();
    await a.page.getByTestId('version-row').getByRole('button', { name: 'Rename' }).click();
    await a.page.getByLabel('New name for Draft for legal review').fill('Sent to legal review');
    await a.page.keyboard.press('Enter');
    await a.page.getByTestId('version-row').getByText('Sent to legal review').waitFor();

    // Ben edits.
    await b.page.locator('.draft-text p').first().click();
    await b.page.keyboard.press('End');
    await b.page.keyboard.type(' Amended by Ben.');
    await b.page.getByTestId('connection-status').getByText('Saved').waitFor();
    await expect.poll(() => editorText(a.page)).toBe('Network surveillance systems. Amended by Ben.');

    // Compare the version with the current draft: Ben's insertion, underlined, in his colour.
    await a.page.getByTestId('version-row').getByRole('button', { name: 'Compare with current' }).click();
    const insertion = a.page.locator('.history-stage ins.redline--insert');
    await insertion.first().waitFor();
    expect(await insertion.allTextContents()).toEqual([' Amended by Ben.']);
    // Ben's colour in this draft (colours belong to memberships, not accounts).
    const members = MemberListSchema.parse((await api(server, ben.cookie, 'GET', `/api/drafts/${draftId}/members`)).body).members;
    const benColor = members.find((m) => m.userId === ben.id)?.color ?? '';
    expect(await insertion.first().getAttribute('class')).toContain(`collab-color-${paletteIndex(benColor)}`);
    expect(await insertion.first().getAttribute('title')).toContain('Inserted by Ben Drafter (Privacy International)');
    expect(await insertion.first().evaluate((el) => getComputedStyle(el).textDecorationLine)).toContain('underline');
    await a.page.getByRole('list', { name: 'Changes per member' }).getByText('Ben Drafter, Privacy International').waitFor();
    // The live editor is hidden, not torn down, while the comparison is shown.
    expect(await a.page.locator('.draft-main > .page-sheet .draft-text').isHidden()).toBe(true);

    await a.page.getByRole('button', { name: /Next/ }).click();
    await expect.poll(() => a.page.getByTestId('change-position').textContent()).toBe('Change 1 of 1');
    expect(await insertion.first().evaluate((el) => el.classList.contains('redline--current') && document.activeElement === el)).toBe(true);
    await snap(a.page, 'compare');

    // Open the version and restore it: Ben sees the restored text live.
    await a.page.getByRole('button', { name: 'Back to the draft' }).click();
    await a.page.getByTestId('version-row').getByRole('button', { name: 'Sent to legal review' }).click();
    await a.page.locator('.history-stage').getByText('Network surveillance systems.').waitFor();
    await snap(a.page, 'version');
    await a.page.getByRole('button', { name: 'Restore this version…' }).click();
    await a.page.getByRole('button', { name: 'Restore for everyone' }).click();
    await expect.poll(() => editorText(b.page), { timeout: 10_000 }).toBe('Network surveillance systems.');
    await expect.poll(() => editorText(a.page)).toBe('Network surveillance systems.');
    // The text before the restore is kept as a version of its own, in plain sight (to undo the restore).
    await a.page.getByTestId('version-row').filter({ hasText: 'Before restoring “Sent to legal review”' }).getByText('automatic').waitFor();
    await snap(a.page, 'after-restore');
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});
