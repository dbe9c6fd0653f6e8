import Database from 'better-sqlite3';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDraft, buildUser, loginAdmin } from '../helpers/api.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';

/**
 * A coordinator saves a version while another process holds the database's write lock: the History
 * panel says, within the bound, that the version was not saved; once the lock is gone the same
 * button saves it. (The server side is tests/integration/version-save-busy.test.ts.)
 */
describe('saving a version while storage is busy, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let a: UserPage;
  let blocker: Database.Database | undefined;

  beforeAll(async () => {
    server = await startAppServer({ env: { VERSION_SAVE_TIMEOUT_MS: '1500' } });
    browser = await launchBrowser();
    const ana = await buildUser(server, await loginAdmin(server), { name: 'Ana Coordinator', organisation: 'Access Now' });
    const draftId = await buildDraft(server, ana.cookie, 'Proposal to amend 5.A.1.j.');
    a = await loginInNewContext(browser, server, ana.email, ana.password, `/drafts/${draftId}`);
  });

  afterAll(async () => {
    if (blocker?.inTransaction) blocker.exec('ROLLBACK');
    blocker?.close();
    await browser?.close();
    await server?.dispose();
  });

  it('tells the coordinator the version was not saved, and saves it once storage is back', async () => {
    await a.page.locator('.draft-text').click();
    await a.page.keyboard.type('Network surveillance systems.');
    await a.page.getByTestId('connection-status').getByText('Saved').waitFor();

    blocker = new Database(path.join(server.dataDir, 'plenary.sqlite'));
    blocker.pragma('busy_timeout = 10000');
    blocker.exec('BEGIN IMMEDIATE');
    await a.page.keyboard.type(' Typed while the database is locked.');

    await a.page.getByRole('tab', { name: 'History' }).click();
    await a.page.getByLabel('Save the current text as a version').fill('Sent to legal review');
    await a.page.getByRole('button', { name: 'Save version' }).click();
    const alert = a.page.locator('.history-panel [role="alert"]', { hasText: 'Storage is busy; your version was not saved. Try again in a moment.' });
    await alert.waitFor({ timeout: 10_000 });
    expect(await a.page.getByTestId('version-row').count()).toBe(0);
    // Optional: PLENARY_SCREENSHOT_DIR=/some/dir keeps a screenshot of the message for review.
    if (process.env.PLENARY_SCREENSHOT_DIR) await a.page.screenshot({ path: `${process.env.PLENARY_SCREENSHOT_DIR}/version-save-busy.png` });

    blocker.exec('ROLLBACK');
    await a.page.getByTestId('connection-status').getByText('Saved').waitFor({ timeout: 30_000 });
    await a.page.getByRole('button', { name: 'Save version' }).click();
    await a.page.getByTestId('version-row').getByText('Sent to legal review').waitFor();
    await expect.poll(() => alert.count()).toBe(0);
    expect(a.problems.filter((p) => !p.includes('503'))).toEqual([]);
  });
});
