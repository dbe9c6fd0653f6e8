import type { Browser } from 'playwright-core';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { appendParagraphs, connectSynced, readDraftText, waitFor } from '../helpers/collab-client.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';

/**
 * A long review panel draws the cards far from view briefly (what the thread is and says) and in
 * full as they come near, are focused or are chosen in the text; every thread stays in the list,
 * in document order, reachable from the keyboard.
 */
const THREADS = 60;
const SHOTS = process.env.REVIEW_SCREENSHOTS;

describe('a review panel with many threads', () => {
  let server: TestServer;
  let browser: Browser;
  let ana: TestUser;
  let draftId: string;
  let a: UserPage;
  const ids: string[] = [];

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    ana = await buildUser(server, await loginAdmin(server), { name: 'Ana Coordinator', organisation: 'Access Now' });
    draftId = await buildDraft(server, ana.cookie, 'Long review');
    const seed = await connectSynced(server, ana.cookie, draftId, { hello: true });
    try {
      const fragment = seed.doc.getXmlFragment('default');
      appendParagraphs(seed.doc, THREADS, (i) => `Paragraph ${i} on intrusion software.`);
      await waitFor(async () => (await readDraftText(server, ana.cookie, draftId)).includes(`Paragraph ${THREADS - 1} `), 30_000, 'the seeded draft');
      for (let i = 0; i < THREADS; i++) {
        const text = (fragment.get(i) as Y.XmlElement).get(0) as Y.XmlText;
        const at = `Paragraph ${i} `.length;
        const anchor = {
          start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, at, 0)),
          end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, at + 2, -1)),
        };
        const res = await api(server, ana.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor, body: `Comment number ${i}` });
        expect(res.status).toBe(201);
        ids.push((res.body as { id: string }).id);
      }
    } finally {
      seed.destroy();
    }
    a = await loginInNewContext(browser, server, ana.email, ana.password, `/drafts/${draftId}`);
    await a.page.locator('.review-comment[data-review-id]').first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  const card = (i: number) => a.page.locator(`[data-thread-id="${ids[i]}"]`);
  const isBrief = (i: number) => card(i).evaluate((e) => e.classList.contains('thread--brief'));
  /** Opens the draft again, so the panel starts at its top with only its first cards in full. */
  const reopen = async () => {
    await a.page.reload();
    await card(THREADS - 1).waitFor();
  };

  it('lists every thread in document order, far ones briefly but with what they say', async () => {
    await expect.poll(() => a.page.getByTestId('review-thread').count()).toBe(THREADS);
    const shownOrder = await a.page.getByTestId('review-thread').evaluateAll((els) => els.map((e) => e.getAttribute('data-thread-id')));
    expect(shownOrder).toEqual(ids);
    // The top of the list is in full; the bottom, far from view, briefly: its comment without actions.
    await card(0).getByRole('button', { name: 'Reply' }).waitFor();
    await expect.poll(() => isBrief(THREADS - 1)).toBe(true);
    await expect.poll(() => card(THREADS - 1).textContent()).toContain(`Comment number ${THREADS - 1}`);
    expect(await card(THREADS - 1).getByRole('button', { name: 'Reply' }).count()).toBe(0);
    if (SHOTS) await a.page.screenshot({ path: `${SHOTS}/review-long-list-top.png` });
    expect(a.problems).toEqual([]);
  });

  it('draws a card in full when it is focused from the keyboard, keeping the focus', async () => {
    await reopen();
    const i = THREADS - 5;
    await expect.poll(() => isBrief(i)).toBe(true);
    const head = card(i).locator('.thread__head');
    // Without scrolling, so it is the focus that asks for the card (as Tab would, before it scrolls).
    await head.evaluate((e: HTMLElement) => e.focus({ preventScroll: true }));
    await card(i).getByRole('button', { name: 'Reply' }).waitFor();
    expect(await head.evaluate((e) => e === document.activeElement)).toBe(true);
    // Tab goes on to the card's own actions.
    await a.page.keyboard.press('Tab');
    expect(await a.page.evaluate(() => document.activeElement?.closest('[data-thread-id]')?.getAttribute('data-thread-id'))).toBe(ids[i]);
  });

  it('draws a card in full and scrolls it into view when its text is clicked', async () => {
    await reopen();
    const i = THREADS - 12;
    await expect.poll(() => isBrief(i)).toBe(true);
    await a.page.locator(`.review-comment[data-review-id="${ids[i]}"]`).click();
    await card(i).getByRole('button', { name: 'Reply' }).waitFor();
    // Its start is in the visible part of the panel (its height is known only once it is laid out).
    const inView = () =>
      card(i).evaluate((e) => {
        const panel = e.closest('.side-panel__body')?.getBoundingClientRect();
        const r = e.getBoundingClientRect();
        return panel !== undefined && r.top >= panel.top && r.top < panel.bottom;
      });
    await expect.poll(inView).toBe(true);
  });

  it('draws cards in full as the panel is scrolled to them', async () => {
    await reopen();
    const i = THREADS - 2;
    await expect.poll(() => isBrief(i)).toBe(true);
    await card(i).evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await card(i).getByRole('button', { name: 'Reply' }).waitFor();
    if (SHOTS) await a.page.screenshot({ path: `${SHOTS}/review-long-list-scrolled.png` });
    expect(a.problems).toEqual([]);
  });
});
