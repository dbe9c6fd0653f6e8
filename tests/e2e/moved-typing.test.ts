import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentSchema } from '../../shared/schema/extensions.ts';
import { addMember, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, readDraftText, waitFor } from '../helpers/collab-client.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { installNetworkSwitch, launchBrowser, loginInNewContext, startAppServer, type NetworkSwitch, type UserPage } from './support/browser.ts';
import { moveBlock, placeCaret, textblocks } from './support/editor-probe.ts';

/**
 * Ana drags entry 5.A.1.j. below 5.A.1.k. while Ben types "not " inside it, in both orders (the
 * one whose edit goes second is cut off from the server while making it, so the orders are certain).
 * Ben's word ends up in the moved entry, on both pages and on a page opened afterwards.
 */
describe('typing inside an entry that a colleague moves at the same time', () => {
  let server: TestServer;
  let browser: Browser;
  let coordinator: TestUser;
  let ana: TestUser;
  let ben: TestUser;

  const entry = (uid: string, id: string, heading: string, items: string[]) => ({
    type: 'clEntry',
    attrs: { uid },
    content: [
      { type: 'clIdentifier', content: [{ type: 'text', text: id }] },
      { type: 'clHeading', content: [{ type: 'text', text: heading }] },
      ...items.map((text, i) => ({ type: 'clSubItem', attrs: { uid: `${uid}-${i}`, label: String.fromCharCode(97 + i) }, content: [{ type: 'clText', content: [{ type: 'text', text }] }] })),
    ],
  });
  const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
  const CONTENT = [
    paragraph('Proposal to amend Category 5, Part 2.'),
    entry('j', '5.A.1.j.', 'IP network communications surveillance systems, having all of the following:', ['Capture of traffic at carrier scale;', 'Indexing of extracted metadata.']),
    entry('k', '5.A.1.k.', 'Lawful interception equipment designed for telecommunications operators.', ['Mediation devices;']),
    paragraph('Rationale: the order follows the control text.'),
  ];

  beforeAll(async () => {
    server = await startAppServer({ env: { MESSAGES_PER_SECOND: '100000' } });
    browser = await launchBrowser();
    const admin = await loginAdmin(server);
    coordinator = await buildUser(server, admin, { name: 'Cora Coordinator' });
    ana = await buildUser(server, admin, { name: 'Ana Mover' });
    ben = await buildUser(server, admin, { name: 'Ben Typist' });
  });

  /** Servers stopped for a restart, disposed (with their data) at the end. */
  const stopped: TestServer[] = [];

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    for (const s of stopped) await s.dispose();
  });

  /** A fresh draft with the two entries, and Ana's and Ben's pages on it, each with a network switch. */
  async function openDraft(): Promise<{ draftId: string; a: UserPage; b: UserPage; aNet: NetworkSwitch; bNet: NetworkSwitch }> {
    const draftId = await buildDraft(server, coordinator.cookie, 'Moved while typing');
    await addMember(server, coordinator.cookie, draftId, ana.email, 'editor');
    await addMember(server, coordinator.cookie, draftId, ben.email, 'editor');
    const seeder = await connectSynced(server, coordinator.cookie, draftId, { hello: true });
    seeder.doc.transact(() => prosemirrorJSONToYXmlFragment(documentSchema(), { type: 'doc', content: CONTENT }, seeder.doc.getXmlFragment('default')));
    await waitFor(async () => (await readDraftText(server, coordinator.cookie, draftId)).includes('Rationale'), 10_000, 'the seeded draft');
    seeder.destroy();
    let aNet: NetworkSwitch | undefined;
    let bNet: NetworkSwitch | undefined;
    const a = await loginInNewContext(browser, server, ana.email, ana.password, `/drafts/${draftId}`, async (c) => void (aNet = await installNetworkSwitch(c)));
    const b = await loginInNewContext(browser, server, ben.email, ben.password, `/drafts/${draftId}`, async (c) => void (bNet = await installNetworkSwitch(c)));
    for (const p of [a.page, b.page]) await p.locator('.draft-text', { hasText: 'Rationale' }).waitFor();
    if (!aNet || !bNet) throw new Error('network switches not installed');
    return { draftId, a, b, aNet, bNet };
  }

  /** Ben types "not " before "communications" in entry 5.A.1.j.'s heading. */
  async function typeInsideJ(b: Page): Promise<void> {
    const heading = (await textblocks(b)).find((block) => block.text.startsWith('IP network'));
    if (!heading) throw new Error('no heading of 5.A.1.j.');
    await placeCaret(b, heading.pos + heading.text.indexOf('communications'));
    await b.keyboard.type('not ');
  }

  /** The texts of each top-level block's textblocks, as a page shows them. */
  const entries = async (p: Page) => {
    const blocks = await textblocks(p);
    const byTop = new Map<number, string[]>();
    for (const block of blocks) byTop.set(block.top, [...(byTop.get(block.top) ?? []), block.text]);
    return [...byTop.values()].map((texts) => texts.join(' | '));
  };
  const EXPECTED = [
    'Proposal to amend Category 5, Part 2.',
    '5.A.1.k. | Lawful interception equipment designed for telecommunications operators. | Mediation devices;',
    '5.A.1.j. | IP network not communications surveillance systems, having all of the following: | Capture of traffic at carrier scale; | Indexing of extracted metadata.',
    'Rationale: the order follows the control text.',
  ];

  async function expectEverywhere(draftId: string, pages: Page[]): Promise<void> {
    for (const p of pages) await expect.poll(() => entries(p), { timeout: 10_000 }).toEqual(EXPECTED);
    const fresh = await loginInNewContext(browser, server, coordinator.email, coordinator.password, `/drafts/${draftId}`);
    await fresh.page.locator('.draft-text', { hasText: 'Rationale' }).waitFor();
    expect(await entries(fresh.page)).toEqual(EXPECTED);
    expect(fresh.problems).toEqual([]);
    await fresh.context.close();
  }

  it('the move reaches the server first: the typing that follows lands in the moved entry', async () => {
    const { draftId, a, b, bNet } = await openDraft();
    await bNet.cutCollaboration();
    await typeInsideJ(b.page);
    await moveBlock(a.page, 1, 3);
    await a.page.getByTestId('connection-status').getByText('Saved').waitFor();
    await bNet.goOnline();
    await b.page.getByTestId('connection-status').getByText('Saved').waitFor({ timeout: 15_000 });
    await expectEverywhere(draftId, [a.page, b.page]);
    expect([...a.problems, ...b.problems]).toEqual([]);
    await Promise.all([a.context.close(), b.context.close()]);
  });

  it('the server restarted after the move, before the typing reached it: the typing still lands in the moved entry', async () => {
    const { draftId, a, b, bNet } = await openDraft();
    await bNet.cutCollaboration();
    await typeInsideJ(b.page);
    await moveBlock(a.page, 1, 3);
    await a.page.getByTestId('connection-status').getByText('Saved').waitFor();
    await a.context.close();
    // The server no longer remembers the move: only the document it loads again.
    const first = server;
    await first.stop();
    stopped.push(first);
    server = await startAppServer({ dataDir: first.dataDir, port: first.port, env: { MESSAGES_PER_SECOND: '100000' } });
    await bNet.goOnline();
    await b.page.getByTestId('connection-status').getByText('Saved').waitFor({ timeout: 15_000 });
    await expectEverywhere(draftId, [b.page]);
    expect(b.problems).toEqual([]);
    await b.context.close();
  });

  it('the typing reaches the server first: the move that had not seen it keeps it', async () => {
    const { draftId, a, b, aNet } = await openDraft();
    await aNet.cutCollaboration();
    await typeInsideJ(b.page);
    await b.page.getByTestId('connection-status').getByText('Saved').waitFor();
    await moveBlock(a.page, 1, 3);
    await aNet.goOnline();
    await a.page.getByTestId('connection-status').getByText('Saved').waitFor({ timeout: 15_000 });
    await expectEverywhere(draftId, [a.page, b.page]);
    expect([...a.problems, ...b.problems]).toEqual([]);
    await Promise.all([a.context.close(), b.context.close()]);
  });
});
