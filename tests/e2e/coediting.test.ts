import type { Browser } from 'playwright-core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { editorText, installNetworkSwitch, launchBrowser, loginInNewContext, startAppServer, type NetworkSwitch, type UserPage } from './support/browser.ts';
import { readLocalCopies } from './support/local-copies.ts';

describe('co-editing a draft in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let ana: TestUser;
  let ben: TestUser;
  let draftId: string;
  let a: UserPage;
  let b: UserPage;
  let bNetwork: NetworkSwitch | undefined;

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    const admin = await loginAdmin(server);
    ana = await buildUser(server, admin, { name: 'Ana Policy', organisation: 'Access Now' });
    ben = await buildUser(server, admin, { name: 'Ben Drafter', organisation: 'Privacy International' });
    draftId = await buildDraft(server, ana.cookie, 'Proposal to amend 4.D.4.');
    await addMember(server, ana.cookie, draftId, ben.email, 'editor');
    a = await loginInNewContext(browser, server, ana.email, ana.password, `/drafts/${draftId}`);
    b = await loginInNewContext(browser, server, ben.email, ben.password, `/drafts/${draftId}`, async (context) => {
      bNetwork = await installNetworkSwitch(context);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows each user the other’s text and named caret while both type at once', async () => {
    await a.page.locator('.draft-text').click();
    await a.page.keyboard.type('Ana writes the first paragraph.');
    await a.page.keyboard.press('Enter');
    await b.page.getByText('Ana writes the first paragraph.').waitFor();
    // Ben continues the first paragraph while Ana types the second one: both at the same time.
    await b.page.locator('.draft-text p').first().click();
    await b.page.keyboard.press('End');
    await Promise.all([
      a.page.keyboard.type('Ana adds a second paragraph.', { delay: 15 }),
      b.page.keyboard.type(' Ben types too.', { delay: 15 }),
    ]);
    const expected = 'Ana writes the first paragraph. Ben types too.\nAna adds a second paragraph.';
    await expect.poll(() => editorText(a.page)).toBe(expected);
    await expect.poll(() => editorText(b.page)).toBe(expected);
    // Named carets: each sees the other's name on a caret, and both in the presence bar.
    await a.page.locator('.collaboration-carets__label', { hasText: 'Ben Drafter' }).waitFor();
    await b.page.locator('.collaboration-carets__label', { hasText: 'Ana Policy' }).waitFor();
    await expect.poll(() => a.page.getByTestId('presence-person').count()).toBe(2);
    await a.page.getByTestId('connection-status').getByText('Saved').waitFor();
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });

  it('moves one’s named caret on a colleague’s screen as one types (published after one’s own paint)', async () => {
    // Ana's caret is at the end of her paragraph; Ben sees it right after each word she adds.
    const beforeAnasCaret = () =>
      b.page.evaluate(() => {
        const caret = [...document.querySelectorAll('.collaboration-carets__caret')].find((c) => c.textContent?.includes('Ana Policy'));
        const paragraph = caret?.closest('p');
        if (!caret || !paragraph) return null;
        const range = document.createRange();
        range.setStart(paragraph, 0);
        range.setEndBefore(caret);
        return range.toString();
      });
    let paragraph = 'Ana adds a second paragraph.';
    for (const words of [' Then more', ' and the end.']) {
      await a.page.keyboard.type(words);
      paragraph += words;
      await expect.poll(beforeAnasCaret).toBe(paragraph);
    }
  });

  it('shows everything again after a reload', async () => {
    const before = await editorText(a.page);
    await b.page.getByTestId('connection-status').getByText('Saved').waitFor();
    await a.page.reload();
    await a.page.locator('.draft-text').waitFor();
    await expect.poll(() => editorText(a.page)).toBe(before);
    expect(before).toContain('Ben types too.');
  });

  it('keeps edits made offline and merges them when the connection returns', async () => {
    await bNetwork?.goOffline();
    await b.page.getByTestId('connection-status').getByText('Offline — changes kept on this device').waitFor();
    await b.page.locator('.draft-text p').last().click();
    await b.page.keyboard.press('Control+End');
    await b.page.keyboard.press('Enter');
    await b.page.keyboard.type('Written while offline.');
    // Ana keeps editing meanwhile.
    await a.page.locator('.draft-text p').first().click({ position: { x: 2, y: 8 } });
    await a.page.keyboard.type('Online: ');
    await a.page.getByTestId('connection-status').getByText('Saved').waitFor();
    expect(await editorText(a.page)).not.toContain('Written while offline.');

    await bNetwork?.goOnline();
    await a.page.getByText('Written while offline.').waitFor({ timeout: 20_000 });
    await expect.poll(() => editorText(b.page), { timeout: 20_000 }).toContain('Online: Ana writes');
    await b.page.getByTestId('connection-status').getByText('Saved').waitFor();
    await expect.poll(() => editorText(a.page)).toBe(await editorText(b.page));
  });

  it('keeps offline edits across a reload (in this browser) and sends them when the server is reachable again', async () => {
    await bNetwork?.cutCollaboration();
    await b.page.getByTestId('connection-status').getByText('Offline — changes kept on this device').waitFor();
    await b.page.locator('.draft-text p').last().click();
    await b.page.keyboard.press('End');
    // One transaction, so one stored update holds the whole phrase; reload once this browser's copy has it.
    await b.page.keyboard.insertText(' Kept across a reload.');
    await expect.poll(() => localCopyContains(b.page, 'Kept across a reload.'), { timeout: 10_000 }).toBe(true);
    await b.page.reload();
    await b.page.locator('.draft-text').waitFor();
    await expect.poll(() => editorText(b.page)).toContain('Kept across a reload.');
    await b.page.getByTestId('connection-status').getByText('Offline — changes kept on this device').waitFor();
    expect(await editorText(a.page)).not.toContain('Kept across a reload.');

    await bNetwork?.goOnline();
    await expect.poll(() => editorText(a.page), { timeout: 20_000 }).toContain('Kept across a reload.');
    await b.page.getByTestId('connection-status').getByText('Saved').waitFor();
  });
});

/** Whether a draft copy this browser keeps holds `text`. */
async function localCopyContains(page: Page, text: string): Promise<boolean> {
  return (await readLocalCopies(page)).some((update) => update.text.includes(text));
}
