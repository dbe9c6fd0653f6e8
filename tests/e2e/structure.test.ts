import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ImportDraftResponseSchema } from '../../shared/api/index.ts';
import { SAMPLE_PROPOSAL_TEXT } from '../../shared/templates/index.ts';
import { addMember, api, buildDraft, buildUser, field, loginAdmin, type TestUser } from '../helpers/api.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { docxFromText } from '../integration/import-docx.ts';
import pastedHtmlList from '../../shared/domain/fixtures/paste-html-list.html?raw';
import { launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';

/** Optional: PLENARY_SCREENSHOT_DIR=/some/dir keeps screenshots of the structure screens for review. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.PLENARY_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, `structure-${name}.png`) });
}

/** Clicks just after the last character of a block's text (End only reaches the end of a wrapped line). */
async function clickAtEnd(page: Page, block: Locator, modifier?: 'Shift'): Promise<void> {
  const { x, y } = await block.evaluate((el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let last: Text | null = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if ((n.textContent ?? '') !== '') last = n as Text;
    if (!last) throw new Error('the block has no text');
    const range = document.createRange();
    range.setStart(last, last.length - 1);
    range.setEnd(last, last.length);
    const rect = range.getBoundingClientRect();
    return { x: rect.right - 1, y: rect.top + rect.height / 2 };
  });
  if (modifier) await page.keyboard.down(modifier);
  await page.mouse.click(x, y);
  if (modifier) await page.keyboard.up(modifier);
}

/** How long to wait for another client's edits to arrive: generous, the machine may be loaded. */
const SYNCED = { timeout: 15_000 };

/** The labels of an entry's sub-items in document order, with their nesting depth. */
function labels(page: Page, entry = 0): Promise<string[]> {
  return page
    .locator('.cl-entry')
    .nth(entry)
    .evaluate((entry) => {
      const el = entry.cloneNode(true) as HTMLElement;
      for (const caret of el.querySelectorAll('.collaboration-carets__caret')) caret.remove();
      return [...el.querySelectorAll('.cl-subitem')].map((s) => {
        let depth = 0;
        for (let p = s.parentElement; p && p !== el; p = p.parentElement) if (p.classList.contains('cl-subitem')) depth++;
        return `${'  '.repeat(depth)}${s.querySelector(':scope > .cl-label')?.textContent ?? ''}${s.querySelector(':scope > .cl-body > .cl-text')?.textContent ?? ''}`;
      });
    });
}

/** True when every list in an outline from `labels` is labelled a, b, c … at odd depths and 1, 2 … at even ones. */
function validLabels(outline: string[]): boolean {
  const next: number[] = [];
  for (const line of outline) {
    const depth = (line.length - line.trimStart().length) / 2;
    const label = /^\s*([a-z0-9]+)\./.exec(line)?.[1] ?? '';
    next.length = depth + 1;
    const index = next[depth] ?? 0;
    next[depth] = index + 1;
    const expected = depth % 2 === 0 ? String.fromCharCode(97 + index) : String(index + 1);
    if (label !== expected) return false;
  }
  return true;
}

describe('control-list structure in the editor', () => {
  let server: TestServer;
  let browser: Browser;
  let ana: TestUser;
  let ben: TestUser;
  const pages: UserPage[] = [];

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    const admin = await loginAdmin(server);
    ana = await buildUser(server, admin, { name: 'Ana Policy' });
    ben = await buildUser(server, admin, { name: 'Ben Drafter' });
  });

  // One test's browser contexts are closed before the next starts: this machine has two cores.
  afterEach(async () => {
    for (const p of pages.splice(0)) {
      expect(p.problems).toEqual([]);
      await p.context.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  async function open(user: TestUser, draftId: string): Promise<Page> {
    const p = await loginInNewContext(browser, server, user.email, user.password, `/drafts/${draftId}`);
    pages.push(p);
    await p.page.locator('.draft-text').waitFor();
    return p.page;
  }

  it('builds an entry with nested sub-items and a note from the keyboard, labelled automatically', async () => {
    const page = await open(ana, await buildDraft(server, ana.cookie, 'Keyboard'));
    await page.locator('.draft-text').click();
    await page.keyboard.press('Control+Alt+e');
    await page.keyboard.type('4.A.5.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Systems having any of the following:');
    await page.keyboard.press('Enter');
    await page.keyboard.type('first thing; or');
    await page.keyboard.press('Enter');
    await page.keyboard.type('second thing having all of the following:');
    await page.keyboard.press('Enter');
    await page.keyboard.type('nested one; and');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.type('nested two.');
    await page.keyboard.press('Control+Alt+n');
    await page.keyboard.type('4.A.5. does not apply to toys.');
    await expect.poll(() => labels(page)).toEqual([
      'a.first thing; or',
      'b.second thing having all of the following:',
      '  1.nested one; and',
      '  2.nested two.',
    ]);
    await expect.poll(() => page.locator('.cl-note .cl-note-caption').allTextContents()).toEqual(['Note:']);
    // Un-nesting the second nested item makes it c. of the entry.
    await page.locator('.cl-text', { hasText: 'nested two.' }).click();
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => labels(page)).toEqual(['a.first thing; or', 'b.second thing having all of the following:', '  1.nested one; and', 'c.nested two.']);
  });

  it('keeps both toolbars in step with the caret (their state is read after each keystroke is painted)', async () => {
    const res = await api(server, ana.cookie, 'POST', '/api/drafts', { title: 'Toolbars', template: 'sample' });
    const page = await open(ana, field(res.body, 'id'));
    await page.locator('.cl-subitem').first().waitFor();
    const nest = page.getByRole('toolbar', { name: 'Control-list structure' }).getByRole('button', { name: /^Nest sub-item/ });
    const bold = page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: /^Bold/ });
    await page.locator('.cl-heading').first().click();
    await expect.poll(() => nest.isDisabled()).toBe(true);
    await page.locator('.cl-subitem .cl-text').first().click();
    await expect.poll(() => nest.isDisabled()).toBe(false);
    await page.keyboard.press('End');
    await page.keyboard.press('Control+b');
    await expect.poll(() => bold.getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.type(' firmly');
    await page.locator('.cl-subitem .cl-text strong', { hasText: 'firmly' }).waitFor();
    await shot(page, 'toolbars-in-bold-sub-item');
    await page.keyboard.press('Control+b');
    await expect.poll(() => bold.getAttribute('aria-pressed')).toBe('false');
    await page.locator('.cl-heading').first().click();
    await expect.poll(() => nest.isDisabled()).toBe(true);
  });

  it('underlines an undefined term in place and in the Problems panel, and clears both once it is defined', async () => {
    const page = await open(ana, await buildDraft(server, ana.cookie, 'Terms'));
    await page.locator('.draft-text').click();
    await page.keyboard.press('Control+Alt+e');
    await page.keyboard.type('4.A.5.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Equipment for "exploit kits".');
    const underline = page.locator('.cl-problem--undefined-term');
    await underline.waitFor();
    expect(await underline.getAttribute('title')).toMatch(/no definition/);
    // The Outline names the entry's problems for a screen reader, in words that agree with the count.
    const entryInOutline = page.locator('nav[aria-label="Outline"] .cl-outline__entry button', { hasText: '4.A.5.' });
    await expect.poll(() => entryInOutline.getAttribute('aria-label')).toBe('4.A.5. Equipment for "exploit kits"., 1 problem');
    await page.keyboard.press('Alt+3');
    const panel = page.locator('#panel-problems');
    await panel.getByText('Undefined term').waitFor();
    await page.locator('.cl-heading').click();
    await page.keyboard.press('Control+Alt+d');
    await page.keyboard.type('Exploit kits');
    await page.keyboard.press('End');
    await page.keyboard.type('tools that package exploits for delivery.');
    await underline.waitFor({ state: 'detached' });
    await expect.poll(() => panel.getByText('Undefined term').count()).toBe(0);
  });

  it('lists the entries a definition edit affects', async () => {
    const res = await api(server, ana.cookie, 'POST', '/api/drafts', { title: 'Sample', template: 'sample' });
    const page = await open(ana, field(res.body, 'id'));
    await page.locator('.cl-definition').first().waitFor();
    await page.keyboard.press('Alt+4');
    const panel = page.locator('#panel-definitions');
    await panel.getByText('“Intrusion software”').waitFor();
    await page.locator('.cl-definition', { hasText: 'Intrusion software' }).locator('.cl-text').first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' or to read data');
    const edited = panel.locator('.cl-panel__edited');
    await edited.waitFor();
    await expect.poll(() => edited.locator('a').allTextContents()).toEqual(['4.A.5.', '4.D.4.', '4.E.1.']);
  });

  it('filters the Outline to the entries the proposal touches, once the draft has a baseline', async () => {
    const res = await api(server, ana.cookie, 'POST', '/api/drafts', { title: 'Touches', template: 'sample' });
    const draftId = field(res.body, 'id');
    const page = await open(ana, draftId);
    await page.locator('.cl-entry').first().waitFor();
    await page.keyboard.press('Alt+5');
    const outline = page.locator('nav[aria-label="Outline"]');
    const toggle = outline.getByLabel('Only entries this proposal touches');
    // No baseline yet: the filter is there but cannot be used, and says why.
    await expect.poll(() => toggle.isDisabled(), SYNCED).toBe(true);
    await outline.getByText('Needs a baseline').waitFor();
    await shot(page, 'outline-no-baseline');

    const saved = await api(server, ana.cookie, 'POST', `/api/drafts/${draftId}/versions`, { name: 'As circulated' });
    expect(saved.status).toBe(201);
    const pinned = await api(server, ana.cookie, 'PATCH', `/api/drafts/${draftId}/versions/${field(saved.body, 'id')}`, { baseline: true });
    expect(pinned.status).toBe(200);
    await expect.poll(() => toggle.isEnabled(), SYNCED).toBe(true);
    await outline.getByText('Compared with the baseline “As circulated”.').waitFor();

    // Amend 4.D.4.'s heading; every other entry still reads as in the baseline.
    await clickAtEnd(page, page.locator('.cl-entry', { has: page.locator('.cl-identifier', { hasText: '4.D.4.' }) }).locator('.cl-heading'));
    await page.keyboard.type(' or to hide from it');
    await toggle.check();
    await expect.poll(() => outline.locator('.cl-outline__id').allTextContents()).toEqual(['4.D.4.']);
    await outline.getByText('1 entry differs from the baseline.').waitFor();
    await shot(page, 'outline-touched');

    // Delete 4.A.5. altogether: select from the end of its group's heading to the end of its own
    // heading, and press Backspace. It stays in the outline where it stood, struck through.
    const gone = page.locator('.cl-entry', { has: page.locator('.cl-identifier', { hasText: '4.A.5.' }) });
    const groupA = page.locator('.cl-group').first();
    const groupTitle = await groupA.textContent();
    await clickAtEnd(page, groupA);
    await clickAtEnd(page, gone.locator('.cl-heading'), 'Shift');
    await page.keyboard.press('Backspace');
    await expect.poll(() => page.locator('.cl-identifier').allTextContents(), SYNCED).toEqual(['4.D.4.', '4.E.1.', '5.A.1.j.']);
    expect(await groupA.textContent()).toBe(groupTitle);
    const deleted = outline.locator('.cl-outline__entry--deleted');
    await expect.poll(() => outline.locator('.cl-outline__id').allTextContents()).toEqual(['4.A.5.', '4.D.4.']);
    await expect.poll(() => deleted.locator('.cl-outline__id').allTextContents()).toEqual(['4.A.5.']);
    await outline.getByText('1 entry differs from the baseline; 1 entry was deleted (struck through below).').waitFor();
    // Struck through, labelled for everyone (screen readers included), and not a way into the text.
    expect(await deleted.locator('del').count()).toBe(1);
    expect(await deleted.getByText('deleted', { exact: true }).isVisible()).toBe(true);
    expect(await deleted.locator('button, a').count()).toBe(0);
    expect(await deleted.locator('.cl-outline__heading').textContent()).toContain('specially designed or modified to create, steer or deliver');
    expect(await deleted.evaluate((li) => getComputedStyle(li.querySelector('del') as Element).textDecorationLine)).toBe('line-through');
    // Its place: first in Category 4, group A, above the entries that follow it in the baseline.
    const order = await outline.locator('.cl-outline__entry').evaluateAll((rows) =>
      rows.map((r) => `${r.classList.contains('cl-outline__entry--deleted') ? '~' : ''}${r.querySelector('.cl-outline__id')?.textContent ?? ''}`),
    );
    expect(order).toEqual(['~4.A.5.', '4.D.4.']);
    await shot(page, 'outline-deleted');

    await toggle.uncheck();
    await expect.poll(() => outline.locator('.cl-outline__id').allTextContents()).toEqual(['4.D.4.', '4.E.1.', '5.A.1.j.']);
    expect(await outline.locator('.cl-outline__entry--deleted').count()).toBe(0);
  });

  it('recognises entries, nested sub-items and notes in pasted HTML lists, taking only their text', async () => {
    const page = await open(ana, await buildDraft(server, ana.cookie, 'Pasted list'));
    await page.locator('.draft-text').click();
    await page.evaluate((html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'the plain text of the same list\nwithout its labels');
      document.querySelector('.draft-text')?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, pastedHtmlList);
    await expect.poll(() => page.locator('.cl-entry > .cl-identifier').allTextContents()).toEqual(['5.A.1.j.']);
    await expect.poll(() => labels(page)).toEqual([
      '1.carrying out all of the following on an IP network:',
      '  a.analysis of traffic at the application layer; and',
      '  b.extraction of chosen metadata and message content; and',
      '2.specially designed to do all of the following:',
      "  a.searching on 'hard selectors'; and",
      '  b.drawing the web of relationships around a person.',
    ]);
    expect(await page.locator('.cl-note .cl-note-caption').allTextContents()).toEqual(['Note:', 'Technical Note:']);
    expect(await page.evaluate(() => (window as unknown as { pasted?: boolean }).pasted)).toBeUndefined();
    await expect.poll(() => page.locator('.cl-problem').count()).toBe(0);
    await shot(page, 'pasted-html-list');
  });

  it('imports the sample .docx from the drafts page into a draft with the expected structure', async () => {
    const p = await loginInNewContext(browser, server, ben.email, ben.password, '/');
    pages.push(p);
    const file = await docxFromText(SAMPLE_PROPOSAL_TEXT);
    const answer = p.page.waitForResponse((r) => r.url().includes('/api/drafts/import'));
    await p.page.getByLabel('Import a file (.docx, .md, .txt) as a new draft').setInputFiles({
      name: 'Sample proposal.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: file,
    });
    expect(ImportDraftResponseSchema.parse(await (await answer).json())).toMatchObject({ entries: 4, definitions: 4 });
    await p.page.locator('.cl-entry').first().waitFor();
    await expect.poll(() => p.page.locator('.cl-entry > .cl-identifier').allTextContents()).toEqual(['4.A.5.', '4.D.4.', '4.E.1.', '5.A.1.j.']);
    expect(await p.page.locator('.cl-definition').count()).toBe(4);
    expect(await p.page.locator('.cl-problem').count()).toBe(0);
    await p.page.locator('.cl-outline__id', { hasText: '5.A.1.j.' }).waitFor();
    expect(p.problems).toEqual([]);
  });

  it('converges to one valid structure when one editor nests a sub-item while another inserts one', async () => {
    const draftId = await buildDraft(server, ana.cookie, 'Concurrent');
    await addMember(server, ana.cookie, draftId, ben.email, 'editor');
    const a = await open(ana, draftId);
    await a.locator('.draft-text').click();
    await a.keyboard.press('Control+Alt+e');
    await a.keyboard.type('4.A.5.');
    await a.keyboard.press('Enter');
    await a.keyboard.type('Items as follows:');
    for (const t of ['alpha;', 'bravo;', 'charlie.']) {
      await a.keyboard.press('Enter');
      await a.keyboard.type(t);
    }
    const b = await open(ben, draftId);
    // Ben's copy arrives over the network after the page renders: on a loaded machine that takes
    // longer than expect.poll's default second, which is what made this test fail now and then.
    await expect.poll(() => labels(b), SYNCED).toEqual(['a.alpha;', 'b.bravo;', 'c.charlie.']);
    await a.locator('.cl-text', { hasText: 'bravo;' }).click();
    await b.locator('.cl-text', { hasText: 'alpha;' }).click();
    await b.keyboard.press('End');
    await Promise.all([a.keyboard.press('Tab'), (async () => {
      await b.keyboard.press('Enter');
      await b.keyboard.type('inserted;');
    })()]);
    // Which edit lands first decides where "inserted;" goes; either way both editors must end
    // with the same tree, holding every item once, labelled by the alternation.
    // Both copies are read at once and the checks run on that one snapshot (reading a again
    // afterwards could catch a relabelling still in flight).
    const both = async () => {
      const [la, lb] = await Promise.all([labels(a), labels(b)]);
      return JSON.stringify(la) === JSON.stringify(lb) ? la : null;
    };
    const seen: { agreed: string[] | null } = { agreed: null };
    await expect.poll(async () => (seen.agreed = await both())?.length ?? 0, SYNCED).toBe(4);
    // Every edit is on the server and back: the agreed tree is the final one.
    await a.getByTestId('connection-status').getByText('Saved').waitFor();
    await b.getByTestId('connection-status').getByText('Saved').waitFor();
    await expect.poll(async () => (seen.agreed = await both()), SYNCED).not.toBeNull();
    const agreed = seen.agreed ?? [];
    expect(agreed.map((l) => l.replace(/^\s*[a-z0-9]+\./, '')).sort()).toEqual(['alpha;', 'bravo;', 'charlie.', 'inserted;']);
    expect(agreed.some((l) => l.startsWith('  '))).toBe(true);
    expect(validLabels(agreed)).toBe(true);
  });
});
