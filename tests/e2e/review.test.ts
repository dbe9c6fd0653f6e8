import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { REPO_ROOT, type TestServer } from '../helpers/test-server.ts';
import { editorText, launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';
import { selectText } from './support/select-text.ts';

/** Issue 6 in the browser: three members review one draft; everyone ends with the same, expected text. */
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
const SHOTS = process.env.REVIEW_SCREENSHOTS;

/** The text of each line, without others' caret labels drawn inside it. */
function lineTexts(lines: Locator): Promise<Array<string | null>> {
  return lines.evaluateAll((els) =>
    els.map((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
      return copy.textContent;
    }),
  );
}

describe('reviewing a draft: comments and suggestions', () => {
  let server: TestServer;
  let browser: Browser;
  let ana: TestUser;
  let ben: TestUser;
  let cleo: TestUser;
  let a: UserPage;
  let b: UserPage;
  let c: UserPage;
  let clientDir = '';
  const START = 'Controls apply to intrusion software.';

  beforeAll(async () => {
    // A private build: dist/client is rebuilt (emptied) by every e2e run, and several may run at once.
    clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-review-client-'));
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error', '--outDir', clientDir, '--emptyOutDir'], { cwd: REPO_ROOT, stdio: 'inherit' });
    server = await startAppServer({ env: { CLIENT_DIR: clientDir } });
    browser = await launchBrowser();
    const admin = await loginAdmin(server);
    ana = await buildUser(server, admin, { name: 'Ana Coordinator', organisation: 'Access Now' });
    ben = await buildUser(server, admin, { name: 'Ben Editor', organisation: 'Amnesty International' });
    cleo = await buildUser(server, admin, { name: `Cleo ${XSS}`, organisation: 'Privacy International' });
    const draftId = await buildDraft(server, ana.cookie, `Review of 4.D.4. ${XSS}`);
    await addMember(server, ana.cookie, draftId, ben.email, 'editor');
    await addMember(server, ana.cookie, draftId, cleo.email, 'commenter');
    a = await loginInNewContext(browser, server, ana.email, ana.password, `/drafts/${draftId}`);
    await a.page.locator('.draft-text').click();
    await a.page.keyboard.type(START);
    await a.page.getByTestId('connection-status').getByText('Saved').waitFor();
    b = await loginInNewContext(browser, server, ben.email, ben.password, `/drafts/${draftId}`);
    c = await loginInNewContext(browser, server, cleo.email, cleo.password, `/drafts/${draftId}`);
    for (const p of [b, c]) await p.page.locator('.draft-text p', { hasText: START }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    if (clientDir) fs.rmSync(clientDir, { recursive: true, force: true });
  });

  it('turns an editor’s typing into a replacement suggestion that leaves the accepted text alone', async () => {
    await b.page.getByTestId('mode-suggesting').click();
    await selectText(b.page, 'apply');
    await b.page.keyboard.type('extend');
    // Shown at once to Ben (struck and inserted text), then to everyone once saved.
    await b.page.locator('.suggest-ins', { hasText: 'extend' }).first().waitFor();
    await a.page.getByTestId('review-thread').filter({ hasText: 'Replace' }).waitFor();
    await a.page.locator('.draft-text .suggest-del', { hasText: 'apply' }).waitFor();
    await c.page.locator('.draft-text .suggest-ins', { hasText: 'extend' }).waitFor();
  });

  it('lets a commenter discuss the suggestion (script shown as text) and suggest a deletion', async () => {
    // A commenter cannot choose Editing: Suggesting is their only way to change wording.
    await expect.poll(() => c.page.getByTestId('mode-editing').isDisabled()).toBe(true);
    const thread = c.page.getByTestId('review-thread').filter({ hasText: 'Replace' });
    await thread.getByRole('button', { name: 'Reply' }).click();
    await thread.getByLabel('Reply').fill(`Fine by me ${XSS}`);
    await thread.getByRole('button', { name: 'Reply', exact: true }).last().click();
    await a.page.getByTestId('review-comment').filter({ hasText: 'Fine by me <img' }).waitFor();

    await selectText(c.page, ' software');
    await c.page.keyboard.press('Backspace');
    await a.page.getByTestId('review-thread').filter({ hasText: 'Delete' }).waitFor();
    await b.page.locator('.draft-text .suggest-del', { hasText: 'software' }).waitFor();
    if (SHOTS) {
      await a.page.screenshot({ path: `${SHOTS}/review-coordinator.png` });
      await c.page.screenshot({ path: `${SHOTS}/review-commenter.png` });
    }
    // Nothing user-written ran as script anywhere.
    for (const p of [a, b, c]) expect(await p.page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(await a.page.getByText(`Cleo ${XSS}, Privacy International`).count()).toBeGreaterThan(0);
  });

  it('ends with the same, expected text in every context once the coordinator accepts one and rejects the other', async () => {
    const replace = a.page.getByTestId('review-thread').filter({ hasText: 'Replace' });
    await replace.getByRole('button', { name: 'Accept' }).click();
    const del = a.page.getByTestId('review-thread').filter({ hasText: 'Delete software' });
    await del.getByRole('button', { name: 'Reject' }).click();
    const expected = 'Controls extend to intrusion software.';
    for (const p of [a, b, c]) {
      await expect.poll(() => editorText(p.page), { timeout: 10_000 }).toBe(expected);
      await expect.poll(() => p.page.getByTestId('review-thread').count()).toBe(0);
    }
    for (const p of [a, b, c]) expect(p.problems).toEqual([]);
  });

  it('switches modes with Ctrl+Alt+Shift+S / +E and starts a comment on the selection with Ctrl+Alt+M', async () => {
    await b.page.locator('.draft-text').click();
    await b.page.keyboard.press('Control+Alt+Shift+S');
    await expect.poll(() => b.page.getByTestId('mode-suggesting').getAttribute('aria-checked')).toBe('true');
    // Commands that cannot become suggestions (lists, quotes, fixed labels) are off and say why;
    // marks, headings and the structure commands stay (they become suggestions).
    const formatting = b.page.getByRole('toolbar', { name: 'Formatting' });
    const list = formatting.getByRole('button', { name: /^Bulleted list/ });
    const heading1 = formatting.getByRole('button', { name: /^Heading 1/ });
    const insertEntry = b.page.getByRole('toolbar', { name: 'Control-list structure' }).getByRole('button', { name: /^Insert entry/ });
    await expect.poll(() => list.isDisabled()).toBe(true);
    expect(await list.getAttribute('title')).toContain('not available while suggesting');
    expect(await heading1.isDisabled()).toBe(false);
    expect(await insertEntry.isDisabled()).toBe(false);
    expect(await formatting.getByRole('button', { name: /^Bold/ }).isDisabled()).toBe(false);
    await b.page.keyboard.press('Control+Alt+Shift+E');
    await expect.poll(() => b.page.getByTestId('mode-editing').getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => list.isDisabled()).toBe(false);
    expect(await heading1.getAttribute('title')).toBe('Heading 1 — Ctrl+Alt+1');
    // A commenter is always suggesting: the list commands are off for them from the start.
    expect(await c.page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: /^Bulleted list/ }).isDisabled()).toBe(true);
    expect(await b.page.getByTestId('mode-suggesting').getAttribute('title')).toBe('Suggesting — Ctrl+Alt+Shift+S');
    // A commenter cannot switch to Editing: the shortcut says why instead.
    await c.page.locator('.draft-text').click();
    await c.page.keyboard.press('Control+Alt+Shift+E');
    await c.page.getByTestId('mode-notice').filter({ hasText: 'Commenters change the text only by suggesting.' }).waitFor();
    // A list shortcut cannot become a suggestion: nothing changes, and the page says so (not silently).
    await c.page.keyboard.press('Control+Shift+8');
    await c.page.getByTestId('mode-notice').filter({ hasText: 'That cannot be suggested' }).waitFor();
    expect(await c.page.locator('.draft-text ul').count()).toBe(0);
    if (SHOTS) await c.page.screenshot({ path: `${SHOTS}/review-not-suggestible.png` });
    await selectText(b.page, 'Controls');
    await b.page.keyboard.press('Control+Alt+M');
    await expect.poll(() => b.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('New comment');
    await b.page.getByRole('button', { name: 'Cancel' }).click();
    expect(await editorText(b.page)).toBe('Controls extend to intrusion software.');
  });

  it('lets a commenter suggest a new paragraph (Enter) and a bold (Ctrl+B), shown in place to everyone', async () => {
    await c.page.locator('.draft-text p').first().click();
    await c.page.keyboard.press('End');
    await c.page.keyboard.press('Enter');
    await c.page.keyboard.type('Spyware is covered too.');
    await c.page.locator('.draft-text .suggest-ins .suggest-break').waitFor();
    await selectText(c.page, 'intrusion');
    await c.page.keyboard.press('Control+b');
    for (const p of [a, b]) {
      await p.page.getByTestId('review-thread').filter({ hasText: 'Spyware is covered too.' }).waitFor();
      await p.page.locator('.draft-text .suggest-format', { hasText: 'intrusion' }).waitFor();
      await p.page.locator('.draft-text .suggest-format__label', { hasText: 'Bold' }).waitFor();
    }
    await a.page.getByTestId('review-thread').filter({ hasText: 'Make intrusion bold' }).waitFor();
    // Suggesting never changed the accepted text in the commenter's own editor either.
    expect(await c.page.locator('.draft-text strong').count()).toBe(0);
    if (SHOTS) await a.page.screenshot({ path: `${SHOTS}/review-structure-format.png` });
  });

  it('applies the accepted new paragraph and drops the rejected bold in every context', async () => {
    await a.page.getByTestId('review-thread').filter({ hasText: 'Spyware is covered too.' }).getByRole('button', { name: 'Accept' }).click();
    await a.page.getByTestId('review-thread').filter({ hasText: 'Make intrusion bold' }).getByRole('button', { name: 'Reject' }).click();
    const expected = 'Controls extend to intrusion software.\nSpyware is covered too.';
    for (const p of [a, b, c]) {
      await expect.poll(() => editorText(p.page), { timeout: 10_000 }).toBe(expected);
      await expect.poll(() => p.page.getByTestId('review-thread').count()).toBe(0);
      expect(await p.page.locator('.draft-text strong').count()).toBe(0);
    }
  });

  it('turns a commenter’s Backspace at the start of a paragraph into a join, applied when accepted', async () => {
    await c.page.locator('.draft-text p', { hasText: 'Spyware' }).click();
    await c.page.keyboard.press('Home');
    await c.page.keyboard.press('Backspace');
    await a.page.locator('.draft-text .suggest-join').waitFor();
    const join = a.page.getByTestId('review-thread').filter({ hasText: 'Join this paragraph to the one before' });
    await join.waitFor();
    if (SHOTS) await a.page.screenshot({ path: `${SHOTS}/review-join.png` });
    await join.getByRole('button', { name: 'Accept' }).click();
    const expected = 'Controls extend to intrusion software.Spyware is covered too.';
    for (const p of [a, b, c]) await expect.poll(() => editorText(p.page), { timeout: 10_000 }).toBe(expected);
    for (const p of [a, b, c]) expect(p.problems).toEqual([]);
  });

  it('turns a commenter’s Enter in a sub-item into a suggested next sub-item, which becomes one when accepted', async () => {
    // The coordinator writes an entry with the structure keys (Ctrl+Alt+E still inserts an entry).
    await a.page.locator('.draft-text p').first().click();
    await a.page.keyboard.press('End');
    await a.page.keyboard.press('Control+Alt+E');
    await a.page.keyboard.type('4.D.4.');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.type('Software for:');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.type('intrusion;');
    await c.page.locator('.draft-text .cl-subitem .cl-text', { hasText: 'intrusion;' }).click();
    await c.page.keyboard.press('End');
    await c.page.keyboard.press('Enter');
    await c.page.keyboard.type('surveillance.');
    const thread = a.page.getByTestId('review-thread').filter({ hasText: 'surveillance.' });
    await thread.waitFor();
    await a.page.locator('.draft-text .cl-subitem .suggest-break').waitFor();
    if (SHOTS) await a.page.screenshot({ path: `${SHOTS}/review-subitem.png` });
    await thread.getByRole('button', { name: 'Accept' }).click();
    for (const p of [a, b, c]) {
      const items = p.page.locator('.draft-text .cl-subitem');
      await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(2);
      await expect.poll(() => items.locator('.cl-label').allTextContents()).toEqual(['a.', 'b.']);
      // The suggestion's own drawing goes once the decision reaches each page.
      await expect.poll(() => lineTexts(items.locator('.cl-text'))).toEqual(['intrusion;', 'surveillance.']);
    }
    for (const p of [a, b, c]) expect(p.problems).toEqual([]);
  });

  it('turns a commenter’s Delete at the end of a sub-item into a join with the next one, applied when accepted', async () => {
    await c.page.locator('.draft-text .cl-subitem .cl-text', { hasText: 'intrusion;' }).click();
    await c.page.keyboard.press('End');
    await c.page.keyboard.press('Delete');
    await a.page.locator('.draft-text .cl-subitem .suggest-join').waitFor();
    const join = a.page.getByTestId('review-thread').filter({ hasText: 'Join this paragraph to the one before' });
    await join.waitFor();
    // Nothing changed in the commenter's own text.
    expect(await c.page.locator('.draft-text .cl-subitem').count()).toBe(2);
    await join.getByRole('button', { name: 'Accept' }).click();
    for (const p of [a, b, c]) {
      const items = p.page.locator('.draft-text .cl-subitem');
      await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => lineTexts(items.locator('.cl-text'))).toEqual(['intrusion;surveillance.']);
    }
    for (const p of [a, b, c]) expect(p.problems).toEqual([]);
  });

  it('lets a commenter suggest a new entry with a sub-item (Ctrl+Alt+E, typing, Enter), shown as a ghost to everyone and applied when accepted', async () => {
    await c.page.locator('.draft-text .cl-subitem .cl-text').first().click();
    await c.page.keyboard.press('Control+Alt+E');
    // The new entry is a ghost with its identifier suggested and selected, typed into as usual.
    await c.page.locator('.draft-text .suggest-block .suggest-block__selected').waitFor();
    await c.page.keyboard.type('4.D.5.');
    await c.page.keyboard.press('Enter');
    await c.page.keyboard.type('Software for monitoring:');
    await c.page.keyboard.press('Enter');
    await c.page.keyboard.type('of mobile networks.');
    await c.page.locator('.draft-text .suggest-block .cl-subitem', { hasText: 'of mobile networks.' }).waitFor();
    if (SHOTS) await c.page.screenshot({ path: `${SHOTS}/review-new-entry-typing.png` });
    await c.page.keyboard.press('Escape');
    const thread = a.page.getByTestId('review-thread').filter({ hasText: 'New entry: 4.D.5. · Software for monitoring: · of mobile networks.' });
    await thread.waitFor();
    for (const p of [a, b]) {
      const ghost = p.page.locator('.draft-text .suggest-block');
      await ghost.locator('.suggest-block__label', { hasText: 'New entry — suggested by Cleo' }).waitFor();
      await ghost.locator('.cl-identifier', { hasText: '4.D.5.' }).waitFor();
    }
    if (SHOTS) await b.page.screenshot({ path: `${SHOTS}/review-new-entry.png` });
    // Suggesting never changed the accepted text: still one entry everywhere.
    for (const p of [a, b, c]) expect(await p.page.locator('.draft-text .cl-entry:not(.suggest-block *)').count()).toBe(1);

    await thread.getByRole('button', { name: 'Accept' }).click();
    for (const p of [a, b, c]) {
      const entries = p.page.locator('.draft-text .cl-entry');
      await expect.poll(() => entries.count(), { timeout: 10_000 }).toBe(2);
      await expect.poll(() => p.page.locator('.draft-text .suggest-block').count()).toBe(0);
      const second = entries.nth(1);
      await expect.poll(() => second.locator('.cl-identifier').textContent()).toBe('4.D.5.');
      expect(await second.locator('.cl-heading').textContent()).toBe('Software for monitoring:');
      await expect.poll(() => lineTexts(second.locator('.cl-subitem .cl-text'))).toEqual(['of mobile networks.']);
    }
    for (const p of [a, b, c]) expect(p.problems).toEqual([]);
  });

  it('lets a commenter suggest a Heading 2 from the toolbar, shown in place with its author, applied when accepted', async () => {
    // The draft's one paragraph, found by place: Ben's caret, with his name, may sit anywhere in its words.
    await c.page.locator('.draft-text > p').first().click();
    await c.page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: /^Heading 2/ }).click();
    const label = a.page.locator('.draft-text .suggest-structure .suggest-structure__label', { hasText: 'Heading 2 — suggested by Cleo' });
    await label.waitFor();
    const thread = a.page.getByTestId('review-thread').filter({ hasText: 'Make this a Heading 2' });
    await thread.waitFor();
    if (SHOTS) await a.page.screenshot({ path: `${SHOTS}/review-heading.png` });
    expect(await c.page.locator('.draft-text h2').count()).toBe(0);
    await thread.getByRole('button', { name: 'Accept' }).click();
    for (const p of [a, b, c]) {
      await expect.poll(() => p.page.locator('.draft-text h2').count(), { timeout: 10_000 }).toBe(1);
      expect(await p.page.locator('.draft-text h2').textContent()).toContain('Controls extend to intrusion software.');
    }
    for (const p of [a, b, c]) expect(p.problems).toEqual([]);
  });

  it('turns a commenter’s Tab in a sub-item into a suggestion to nest it, applied when accepted', async () => {
    await a.page.locator('.draft-text .cl-subitem .cl-text', { hasText: 'of mobile networks.' }).click();
    await a.page.keyboard.press('End');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.type('of satellite links.');
    const second = c.page.locator('.draft-text .cl-subitem .cl-text', { hasText: 'of satellite links.' });
    await second.click();
    await c.page.keyboard.press('Tab');
    await a.page.locator('.draft-text .suggest-structure .suggest-structure__label', { hasText: 'Nest — suggested by Cleo' }).waitFor();
    const thread = a.page.getByTestId('review-thread').filter({ hasText: 'Nest this sub-item under the one before' });
    await thread.waitFor();
    expect(await c.page.locator('.draft-text .cl-subitem .cl-subitem').count()).toBe(0);
    await thread.getByRole('button', { name: 'Accept' }).click();
    for (const p of [a, b, c]) {
      const nested = p.page.locator('.draft-text .cl-subitem .cl-subitem');
      await expect.poll(() => nested.count(), { timeout: 10_000 }).toBe(1);
      expect(await lineTexts(nested.locator('.cl-text'))).toEqual(['of satellite links.']);
    }
    for (const p of [a, b, c]) expect(p.problems).toEqual([]);
  });
  it('asks before a coordinator deletes a colleague’s comment: Keep leaves it, Delete comment removes it for everyone', async () => {
    await selectText(c.page, 'satellite');
    await c.page.getByRole('button', { name: 'Comment on selection' }).click();
    await c.page.getByLabel('New comment').fill('Should satellite links be covered at all?');
    await c.page.getByRole('button', { name: 'Comment', exact: true }).click();
    const onA = a.page.getByTestId('review-comment').filter({ hasText: 'Should satellite links be covered' });
    await onA.waitFor();
    await onA.getByRole('button', { name: 'Delete' }).click();
    const confirm = onA.getByRole('group', { name: 'Delete this comment?' });
    await confirm.getByText(/Delete Cleo .*’s comment\? It cannot be brought back\./).waitFor();
    if (SHOTS) await a.page.screenshot({ path: `${SHOTS}/review-delete-confirm.png` });
    // The focus is on Keep: Enter right after Delete keeps the comment.
    await a.page.keyboard.press('Enter');
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await onA.count()).toBe(1);
    await onA.getByRole('button', { name: 'Delete' }).click();
    await confirm.getByRole('button', { name: 'Delete comment' }).click();
    for (const p of [a, b, c]) {
      await expect.poll(() => p.page.getByTestId('review-comment').filter({ hasText: 'Should satellite links be covered' }).count(), { timeout: 10_000 }).toBe(0);
    }
    for (const p of [a, b, c]) expect(p.problems).toEqual([]);
  });
  it('lets a commenter edit her own comment, shown as edited to everyone; a coordinator may delete it but not edit it', async () => {
    await selectText(c.page, 'mobile');
    await c.page.getByRole('button', { name: 'Comment on selection' }).click();
    await c.page.getByLabel('New comment').fill('Mobile networks only?');
    await c.page.getByRole('button', { name: 'Comment', exact: true }).click();
    const onC = c.page.getByTestId('review-comment').filter({ hasText: 'Mobile networks only?' });
    await onC.getByRole('button', { name: 'Edit your comment' }).click();
    await c.page.getByLabel('Edit comment').fill('Only mobile networks, or fixed ones too?');
    await c.page.getByRole('button', { name: 'Save', exact: true }).click();
    for (const p of [a, b, c]) {
      const edited = p.page.getByTestId('review-comment').filter({ hasText: 'Only mobile networks, or fixed ones too?' });
      await expect.poll(() => edited.count(), { timeout: 10_000 }).toBe(1);
      expect(await edited.locator('.thread__meta').innerText()).toContain('edited');
      expect(await p.page.getByTestId('review-comment').filter({ hasText: 'Mobile networks only?' }).count()).toBe(0);
    }
    const onA = a.page.getByTestId('review-comment').filter({ hasText: 'Only mobile networks' });
    expect(await onA.getByRole('button', { name: /^Edit/ }).count()).toBe(0);
    expect(await onA.getByRole('button', { name: /^Delete Cleo .*’s comment$/ }).count()).toBe(1);
    for (const p of [a, b, c]) expect(p.problems).toEqual([]);
  });
});
