import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VersionListSchema } from '../../shared/api/versions.ts';
import { addMember, api, buildUser, field, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced } from '../helpers/collab-client.ts';
import { anchorOn } from '../integration/review-support.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { editorText, launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';
import { selectText } from './support/select-text.ts';

const run = promisify(execFile);

/** word/document.xml of a .docx, read with unzip as anyone would open the file. */
async function documentXml(docx: Buffer): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plenary-docx-'));
  try {
    const file = path.join(dir, 'export.docx');
    await fs.writeFile(file, docx);
    return (await run('unzip', ['-p', file, 'word/document.xml'], { maxBuffer: 10_000_000 })).stdout;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

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

  const versionIdNamed = async (name: string) => {
    const list = VersionListSchema.parse((await api(server, cora.cookie, 'GET', `/api/drafts/${draftId}/versions`)).body);
    const found = list.versions.find((v) => v.name === name);
    if (!found) throw new Error(`no version named ${name}`);
    return found.id;
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

  /** The redline on the stage: every struck and every underlined run, in document order. */
  const redlineRuns = async () => ({
    deleted: await c.page.locator('.history-stage del.redline--delete').allTextContents(),
    inserted: await c.page.locator('.history-stage ins.redline--insert').allTextContents(),
  });

  /** Whether an element can be seen: inside the window and inside every scrolling box around it. */
  const inView = (locator: Locator) =>
    locator.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const boxes = [{ top: 0, bottom: window.innerHeight }];
      for (let p = el.parentElement; p; p = p.parentElement) if (p.scrollHeight > p.clientHeight && getComputedStyle(p).overflowY !== 'visible') boxes.push(p.getBoundingClientRect());
      return r.height > 0 && boxes.every((b) => r.top >= b.top - 1 && r.bottom <= b.bottom + 1);
    });

  /** Opens the History panel (its tab toggles: a second click would close it). */
  const openHistory = async () => {
    const tab = c.page.getByRole('tab', { name: 'History' });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  };

  /** The row of the version called exactly `name` (not "Before restoring “name”"). */
  const versionRow = (name: string) => c.page.getByTestId('version-row').filter({ has: c.page.getByRole('button', { name, exact: true }) });

  const compareWithCurrent = async (versionName: string) => {
    await openHistory();
    await versionRow(versionName).getByRole('button', { name: 'Compare with current' }).click();
    await c.page.getByTestId('change-position').waitFor();
  };

  it('shows a word typed over another as whole words struck and underlined, never pieces of words', async () => {
    await saveVersion('Before the software wording');
    const e = await loginInNewContext(browser, server, ed.email, ed.password, `/drafts/${draftId}`);
    await e.page.locator('.draft-text .cl-entry').first().waitFor();
    // Ed types over the first word of 4.D.4. and the space after it, as anyone replaces a word.
    await selectText(e.page, '"Software" s');
    await e.page.keyboard.press('Shift+ArrowLeft');
    await e.page.keyboard.type('"Computer software" ');
    await e.page.getByTestId('connection-status').getByText('Saved').waitFor();
    await expect.poll(async () => (await editorText(c.page)).includes('"Computer software" specially designed')).toBe(true);
    await e.context.close();

    await compareWithCurrent('Before the software wording');
    const heading = c.page.locator('.history-stage .cl-heading').filter({ hasText: 'Computer' });
    const reading = await heading.evaluate((el) => {
      const runs = [...el.querySelectorAll('del.redline--delete, ins.redline--insert')];
      const sideText = (skip: string) => {
        const copy = el.cloneNode(true) as HTMLElement;
        for (const r of copy.querySelectorAll(skip)) r.remove();
        return copy.textContent ?? '';
      };
      // Where each changed run starts and ends in the text of its own side (old text for a
      // deletion, new text for an insertion), and the characters just outside it there.
      const edges = runs.map((run) => {
        const del = run.tagName === 'DEL';
        const copy = el.cloneNode(true) as HTMLElement;
        const marker = copy.querySelectorAll('del.redline--delete, ins.redline--insert')[runs.indexOf(run)];
        marker?.replaceWith('\u0001', ...(marker.textContent ? [marker.textContent] : []), '\u0002');
        for (const r of copy.querySelectorAll(del ? 'ins.redline--insert' : 'del.redline--delete')) r.remove();
        const text = copy.textContent ?? '';
        const open = text.indexOf('\u0001');
        const close = text.indexOf('\u0002');
        return { run: run.textContent, before: text[open - 1] ?? '', first: text[open + 1] ?? '', last: text[close - 1] ?? '', after: text[close + 1] ?? '' };
      });
      return { oldText: sideText('ins.redline--insert'), newText: sideText('del.redline--delete'), edges };
    });
    expect(reading.oldText).toMatch(/^"Software" specially designed/);
    expect(reading.newText).toMatch(/^"Computer software" specially designed/);
    // No change starts or ends inside a word: character-level runs once read
    // '"~~Software" ~~Computer s‸oftware" s‸pecially', with no word whole on either side.
    const letter = /[\p{L}\p{N}]/u;
    for (const edge of reading.edges) {
      expect(letter.test(edge.before) && letter.test(edge.first), JSON.stringify(edge)).toBe(false);
      expect(letter.test(edge.last) && letter.test(edge.after), JSON.stringify(edge)).toBe(false);
    }
    expect((await redlineRuns()).deleted.join('|')).toContain('Software');
    await c.page.getByRole('button', { name: 'Back to the draft' }).click();
    expect(c.problems).toEqual([]);
  });

  it('shows no change between a version and the draft it was restored to', async () => {
    await openHistory();
    await versionRow('Before the software wording').getByRole('button', { name: 'Before the software wording', exact: true }).click();
    await c.page.getByRole('button', { name: 'Restore this version…' }).click();
    await c.page.getByRole('button', { name: 'Restore for everyone' }).click();
    await expect.poll(async () => (await editorText(c.page)).includes('"Software" specially designed')).toBe(true);
    // The text is now word for word the version's; the comparison once showed "Software" and
    // "specially" struck and retyped (the restore rewrote them from other pieces of history).
    await compareWithCurrent('Before the software wording');
    expect(await c.page.getByTestId('change-position').textContent()).toBe('No changes');
    expect(await redlineRuns()).toEqual({ deleted: [], inserted: [] });
    // The Word redline a delegation receives says the same: no tracked change.
    const res = await fetch(`${server.url}/api/drafts/${draftId}/export?format=docx&against=${await versionIdNamed('Before the software wording')}`, { headers: { cookie: cora.cookie } });
    expect(res.status).toBe(200);
    const xml = await documentXml(Buffer.from(await res.arrayBuffer()));
    expect(xml).not.toMatch(/<w:(ins|del) /);
    await c.page.getByRole('button', { name: 'Back to the draft' }).click();
    expect(c.problems).toEqual([]);
  });

  it('exports a chosen version from the Export menu, and says that open suggestions and comments are not in the file', async () => {
    // Legal advice still open on the live draft: a suggestion and a comment by a commenter.
    const admin = await loginAdmin(server);
    const lea = await buildUser(server, admin, { name: 'Lea Legal', organisation: 'Law Clinic' });
    await addMember(server, cora.cookie, draftId, lea.email, 'commenter');
    const client = await connectSynced(server, lea.cookie, draftId);
    try {
      const suggestion = await api(server, lea.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, { anchor: anchorOn(client.doc, 'specially designed'), insertText: 'exclusively designed' });
      expect(suggestion.status).toBe(201);
      const thread = await api(server, lea.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchorOn(client.doc, 'intrusion software'), body: 'Check against the 2013 text.', mentions: [] });
      expect(thread.status).toBe(201);
    } finally {
      client.destroy();
    }
    // The version the coordinator means to send, then the live draft moves on.
    await saveVersion('For the delegations');
    const e = await loginInNewContext(browser, server, ed.email, ed.password, `/drafts/${draftId}`);
    await e.page.locator('.draft-text .cl-entry').first().waitFor();
    await e.page.locator('.draft-text').getByText('Prepared by:').click();
    await e.page.keyboard.press('Home');
    await e.page.keyboard.type('LATE EDIT ');
    await e.page.getByTestId('connection-status').getByText('Saved').waitFor();
    await e.context.close();

    await c.page.reload();
    await c.page.locator('.draft-text .cl-entry').first().waitFor();
    await c.page.getByRole('button', { name: 'Export' }).click();
    const panel = c.page.getByRole('form', { name: 'Export this draft' });
    // The file holds the accepted text only: the menu says so before anything is sent.
    await panel.getByText('1 open suggestion and 1 open comment are not in the file').waitFor();
    await panel.getByLabel('What to export').selectOption({ label: (await panel.getByLabel('What to export').locator('option').allTextContents()).find((l) => l.includes('For the delegations')) ?? '' });
    const [download] = await Promise.all([c.page.waitForEvent('download'), panel.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe('Annex-I-4-D-4-final-For-the-delegations.docx');
    const xml = await documentXml(await fs.readFile(await download.path()));
    expect(xml).toContain('Prepared by:');
    expect(xml).not.toContain('LATE EDIT');
    expect(xml).not.toContain('exclusively');
    expect(xml).not.toContain('Check against');
    expect(c.problems).toEqual([]);
  });

  it('says visibly that a restore happened, and keeps the text it replaced one click away so the restore can be undone', async () => {
    await saveVersion('Short text');
    // Later versions push the one to restore down the list, below the fold of the panel.
    for (const name of ['Circulated 1', 'Circulated 2', 'Circulated 3', 'Circulated 4', 'Circulated 5']) await saveVersion(name);
    const e = await loginInNewContext(browser, server, ed.email, ed.password, `/drafts/${draftId}`);
    await e.page.locator('.draft-text .cl-entry').first().waitFor();
    await e.page.locator('.draft-text').getByText('Prepared by:').click();
    await e.page.keyboard.press('Home');
    await e.page.keyboard.type('Work of the afternoon. ');
    await e.page.getByTestId('connection-status').getByText('Saved').waitFor();
    await e.context.close();
    await expect.poll(async () => (await editorText(c.page)).includes('Work of the afternoon.')).toBe(true);

    await openHistory();
    await versionRow('Short text').getByRole('button', { name: 'Short text', exact: true }).click();
    await c.page.getByRole('button', { name: 'Restore this version…' }).click();
    await c.page.getByRole('button', { name: 'Restore for everyone' }).click();
    await expect.poll(async () => (await editorText(c.page)).includes('Work of the afternoon.')).toBe(false);
    // A sighted coordinator is told too (it once went to screen readers only) …
    const notice = c.page.locator('.history-panel').getByText('Restored “Short text” for everyone.');
    await notice.waitFor();
    await expect.poll(() => inView(notice)).toBe(true);
    // … and the version holding the afternoon's work is in plain sight, not folded among automatic ones.
    const before = versionRow('Before restoring “Short text”');
    await before.waitFor();
    await before.getByRole('button', { name: 'Before restoring “Short text”', exact: true }).click();
    await c.page.getByRole('button', { name: 'Restore this version…' }).click();
    await c.page.getByRole('button', { name: 'Restore for everyone' }).click();
    await expect.poll(async () => (await editorText(c.page)).includes('Work of the afternoon.')).toBe(true);
    expect(c.problems).toEqual([]);
  });
});
