import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, api, buildUser, field, loginAdmin, type TestUser } from '../helpers/api.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';

/**
 * Defects a coordinator preparing the final draft for delegations would meet in a first week
 * (audit of versions, redline, restore and export): each test shows one, walked in Chromium.
 */
describe('versions journeys: versions, redline, restore, export', () => {
  let server: TestServer;
  let browser: Browser;
  let cora: TestUser;
  let ed: TestUser;
  let draftId = '';
  let c: UserPage;

  const saveVersion = async (name: string) => {
    const res = await api(server, cora.cookie, 'POST', `/api/drafts/${draftId}/versions`, { name });
    expect(res.status).toBe(201);
    return field(res.body, 'id');
  };

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    const admin = await loginAdmin(server);
    cora = await buildUser(server, admin, { name: 'Cora Coordinator', organisation: 'Access Now' });
    ed = await buildUser(server, admin, { name: 'Ed Editor', organisation: 'Privacy International' });
    const created = await api(server, cora.cookie, 'POST', '/api/drafts', { title: 'Annex I / 4.D.4. “final”', template: 'sample' });
    draftId = field(created.body, 'id');
    await addMember(server, cora.cookie, draftId, ed.email, 'editor');
    c = await loginInNewContext(browser, server, cora.email, cora.password, `/drafts/${draftId}`);
    await c.page.locator('.draft-text .cl-entry').first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('keeps the Export menu’s Download button on screen when versions have long names, and tells same-named versions apart', async () => {
    await saveVersion('Dup');
    await saveVersion('Dup');
    await saveVersion(`Sent to the delegations of the Experts Group before the autumn round, with the rationale ${'x'.repeat(30)}`);
    await c.page.getByRole('button', { name: 'Export' }).click();
    const panel = c.page.getByRole('form', { name: 'Export this draft' });
    await panel.waitFor();
    const viewport = c.page.viewportSize();
    const download = await panel.getByRole('button', { name: 'Download' }).boundingBox();
    const box = await panel.boundingBox();
    expect(download && box && viewport).toBeTruthy();
    if (!download || !box || !viewport) return;
    // A long name in "Compare with…" once widened the form past the window: Download was off screen.
    expect(download.x + download.width).toBeLessThanOrEqual(viewport.width);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(await c.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    // Two versions called "Dup" (or a run of "Automatic version"s) read differently in the list.
    const labels = await panel.getByLabel('Compare with…').locator('option').allTextContents();
    const dups = labels.filter((l) => l.includes('Dup'));
    expect(dups).toHaveLength(2);
    expect(new Set(dups).size).toBe(2);
    await c.page.keyboard.press('Escape');
    expect(c.problems).toEqual([]);
  });
});
