import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import mammoth from 'mammoth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ProseMirrorJSON } from '../../shared/schema/canonical-text.ts';
import { CL } from '../../shared/schema/control-list/index.ts';
import { documentSchema } from '../../shared/schema/extensions.ts';
import { api, buildDraft, buildUser, field, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, waitFor, type CollabClient } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { anchorOn } from '../integration/review-support.ts';
import { launchBrowser } from './support/browser.ts';

/**
 * [X1, issue 5 item 11] Script payloads in the draft title, the text (an entry's identifier and
 * heading, a definition, a paragraph), a javascript: link, a comment, and a member's name and
 * organisation (which a redline carries as the author of a change) go through every export format:
 *   - HTML (draft and redline) opened in Chromium as a file;
 *   - Akoma Ntoso opened in Chromium as an XML document;
 *   - DOCX (draft, redline, synopsis) rendered to HTML by mammoth and opened in Chromium;
 *   - PDF (draft, redline, synopsis): no JavaScript, no automatic action, no javascript: URI in
 *     its objects, and the payloads in its text;
 *   - Markdown: escaped, so a Markdown renderer shows the payload as text.
 * Nothing runs (each payload would set window.__xss or open a dialog) and the payloads read as text.
 */
const payload = (where: string): string => `${where} <img src=x onerror="__xss='${where}'"><script>__xss='${where}'</script><svg onload=alert(1)>`;
const JS_URL = "javascript:window.__xss='link'";
const SAFE_URL = 'https://example.org/safe';
const TITLE = payload('title');
const NAME = payload('name');
const ORG = payload('org');
const COMMENT = payload('comment');

const run = promisify(execFile);
const text = (s: string, marks?: ProseMirrorJSON['marks']): ProseMirrorJSON => ({ type: 'text', text: s, ...(marks ? { marks } : {}) });
const node = (type: string, ...content: ProseMirrorJSON[]): ProseMirrorJSON => ({ type, content });

const CONTENT: ProseMirrorJSON = node(
  'doc',
  node('paragraph', text(payload('text')), text(' '), text('click me', [{ type: 'link', attrs: { href: JS_URL } }]), text(' and '), text('a safe link', [{ type: 'link', attrs: { href: SAFE_URL } }])),
  node(CL.category, text(payload('category'))),
  node(CL.entry, node(CL.identifier, text('4.D.4.')), node(CL.heading, text(payload('heading'))), { type: CL.subItem, attrs: { label: 'a' }, content: [node(CL.text, text(payload('subitem')))] }),
  node('heading', text('Rationale')),
  node('paragraph', text(payload('rationale'))),
  node(CL.definitions, text('Definitions')),
  node(CL.definition, node(CL.text, text(`"Intrusion software" (4) means ${payload('definition')}`))),
);

let server: TestServer;
let browser: Browser;
let mallory: TestUser;
let draftId: string;
let dir: string;
const clients: CollabClient[] = [];

/** Downloads an export as Mallory (the draft's coordinator); `against=baseline` makes the redline against the baseline. */
async function download(query: string): Promise<Buffer> {
  const res = await fetch(`${server.url}/api/drafts/${draftId}/export?${query}`, { headers: { cookie: mallory.cookie } });
  expect(res.status, `${query}: ${res.status}`).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

async function save(name: string, body: Buffer | string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, body);
  return file;
}

/** Opens a page, lets `load` put a document in it, and asserts nothing ran or opened a dialog. */
async function openInert(load: (page: Page) => Promise<unknown>): Promise<Page> {
  const page = await browser.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await load(page);
  // Give an onerror / onload handler the chance it would have had.
  await page.waitForLoadState('load');
  await page.waitForTimeout(200);
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss ?? null)).toBeNull();
  expect(dialogs).toEqual([]);
  return page;
}

