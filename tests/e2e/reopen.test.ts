import type { Browser, Page } from 'playwright-core';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { appendParagraphs, connectSynced, waitFor } from '../helpers/collab-client.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { editorText, launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';
import { readLocalCopies, slowLocalCopies } from './support/local-copies.ts';

const PARAGRAPHS = 300;
const LOCAL_COPY_DELAY_MS = 600;

/** Sizes of the document frames a page's draft socket carries, each way (y-websocket sync messages). */
interface SyncFrames {
  /** Byte lengths of the server's sync step 2 frames. */
  step2Received: number[];
  /** Byte lengths of the page's sync step 2 and update frames. */
  documentSent: number[];
}

function recordSyncFrames(page: Page): SyncFrames {
  const frames: SyncFrames = { step2Received: [], documentSent: [] };
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/collab/')) return;
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string' && payload[0] === 0 && payload[1] === 1) frames.step2Received.push(payload.byteLength);
    });
    ws.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string' && payload[0] === 0 && (payload[1] === 1 || payload[1] === 2)) frames.documentSent.push(payload.byteLength);
    });
  });
  return frames;
}

describe('reopening a draft this browser keeps a copy of', () => {
  let server: TestServer;
  let browser: Browser;
  let ana: TestUser;
  let draftId: string;
  let user: UserPage;

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    const admin = await loginAdmin(server);
    ana = await buildUser(server, admin, { name: 'Ana Policy', organisation: 'Access Now' });
    draftId = await buildDraft(server, ana.cookie, 'Proposal to amend 5.A.1.j.');
    const seed = await connectSynced(server, ana.cookie, draftId, { hello: true });
    appendParagraphs(seed.doc, PARAGRAPHS, (i) => `Paragraph ${i}: controls on network surveillance equipment.`);
    await waitFor(() => seed.acks.length > 0, 10_000, 'the seed stored');
    seed.destroy();
    user = await loginInNewContext(browser, server, ana.email, ana.password, '/');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('receives only what changed since, and sends nothing back that the server has', async () => {
    const frames = recordSyncFrames(user.page);
    // First open: no copy in this browser, the whole draft comes from the server.
    await user.page.goto(`${server.url}/drafts/${draftId}`);
    await expect.poll(() => user.page.locator('.draft-text > p').count()).toBe(PARAGRAPHS);
    await user.page.getByTestId('connection-status').getByText('Saved').waitFor();
    expect(frames.step2Received.length).toBe(1);
    const whole = frames.step2Received[0] ?? 0;
    expect(whole).toBeGreaterThan(10_000);
    // Wait for this browser's copy to hold the draft (written after the frame that shows it).
    await expect.poll(async () => (await readLocalCopies(user.page)).reduce((sum, u) => sum + u.bytes, 0), { timeout: 10_000 }).toBeGreaterThan(whole / 2);

    // Away from the draft, a colleague adds a paragraph.
    await user.page.goto(`${server.url}/`);
    const colleague = await connectSynced(server, ana.cookie, draftId, { hello: true });
    colleague.doc.transact(() => {
      const p = new Y.XmlElement('paragraph');
      colleague.doc.getXmlFragment('default').insert(0, [p]);
      const t = new Y.XmlText();
      p.insert(0, [t]);
      t.insert(0, 'Added while the page was closed.');
    });
    await waitFor(() => colleague.acks.length > 0, 10_000, 'the colleague’s paragraph stored');
    colleague.destroy();

    frames.step2Received.length = 0;
    frames.documentSent.length = 0;
    // A slow disk: this browser's copy takes longer to open than the socket (the order a long
    // draft's reopen showed), so a page that connected at once would get the whole draft again.
    await user.page.addInitScript(slowLocalCopies, LOCAL_COPY_DELAY_MS);
    await user.page.goto(`${server.url}/drafts/${draftId}`);
    await expect.poll(() => user.page.locator('.draft-text > p').count()).toBe(PARAGRAPHS + 1);
    expect((await editorText(user.page)).startsWith('Added while the page was closed.')).toBe(true);
    await user.page.getByTestId('connection-status').getByText('Saved').waitFor();
    // The server's step 2 carried the new paragraph, not the draft again; the page did not send
    // its copy back either (its step 2 holds only what the server lacks: nothing here).
    expect(frames.step2Received.length).toBe(1);
    expect(frames.step2Received[0]).toBeLessThan(1_000);
    expect(Math.max(0, ...frames.documentSent)).toBeLessThan(1_000);
    expect(user.problems).toEqual([]);
  });
});
