import type { Browser } from 'playwright-core';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced } from '../helpers/collab-client.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';

describe('autolinking in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let ana: TestUser;
  let draftId: string;
  let a: UserPage;

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    ana = await buildUser(server, await loginAdmin(server), { name: 'Ana Policy', organisation: 'Access Now' });
    draftId = await buildDraft(server, ana.cookie, 'Links');
    a = await loginInNewContext(browser, server, ana.email, ana.password, `/drafts/${draftId}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('links an address the person types, once a space follows it', async () => {
    await a.page.locator('.draft-text').click();
    await a.page.keyboard.type('See https://example.org for the text. ');
    await a.page.locator('.draft-text a[href="https://example.org"]').waitFor();
    expect(a.problems).toEqual([]);
  });

  it('leaves text from the shared document as it came (its author’s editor decided about links)', async () => {
    const other = await connectSynced(server, ana.cookie, draftId, { hello: true });
    try {
      // At the end of the paragraph typed above (the only one), as a paste elsewhere would arrive.
      const paragraph = other.doc.getXmlFragment('default').get(0);
      const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : undefined;
      if (!(text instanceof Y.XmlText)) throw new Error('the typed paragraph is not there');
      text.insert(text.length, 'Pasted as plain text: https://example.net ', {});
      await a.page.getByText('Pasted as plain text:').waitFor();
      // The remote change and any autolink of it happen in the same transaction as its display.
      expect(await a.page.locator('.draft-text a[href="https://example.net"]').count()).toBe(0);
      const runs = text.toDelta() as Array<{ insert: string; attributes?: Record<string, unknown> }>;
      expect(runs.some((r) => r.insert.includes('https://example.net'))).toBe(true);
      expect(runs.some((r) => r.insert.includes('https://example.net') && r.attributes?.link)).toBe(false);
    } finally {
      other.destroy();
    }
    expect(a.problems).toEqual([]);
  });
});