/** What a rendered HTML page must not hold: any of these would be a payload turned into markup. */
async function expectNoActiveMarkup(page: Page): Promise<void> {
  expect(await page.locator('script, svg, img, iframe, object, embed, [onerror], [onload], [onclick]').count()).toBe(0);
  const hrefs = await page.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  for (const href of hrefs) expect(href).not.toMatch(/^\s*javascript:/i);
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plenary-export-xss-'));
  server = await startServer();
  browser = await launchBrowser();
  const admin = await loginAdmin(server);
  mallory = await buildUser(server, admin, { name: NAME, organisation: ORG });
  draftId = await buildDraft(server, mallory.cookie, TITLE);

  // The content goes straight into Yjs, as a hostile client could write it (no editor checks).
  const writer = await connectSynced(server, mallory.cookie, draftId, { hello: true });
  clients.push(writer);
  prosemirrorJSONToYXmlFragment(documentSchema(), CONTENT, writer.doc.getXmlFragment('default'));
  let clock = writer.ownClock();
  await waitFor(() => writer.ackedClock() >= clock, 30_000, 'the content to be stored');

  // A baseline, then a change by Mallory, so redlines carry her name and organisation as author.
  const version = await api(server, mallory.cookie, 'POST', `/api/drafts/${draftId}/versions`, { name: payload('version') });
  expect(version.status, JSON.stringify(version.body)).toBe(201);
  expect((await api(server, mallory.cookie, 'PATCH', `/api/drafts/${draftId}/versions/${field(version.body, 'id')}`, { baseline: true })).status).toBe(200);
  writer.doc.transact(() => {
    const entry = writer.doc.getXmlFragment('default').toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === CL.entry);
    const heading = entry instanceof Y.XmlElement ? entry.get(1) : undefined;
    const headingText = heading instanceof Y.XmlElement ? heading.get(0) : undefined;
    if (!(headingText instanceof Y.XmlText)) throw new Error('no entry heading');
    headingText.insert(0, `${payload('insertion')} `);
  });
  clock = writer.ownClock();
  await waitFor(() => writer.ackedClock() >= clock, 30_000, 'the change to be stored');

  const thread = await api(server, mallory.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchorOn(writer.doc, 'click me'), body: COMMENT });
  expect(thread.status, JSON.stringify(thread.body)).toBe(201);
}, 180_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await browser?.close();
  await server?.dispose();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('[X1] script payloads through every export format', () => {
  it.each([
    ['the draft', 'format=html'],
    ['the redline (author names and organisations)', 'format=html&against=baseline'],
  ])('HTML export of %s opened in Chromium: nothing runs, payloads read as text', async (label, query) => {
    const body = await download(query);
    const file = await save(`export-${label.length}.html`, body);
    const page = await openInert((p) => p.goto(`file://${file}`));
    await expectNoActiveMarkup(page);
    const shown = await page.locator('body').innerText();
    expect(await page.locator('h1').innerText()).toBe(TITLE);
    for (const where of ['text', 'heading', 'subitem', 'definition', 'category']) expect(shown).toContain(payload(where));
    if (query.includes('against')) {
      expect(shown).toContain(payload('insertion'));
      expect(shown).toContain(NAME);
      expect(shown).toContain(ORG);
    }
    expect(shown).not.toContain(COMMENT);
    await page.close();
  });

  it('Akoma Ntoso opened in Chromium as an XML document: no element outside the AKN vocabulary, payloads are text', async () => {
    const file = await save('export.akn.xml', await download('format=akn&against=baseline'));
    const page = await openInert((p) => p.goto(`file://${file}`));
    // Chromium shows an XML file without a stylesheet as a tree of its elements and text; whatever
    // it builds, nothing from the file may become script, an image or an event handler.
    const shown = await page.evaluate(() => {
      const all = [...document.getElementsByTagNameNS('*', '*')];
      return {
        active: all.filter((e) => ['script', 'img', 'svg', 'iframe', 'object', 'embed'].includes(e.localName) && (e.textContent ?? '').includes('__xss')).length,
        handlers: all.filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name) && a.value.includes('__xss'))).length,
        text: document.documentElement.textContent ?? '',
      };
    });
    expect(shown.active).toBe(0);
    expect(shown.handlers).toBe(0);
    for (const where of ['title', 'text', 'heading', 'insertion', 'definition']) expect(shown.text).toContain(payload(where));
    expect(shown.text).not.toContain(COMMENT);
    // Parsed as XML (as a legislative system reads it): the AKN vocabulary only, payloads as text.
    const parsed = await page.evaluate((source) => {
      const xml = new DOMParser().parseFromString(source, 'application/xml');
      const all = [...xml.getElementsByTagNameNS('*', '*')];
      return {
        root: xml.documentElement.namespaceURI,
        foreign: all.filter((e) => !['http://docs.oasis-open.org/legaldocml/ns/akn/3.0', 'urn:plenary:export'].includes(e.namespaceURI ?? '')).map((e) => `${e.namespaceURI} ${e.localName}`),
      };
    }, await fs.readFile(file, 'utf8'));
    expect(parsed.root).toBe('http://docs.oasis-open.org/legaldocml/ns/akn/3.0');
    expect(parsed.foreign).toEqual([]);
    // The change's author is an attribute value (ins title), escaped, not markup.
    expect(await fs.readFile(file, 'utf8')).toContain(`title="${NAME.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')} (`);
    await page.close();
  });

  it.each([
    ['the draft', 'format=docx'],
    ['the redline', 'format=docx&against=baseline'],
    ['the synopsis', 'format=synopsis-docx'],
  ])('DOCX of %s rendered by mammoth and opened in Chromium: nothing runs, payloads are text', async (_label, query) => {
    const body = await download(query);
    const { value: html } = await mammoth.convertToHtml({ buffer: body });
    // No CSP here on purpose: the page runs whatever mammoth's HTML holds, so escaping alone must hold.
    const page = await openInert((p) => p.setContent(`<!doctype html><meta charset="utf-8"><body>${html}</body>`));
    await expectNoActiveMarkup(page);
    const shown = await page.locator('body').innerText();
    expect(shown).toContain(payload('heading'));
    expect(shown).not.toContain(COMMENT);
    if (!query.includes('synopsis')) expect(shown).toContain(TITLE);
    // Word's own attributes (revision authors, properties) are escaped XML, never raw markup.
    const file = await save('export.docx', body);
    for (const part of ['word/document.xml', 'docProps/core.xml']) {
      const xml = (await run('unzip', ['-p', file, part])).stdout;
      expect(xml, part).not.toMatch(/<(?:script|img|svg)\b/i);
      if (query.includes('against') && part === 'word/document.xml') expect(xml).toMatch(/w:author="name &lt;img src=x onerror=&quot;[^"<>]*&lt;\/script&gt;[^"<>]*\(org &lt;img /);
    }
    await page.close();
  });

  it.each([
    ['the draft', 'format=pdf'],
    ['the redline', 'format=pdf&against=baseline'],
    ['the synopsis', 'format=synopsis-pdf'],
  ])('PDF of %s holds no JavaScript, automatic action or javascript: URI, and the payloads as text', async (_label, query) => {
    const body = await download(query);
    const raw = body.toString('latin1');
    // Object dictionaries are not compressed (PDFKit writes no object streams); check that first.
    expect(raw).not.toMatch(/\/ObjStm/);
    for (const key of ['/JavaScript', '/JS', '/OpenAction', '/AA', '/Launch', '/SubmitForm', '/ImportData', '/RichMedia', '/EmbeddedFile']) {
      expect(raw, key).not.toMatch(new RegExp(`${key.replace('/', '\\/')}\\b`));
    }
    const uris = pdfUris(raw);
    for (const uri of uris) expect(uri).toMatch(/^(?:https?:|mailto:)/i);
    // The safe link survives as a URI action (so the check above reads the real ones).
    if (query === 'format=pdf') expect(uris).toContain(SAFE_URL);
    const file = await save('export.pdf', body);
    // Long unbroken payloads wrap anywhere, so text is compared without whitespace.
    const compact = (s: string): string => s.replace(/\s+/g, '');
    const shown = compact((await run('pdftotext', [file, '-'])).stdout);
    expect(shown).toContain(compact(payload('heading')));
    expect(shown).not.toContain(compact(COMMENT));
    if (query.includes('against')) {
      // The change summary's "By" column (x 339–449 pt on its A4 page), read on its own.
      const byColumn = (await run('pdftotext', ['-f', '2', '-l', '2', '-x', '339', '-y', '0', '-W', '110', '-H', '842', file, '-'])).stdout;
      expect(compact(byColumn)).toContain(compact(NAME));
      expect(compact(byColumn)).toContain(compact(ORG));
    }
  });

  it('Markdown escapes every payload, so a renderer shows it as text', async () => {
    const md = (await download('format=md')).toString('utf8');
    expect(md).not.toMatch(/<(?:script|img|svg)\b/i);
    expect(md).not.toMatch(/\]\(<?\s*javascript:/i);
    expect(md).toContain('&lt;script&gt;');
  });
});

/** Every /URI value in the PDF, literal `(…)` or hex `<…>` strings decoded. */
function pdfUris(raw: string): string[] {
  return [...raw.matchAll(/\/URI\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)/g)].map((m) => {
    const value = m[1] ?? '';
    if (value.startsWith('(')) return value.slice(1, -1).replace(/\\(.)/g, '$1');
    const hex = value.slice(1, -1).replace(/\s/g, '');
    const bytes = Buffer.from(hex, 'hex');
    return bytes[0] === 0xfe && bytes[1] === 0xff ? bytes.subarray(2).swap16().toString('utf16le') : bytes.toString('latin1');
  });
}
