import type { Browser, Page } from 'playwright-core';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, api, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, waitFor } from '../helpers/collab-client.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { editorText, launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';

/**
 * [X1] Script payloads in every place a person can put text — names, organisations, draft titles,
 * the text, pasted HTML, link addresses, and content written straight into Yjs by a hostile
 * client — are shown as text and never run, in a real browser under our CSP.
 * Each payload sets `window.__xss`; a run that sets it, or opens a dialog, fails.
 */
const PAYLOAD = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>';
const JS_URL = 'javascript:window.__xss=1';

async function assertInert(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('script:not([src]), img[onerror], [onclick], a[href^="javascript:"]').count()).toBe(0);
}

describe('[X1] hostile text stays inert in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let mallory: TestUser;
  let victim: TestUser;
  let draftId: string;
  let page: UserPage;
  const dialogs: string[] = [];

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    const admin = await loginAdmin(server);
    mallory = await buildUser(server, admin, { name: `Mallory ${PAYLOAD}`, organisation: `Org ${PAYLOAD}` });
    victim = await buildUser(server, admin, { name: 'Victor Victim' });
    draftId = await buildDraft(server, mallory.cookie, `Title ${PAYLOAD}`);
    await addMember(server, mallory.cookie, draftId, victim.email, 'coordinator');

    // A hostile client writes straight into Yjs: script-ish text, a javascript: link, an unknown element.
    const hostile = await connectSynced(server, mallory.cookie, draftId, { hello: true });
    hostile.doc.transact(() => {
      const fragment = hostile.doc.getXmlFragment('default');
      const p = new Y.XmlElement('paragraph');
      const t = new Y.XmlText();
      const bogus = new Y.XmlElement('script');
      bogus.setAttribute('onload', 'window.__xss=1');
      fragment.insert(0, [p, bogus]);
      // Text is written once the types are in the document (Yjs warns on reading a detached one).
      p.insert(0, [t]);
      t.insert(0, `Text ${PAYLOAD} `);
      t.insert(t.length, 'click me', { link: { href: JS_URL } });
    });
    const clock = Y.getState(hostile.doc.store, hostile.doc.clientID);
    await waitFor(() => hostile.ackedClock() >= clock, 10_000, 'the hostile write to be stored');
    hostile.destroy();

    page = await loginInNewContext(browser, server, victim.email, victim.password, '/');
    page.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows a hostile draft title as text in the list', async () => {
    await page.page.getByText(`Title ${PAYLOAD}`).waitFor();
    await assertInert(page.page);
  });

  it('shows hostile text, names and organisations as text in the draft, and neutralises a javascript: link', async () => {
    await page.page.goto(`${server.url}/drafts/${draftId}`);
    await page.page.locator('.draft-text').waitFor();
    await expect.poll(() => editorText(page.page)).toContain(`Text ${PAYLOAD}`);
    const hrefs = await page.page.locator('.draft-text a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const href of hrefs) expect(href ?? '').not.toMatch(/^javascript:/i);
    await page.page.getByRole('button', { name: 'Share' }).click();
    await page.page.getByText(`Mallory ${PAYLOAD}, Org ${PAYLOAD}`).waitFor();
    await page.page.keyboard.press('Escape');
    await assertInert(page.page);
  });

  it('keeps pasted HTML to what the schema allows: no script, no handlers, no javascript: links', async () => {
    await page.page.locator('.draft-text p').first().click();
    await page.page.evaluate((html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'pasted');
      const target = document.querySelector('.draft-text');
      target?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, `<p>Pasted <b>bold</b><script>window.__xss=1</script><img src=x onerror="window.__xss=1"><a href="${JS_URL}">bad link</a><a href="https://example.org" onclick="window.__xss=1">good link</a></p>`);
    await expect.poll(() => editorText(page.page)).toContain('Pasted bold');
    await assertInert(page.page);
    const hrefs = await page.page.locator('.draft-text a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toContain('https://example.org');
    for (const href of hrefs) expect(href ?? '').not.toMatch(/^javascript:/i);
  });

  it('refuses a javascript: address in the link form', async () => {
    await page.page.locator('.draft-text p').first().click();
    await page.page.keyboard.press('Control+a');
    await page.page.keyboard.press('Control+k');
    await page.page.getByLabel('Link address').fill(JS_URL);
    await page.page.getByRole('button', { name: 'Apply' }).click();
    await page.page.getByText('Only web (http, https) and email (mailto) links are allowed.').waitFor();
    await assertInert(page.page);
  });

  it('never opened a dialog or ran a payload, and the server still answers', async () => {
    expect(dialogs).toEqual([]);
    expect(page.problems.filter((p) => !/Content Security Policy/.test(p))).toEqual([]);
    expect((await api(server, victim.cookie, 'GET', '/api/health')).status).toBe(200);
  });
});
