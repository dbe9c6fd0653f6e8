import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';

const TITLE_PAYLOAD = '4.D.4. <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
const TEXT_PAYLOAD = '<script>window.__pwned=3</script><!-- comment --><svg onload="window.__pwned=4">';

describe('the Export menu in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let coordinator: TestUser;
  let draftId: string;
  let user: UserPage;
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plenary-e2e-export-'));
    server = await startAppServer();
    browser = await launchBrowser();
    const admin = await loginAdmin(server);
    coordinator = await buildUser(server, admin, { name: 'Cora Coordinator', organisation: 'Access Now' });
    draftId = await buildDraft(server, coordinator.cookie, TITLE_PAYLOAD);
    user = await loginInNewContext(browser, server, coordinator.email, coordinator.password, `/drafts/${draftId}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('downloads the draft as HTML from the Export menu, and the file stays inert in Chromium with script payloads', async () => {
    const { page } = user;
    await page.locator('.draft-text').click();
    await page.keyboard.type(`Proposed text. ${TEXT_PAYLOAD}`);
    await page.getByText('Saved', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('radio', { name: 'Web page (.html)' }).check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^4-D-4-img-src-x-onerror-window-pwned-1-script-window-pwned-2-script-Live-draft\.html$/);
    const file = path.join(dir, 'export.html');
    await download.saveAs(file);
    const html = await fs.readFile(file, 'utf8');
    expect(html).toContain('Proposed text.');
    expect(html).not.toMatch(/<script|<svg|<img/i);

    // Open the file itself, as a delegate would: nothing may run, no dialog may open.
    const viewer = await browser.newPage();
    const dialogs: string[] = [];
    viewer.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await viewer.goto(`file://${file}`);
    await viewer.getByText('Proposed text.').waitFor();
    expect(await viewer.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null)).toBeNull();
    expect(await viewer.locator('script, svg, img, iframe').count()).toBe(0);
    expect(await viewer.locator('h1').innerText()).toBe(TITLE_PAYLOAD);
    expect(dialogs).toEqual([]);
    await viewer.close();
    expect(user.problems).toEqual([]);
  });

  it('explains in words why a synopsis cannot be made when the draft has no baseline', async () => {
    const { page } = user;
    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('radio', { name: 'Synopsis table, PDF' }).check();
    await page.getByRole('button', { name: 'Download' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'baseline' }).count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('form', { name: 'Export this draft' }).count()).toBe(0);
  });
});
