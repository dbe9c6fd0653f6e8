import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, api, buildUser, field, loginAdmin, type TestUser } from '../helpers/api.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { editorText, launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';
import { selectText } from './support/select-text.ts';

/**
 * Defects a first week of reviewing would meet (audit of commenting, suggesting and the
 * control-list structure): each test shows one, walked as the person would in Chromium.
 */
describe('review journeys: commenting, suggesting, structure', () => {
  let server: TestServer;
  let browser: Browser;
  let ana: TestUser;
  let ben: TestUser;
  let cleo: TestUser;
  let dora: TestUser;
  let draftId = '';
  let c: UserPage;

  /** What has the keyboard focus, as a screen reader would name it. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement;
      return el && el !== document.body ? `${el.tagName.toLowerCase()}: ${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''}` : 'nothing';
    });

  /** Comments on `words` from the keyboard (Ctrl+Alt+M, typing, Ctrl+Enter). */
  const commentOn = async (page: Page, words: string, body: string) => {
    await selectText(page, words);
    await page.keyboard.press('Control+Alt+M');
    await page.keyboard.type(body);
    await page.keyboard.press('Control+Enter');
  };

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    const admin = await loginAdmin(server);
    ana = await buildUser(server, admin, { name: 'Ana Coordinator', organisation: 'Access Now' });
    ben = await buildUser(server, admin, { name: 'Ben Editor', organisation: 'Amnesty International' });
    cleo = await buildUser(server, admin, { name: 'Cleo Legal', organisation: 'Privacy International' });
    dora = await buildUser(server, admin, { name: 'Dora Legal', organisation: 'EFF' });
    const created = await api(server, ana.cookie, 'POST', '/api/drafts', { title: 'Surveillance 2027', template: 'sample' });
    draftId = field(created.body, 'id');
    await addMember(server, ana.cookie, draftId, ben.email, 'editor');
    await addMember(server, ana.cookie, draftId, cleo.email, 'commenter');
    await addMember(server, ana.cookie, draftId, dora.email, 'commenter');
    c = await loginInNewContext(browser, server, cleo.email, cleo.password, `/drafts/${draftId}`);
    await c.page.locator('.draft-text .cl-entry').first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('keeps a half-written comment when Escape only closes the list of members to mention', async () => {
    await selectText(c.page, 'fictional coalition');
    await c.page.getByRole('button', { name: 'Comment on selection' }).click();
    const box = c.page.getByLabel('New comment');
    await box.fill('Which groups? Ask @Do');
    await c.page.getByRole('option', { name: 'Dora Legal, EFF' }).waitFor();
    await c.page.keyboard.press('Escape');
    // The list closes; the comment and its box stay, with the focus.
    await expect.poll(() => c.page.getByRole('option').count()).toBe(0);
    expect(await box.count()).toBe(1);
    expect(await box.inputValue()).toBe('Which groups? Ask @Do');
    expect(await focused(c.page)).toBe('textarea: New comment');
    // A second Escape, with no list open, is the composer's own: it closes.
    await c.page.keyboard.press('Escape');
    await expect.poll(() => box.count()).toBe(0);
    expect(c.problems).toEqual([]);
  });

  it('keeps the keyboard focus in place as a comment is written, answered, edited, kept and resolved', async () => {
    const page = c.page;
    const inEditor = () => page.evaluate(() => !!document.activeElement?.closest('.draft-text'));
    // Posting a comment from the keyboard returns to the text it is on.
    await selectText(page, 'leaving defensive security work');
    await page.keyboard.press('Control+Alt+M');
    await page.getByLabel('New comment').fill('Is "defensive" defined anywhere?');
    await page.keyboard.press('Control+Enter');
    const card = page.getByTestId('review-thread').filter({ hasText: 'Is "defensive" defined' });
    await card.waitFor();
    await expect.poll(inEditor).toBe(true);
    // Cancelling a new comment too.
    await selectText(page, 'ordinary network');
    await page.keyboard.press('Control+Alt+M');
    await page.keyboard.press('Escape');
    await expect.poll(inEditor).toBe(true);

    // Reply, then Escape: back on Reply.
    await card.getByRole('button', { name: 'Reply' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('not sent');
    await page.keyboard.press('Escape');
    await expect.poll(() => focused(page)).toBe('button: Reply');
    // Reply sent: back on Reply.
    await page.keyboard.press('Enter');
    await page.keyboard.type('Answering myself.');
    await page.keyboard.press('Control+Enter');
    await card.getByTestId('review-comment').filter({ hasText: 'Answering myself.' }).waitFor();
    await expect.poll(() => focused(page)).toBe('button: Reply');
    // Edit, then Escape: back on Edit.
    await card.getByRole('button', { name: 'Edit your comment' }).first().focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await expect.poll(() => focused(page)).toBe('button: Edit your comment');
    // Delete, then Keep: back on Delete.
    await card.getByRole('button', { name: 'Delete your comment' }).first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('button: Keep');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('button: Delete your comment');

    // Resolved, the card leaves the Open list: the focus goes to the card now in its place.
    await commentOn(page, 'Prepared by', 'Who prepared it?');
    const next = page.getByTestId('review-thread').filter({ hasText: 'Who prepared it?' });
    await next.waitFor();
    await card.getByRole('button', { name: 'Resolve' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => card.count()).toBe(0);
    await expect.poll(() => focused(page)).toBe('button: Show in the text: Prepared by');
    // The last one resolved: the focus goes to the filters above the empty list.
    await next.getByRole('button', { name: 'Resolve' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => next.count()).toBe(0);
    await expect.poll(() => focused(page)).toMatch(/^button: Open \(0\)/);
    expect(c.problems).toEqual([]);
  });

  it('imports a file chosen again after it was refused and then corrected', async () => {
    const b = await loginInNewContext(browser, server, ben.email, ben.password, '/');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-journey-import-'));
    const file = path.join(dir, 'proposal.txt');
    try {
      fs.writeFileSync(file, '');
      const choose = async () => {
        const [chooser] = await Promise.all([b.page.waitForEvent('filechooser'), b.page.getByText('Import a file (.docx, .md, .txt)').click()]);
        await chooser.setFiles(file);
      };
      await choose();
      await b.page.getByText('"proposal.txt" is empty.').waitFor();
      // Saved again with its entry, the same file is chosen again: this time it is imported.
      fs.writeFileSync(file, '4.A.5. Systems specially designed for the delivery of "intrusion software".\n');
      await choose();
      await b.page.waitForURL(/\/drafts\//);
      await b.page.locator('.draft-text .cl-identifier', { hasText: '4.A.5.' }).waitFor();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await b.context.close();
    }
  });

  it('mentions a colleague added while editing a comment, and keeps one the edit leaves in place', async () => {
    const page = c.page;
    /** The comment threads that mention Dora, as her Mentions filter counts them. */
    const doraMentions = async () => {
      const res = await api(server, dora.cookie, 'GET', `/api/drafts/${draftId}/review`);
      return (res.body as { threads: Array<{ mentionsMe: boolean; comments: Array<{ body: string }> }> }).threads
        .filter((t) => t.mentionsMe)
        .map((t) => t.comments[0]?.body);
    };
    await commentOn(page, 'watch whole networks', 'Too wide?');
    const comment = page.getByTestId('review-comment').filter({ hasText: 'Too wide?' });
    await comment.waitFor();
    await comment.getByRole('button', { name: 'Edit your comment' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' @Dor');
    await page.getByRole('option', { name: 'Dora Legal, EFF' }).click();
    await page.keyboard.type('what do you think?');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await comment.filter({ hasText: 'Too wide? @Dora Legal what do you think?' }).waitFor();
    await expect.poll(doraMentions).toEqual(['Too wide? @Dora Legal what do you think?']);
    // A second edit that leaves "@Dora Legal" in place keeps her mentioned.
    await comment.getByRole('button', { name: 'Edit your comment' }).click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('Still ');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('review-comment').filter({ hasText: 'Still Too wide?' }).waitFor();
    await expect.poll(doraMentions).toEqual(['Still Too wide? @Dora Legal what do you think?']);
    expect(c.problems).toEqual([]);
  });

  it('shows a colleague’s suggestion as last saved even when an older copy of the list arrives last', async () => {
    const b = await loginInNewContext(browser, server, ben.email, ben.password, `/drafts/${draftId}`);
    try {
      await b.page.locator('.draft-text .cl-entry').first().waitFor();
      // The list Ben's page asks for next is answered as it is now, but handed over late: after
      // the one asked for after it (a slow response on a busy network).
      let held: { route: Route; response: Awaited<ReturnType<Route['fetch']>> } | undefined;
      await b.page.route(`**/api/drafts/${draftId}/review`, async (route) => {
        if (held) return route.continue();
        held = { route, response: await route.fetch() };
      });
      await selectText(c.page, 'controls keep');
      await c.page.keyboard.type('tools');
      // Saved (Cleo's own list has it): Ben's page asks for the list, and gets it late.
      await c.page.getByTestId('review-thread').filter({ hasText: 'Replace controls keep with tools' }).waitFor();
      await expect.poll(() => held !== undefined).toBe(true);
      await c.page.keyboard.type(' made');
      await b.page.getByTestId('review-thread').filter({ hasText: 'Replace controls keep with tools made' }).waitFor();
      await held?.route.fulfill({ response: held.response });
      // The older list is not shown over the newer one.
      await b.page.waitForTimeout(500);
      expect(await b.page.getByTestId('review-thread').filter({ hasText: 'Replace controls keep with tools made' }).count()).toBe(1);
      expect(await b.page.getByTestId('review-thread').filter({ hasText: /with tools$/ }).count()).toBe(0);
    } finally {
      await b.context.close();
    }
  });

  it('does not let accepting a suggestion erase words an editor has since typed inside the words it replaces', async () => {
    const d = await loginInNewContext(browser, server, dora.email, dora.password, `/drafts/${draftId}`);
    const b = await loginInNewContext(browser, server, ben.email, ben.password, `/drafts/${draftId}`);
    const a = await loginInNewContext(browser, server, ana.email, ana.password, `/drafts/${draftId}`);
    try {
      for (const p of [a, b, d]) await p.page.locator('.draft-text .cl-entry').first().waitFor();
      await selectText(d.page, 'four entries');
      await d.page.keyboard.type('five entries');
      const card = a.page.getByTestId('review-thread').filter({ hasText: 'Replace four entries with five entries' });
      await card.waitFor();
      // Ben, editing, makes it "all four entries" while the suggestion waits.
      await selectText(b.page, 'four');
      await b.page.keyboard.type('all four');
      await expect.poll(async () => (await editorText(a.page)).includes('for all four entries')).toBe(true);
      await card.getByRole('button', { name: 'Accept' }).click();
      // Refused, in words, and Ben's word stays.
      await a.page.getByRole('alert').filter({ hasText: 'changed since it was suggested' }).waitFor();
      expect(await a.page.getByRole('alert').innerText()).toContain('now read “all four entries”');
      await a.page.waitForTimeout(500);
      expect(await editorText(a.page)).toContain('for all four entries');
      expect(await card.count()).toBe(1);
      // Accept all says the same of it and leaves it open.
      await a.page.getByRole('button', { name: 'Accept all', exact: true }).click();
      await a.page.getByRole('alert').filter({ hasText: '1 suggestion was not applied and stays open: The words it replaces were changed' }).waitFor();
      expect(await editorText(a.page)).toContain('for all four entries');
      await card.getByRole('button', { name: 'Reject' }).click();
      await expect.poll(() => card.count()).toBe(0);
    } finally {
      for (const p of [a, b, d]) await p.context.close();
    }
  });

  it('names whose suggestions each “accept” and “reject” button decides, for a screen reader too', async () => {
    const d = await loginInNewContext(browser, server, dora.email, dora.password, `/drafts/${draftId}`);
    const a = await loginInNewContext(browser, server, ana.email, ana.password, `/drafts/${draftId}`);
    try {
      for (const p of [a, d]) await p.page.locator('.draft-text .cl-entry').first().waitFor();
      await selectText(c.page, 'Prepared');
      await c.page.keyboard.type('Written');
      await c.page.keyboard.press('Escape');
      await selectText(d.page, 'testing');
      await d.page.keyboard.type('trying out');
      await a.page.getByTestId('review-thread').filter({ hasText: 'Replace testing with trying out' }).waitFor();
      await a.page.getByTestId('review-thread').filter({ hasText: 'Replace Prepared with Written' }).waitFor();
      const cleoAccept = a.page.getByRole('button', { name: 'Accept all suggestions by Cleo Legal, Privacy International', exact: true });
      expect(await a.page.getByRole('button', { name: 'Reject all suggestions by Dora Legal, EFF', exact: true }).count()).toBe(1);
      await cleoAccept.click();
      await expect.poll(async () => (await editorText(a.page)).includes('Written by')).toBe(true);
      // Dora's is still open, to be decided on its own.
      expect(await a.page.getByTestId('review-thread').filter({ hasText: 'Replace testing with trying out' }).count()).toBe(1);
      await a.page.getByTestId('review-thread').filter({ hasText: 'Replace testing with trying out' }).getByRole('button', { name: 'Reject' }).click();
      await expect.poll(() => a.page.getByTestId('review-thread').filter({ hasText: 'trying out' }).count()).toBe(0);
    } finally {
      for (const p of [a, d]) await p.context.close();
    }
  });

  it('announces the member list of an @-mention as a list the comment box controls, with the highlighted member', async () => {
    await selectText(c.page, 'Summary');
    await c.page.keyboard.press('Control+Alt+M');
    const box = c.page.getByRole('combobox', { name: 'New comment' });
    await box.waitFor();
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    await c.page.keyboard.type('Agree? @');
    await expect.poll(() => box.getAttribute('aria-expanded')).toBe('true');
    const listId = await box.getAttribute('aria-controls');
    expect(await c.page.locator(`[id="${listId}"]`).getAttribute('role')).toBe('listbox');
    /** The option the box points a screen reader to. */
    const highlighted = async () => {
      const id = await box.getAttribute('aria-activedescendant');
      return id ? c.page.locator(`[id="${id}"]`).innerText() : undefined;
    };
    expect(await highlighted()).toBe('Ana Coordinator, Access Now');
    await c.page.keyboard.press('ArrowDown');
    expect(await highlighted()).toBe('Ben Editor, Amnesty International');
    await c.page.keyboard.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('Agree? @Ben Editor ');
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    expect(await box.getAttribute('aria-activedescendant')).toBeNull();
    await c.page.keyboard.press('Escape');
    expect(c.problems).toEqual([]);
  });

  it('keeps Undo from changing the accepted text while suggesting, in the review phase too, and says why', async () => {
    const b = await loginInNewContext(browser, server, ben.email, ben.password, `/drafts/${draftId}`);
    const a = await loginInNewContext(browser, server, ana.email, ana.password, `/drafts/${draftId}`);
    try {
      for (const p of [a, b]) await p.page.locator('.draft-text .cl-entry').first().waitFor();
      await b.page.locator('.draft-text h1').click();
      await b.page.keyboard.press('End');
      await b.page.keyboard.type(' (second reading)');
      await expect.poll(async () => (await editorText(a.page)).includes('(second reading)')).toBe(true);
      await b.page.getByTestId('mode-suggesting').click();
      await b.page.locator('.draft-text h1').click();
      await b.page.keyboard.press('Control+z');
      await b.page.getByTestId('mode-notice').filter({ hasText: 'Undo takes back only your direct edits' }).waitFor();
      const undo = b.page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: /^Undo/ });
      expect(await undo.isDisabled()).toBe(true);
      expect(await undo.getAttribute('title')).toContain('not available while suggesting');
      // In the review phase Ben's connection is read-only: an undo there changed only his own screen.
      await a.page.getByLabel('Suggestions only (review phase)').click();
      await expect.poll(() => b.page.getByTestId('mode-editing').isDisabled()).toBe(true);
      await b.page.locator('.draft-text h1').click();
      await b.page.keyboard.press('Control+z');
      await b.page.keyboard.press('Control+Shift+z');
      await b.page.waitForTimeout(500);
      for (const p of [a, b]) expect(await editorText(p.page)).toContain('(second reading)');
      await a.page.getByLabel('Suggestions only (review phase)').click();
      await expect.poll(() => b.page.getByTestId('mode-editing').isDisabled()).toBe(false);
    } finally {
      for (const p of [a, b]) await p.context.close();
    }
  });

  it('tells an editor in mid-sentence that the review phase began, so what they type now is a suggestion, and when it ends', async () => {
    const b = await loginInNewContext(browser, server, ben.email, ben.password, `/drafts/${draftId}`);
    const a = await loginInNewContext(browser, server, ana.email, ana.password, `/drafts/${draftId}`);
    try {
      for (const p of [a, b]) await p.page.locator('.draft-text .cl-entry').first().waitFor();
      await b.page.locator('.draft-text h1').click();
      await b.page.keyboard.press('End');
      await b.page.keyboard.type(' as amended');
      await a.page.getByLabel('Suggestions only (review phase)').click();
      await b.page.getByTestId('mode-notice').filter({ hasText: 'A coordinator started the review phase: what you type now is a suggestion.' }).waitFor();
      expect(await b.page.getByTestId('mode-suggesting').getAttribute('aria-checked')).toBe('true');
      await a.page.getByLabel('Suggestions only (review phase)').click();
      await b.page.getByTestId('mode-notice').filter({ hasText: 'The review phase has ended: you can edit the text directly again.' }).waitFor();
      // The coordinator, who edits directly either way, is not told.
      expect(await a.page.getByTestId('mode-notice').innerText()).toBe('');
    } finally {
      for (const p of [a, b]) await p.context.close();
    }
  });

  it('does not offer to show in the text a comment whose words were all deleted', async () => {
    const b = await loginInNewContext(browser, server, ben.email, ben.password, `/drafts/${draftId}`);
    try {
      await b.page.locator('.draft-text .cl-entry').first().waitFor();
      await commentOn(c.page, 'Computers', 'Why only computers?');
      const card = c.page.getByTestId('review-thread').filter({ hasText: 'Why only computers?' });
      await card.getByRole('button', { name: 'Show in the text: Computers' }).waitFor();
      await b.page.getByTestId('mode-editing').click();
      await selectText(b.page, 'Computers');
      await b.page.keyboard.press('Backspace');
      await card.getByText('Text deleted').waitFor();
      // The thread stays, with its words, and says they are gone rather than offering to show them.
      expect(await card.getByRole('button', { name: /^Show in the text/ }).count()).toBe(0);
      expect(await card.getByRole('button', { name: 'Text deleted: Computers' }).count()).toBe(1);
    } finally {
      await b.context.close();
    }
  });
});
