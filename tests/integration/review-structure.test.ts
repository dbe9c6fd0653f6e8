import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ReviewStateSchema, type Anchor, type ReviewState } from '../../shared/api/review.ts';
import { LIMITS } from '../../shared/limits.ts';
import { api, buildUser, field, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, readDraftText, waitFor, type CollabClient } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { anchorOn, pmDoc, pointAt, replaceDraftContent, seededDraft, serverDocText } from './review-support.ts';

/**
 * Issue 6, structural and format suggestions: Enter (a "\n" in a suggestion), a join of two blocks
 * and formatting, accepted and rejected through raw HTTP, checked on a raw y-websocket client's
 * copy of the draft against the document schema; and what the server refuses.
 */
let server: TestServer;
let coordinator: TestUser;
let lawyer: TestUser;
let draftId: string;
let client: CollabClient;
const SEED = ['Intrusion software is controlled.', 'Exports need a licence.'];
const ENTRY = {
  type: 'clEntry',
  attrs: { uid: 'e1' },
  content: [
    { type: 'clIdentifier', content: [{ type: 'text', text: '4.A.5.' }] },
    { type: 'clHeading', content: [{ type: 'text', text: 'Systems having any of the following:' }] },
    { type: 'clSubItem', attrs: { uid: 's1', label: 'a' }, content: [{ type: 'clText', content: [{ type: 'text', text: 'Monitoring; and interception' }] }] },
  ],
};

const state = async (): Promise<ReviewState> => ReviewStateSchema.parse((await api(server, coordinator.cookie, 'GET', `/api/drafts/${draftId}/review`)).body);
const serverText = () => readDraftText(server, coordinator.cookie, draftId);
const suggest = (user: TestUser, body: Record<string, unknown>) => api(server, user.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, body);
const decide = (id: string, decision: 'accept' | 'reject', user: TestUser = coordinator) =>
  api(server, user.cookie, 'POST', `/api/drafts/${draftId}/suggestions/${id}/${decision}`);

const serverContent = () => serverDocText(server, coordinator.cookie, draftId);
const replaceContent = (content: unknown[], lastWords: string) => replaceDraftContent(server, coordinator.cookie, draftId, client, content, lastWords);

/** The marks on each run of text of one textblock, e.g. [['Intrusion ', []], ['software', ['bold']]]. */
function runs(doc: Y.Doc, block: number): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = [];
  pmDoc(doc).child(block).forEach((n) => out.push([n.text ?? '', n.marks.map((m) => m.type.name)]));
  return out;
}

/** A point at the very start of the `index`th top-level block's text. */
function startOfBlock(doc: Y.Doc, index: number): Anchor {
  const block = doc.getXmlFragment('default').get(index) as Y.XmlElement;
  const text = block.get(0) as Y.XmlText;
  const rel = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 0, 0)) as Anchor['start'];
  return { start: rel, end: rel };
}

beforeAll(async () => {
  server = await startServer();
  const admin = await loginAdmin(server);
  coordinator = await buildUser(server, admin, { name: 'Cora', organisation: 'Access Now' });
  lawyer = await buildUser(server, admin, { name: 'Lee', organisation: 'Privacy International' });
});

beforeEach(async () => {
  client?.destroy();
  ({ draftId, client } = await seededDraft(server, coordinator, [[lawyer, 'commenter']], SEED));
});

afterAll(async () => {
  client?.destroy();
  await server?.dispose();
});

describe('a new paragraph and a join', () => {
  it('accepts a commenter’s Enter as a new paragraph and a join of two paragraphs, attributed and live', async () => {
    const split = await suggest(lawyer, { anchor: pointAt(client.doc, ' is controlled'), insertText: '\n' });
    expect(split.status).toBe(201);
    const join = await suggest(lawyer, { anchor: startOfBlock(client.doc, 1), change: { type: 'join' } });
    expect(join.status).toBe(201);
    const listed = (await state()).threads;
    expect(listed.map((t) => (t.kind === 'suggestion' ? [t.insertText, t.change?.type ?? 'text'] : []))).toEqual([
      ['\n', 'text'],
      ['', 'join'],
    ]);
    expect((await decide(field(split.body, 'id'), 'accept')).status).toBe(200);
    await waitFor(() => client.text() === 'Intrusion software\n is controlled.\nExports need a licence.', 5000, 'the split');
    expect((await decide(field(join.body, 'id'), 'accept')).status).toBe(200);
    const expected = 'Intrusion software\n is controlled.Exports need a licence.';
    await waitFor(() => client.text() === expected, 5000, 'the join at the client');
    expect(await serverText()).toBe(expected);
    expect(pmDoc(client.doc).childCount).toBe(2);
    expect((await state()).threads).toHaveLength(0);
  });

  it('accepts a deletion across a paragraph break as one joined paragraph', async () => {
    const from = anchorOn(client.doc, ' is controlled.');
    const to = anchorOn(client.doc, 'Exports need');
    const del = await suggest(lawyer, { anchor: { start: from.start, end: to.end }, insertText: '' });
    expect(del.status).toBe(201);
    expect((await state()).threads[0]).toMatchObject({ quote: ' is controlled.\nExports need' });
    expect((await decide(field(del.body, 'id'), 'accept')).status).toBe(200);
    await waitFor(() => client.text() === 'Intrusion software a licence.', 5000, 'the joined paragraph');
    expect(pmDoc(client.doc).childCount).toBe(1);
  });

  it('rejecting a join or a new paragraph leaves the text as it was', async () => {
    const join = await suggest(lawyer, { anchor: startOfBlock(client.doc, 1), change: { type: 'join' } });
    const split = await suggest(lawyer, { anchor: pointAt(client.doc, 'Exports'), insertText: 'New text\n' });
    expect((await decide(field(join.body, 'id'), 'reject')).status).toBe(200);
    expect((await decide(field(split.body, 'id'), 'reject')).status).toBe(200);
    expect(await serverText()).toBe(SEED.join('\n'));
    expect((await state()).threads).toHaveLength(0);
  });

  it('follows the control-list structure: Enter in a sub-item starts the next sub-item, in the heading the first one', async () => {
    await replaceContent([ENTRY], 'interception');
    const inItem = await suggest(lawyer, { anchor: pointAt(client.doc, ' interception'), insertText: '\n' });
    expect(inItem.status).toBe(201);
    const inHeading = await suggest(lawyer, { anchor: pointAt(client.doc, 'following:', true), insertText: '\nAll systems' });
    expect(inHeading.status).toBe(201);
    const inIdentifier = await suggest(lawyer, { anchor: pointAt(client.doc, 'A.5.'), insertText: '\n' });
    expect(inIdentifier.status).toBe(400);
    expect(field(inIdentifier.body, 'message')).toMatch(/cannot be made here: A new block cannot start here/);

    expect((await api(server, coordinator.cookie, 'POST', `/api/drafts/${draftId}/suggestions-decide`, { decision: 'accept' })).body).toEqual({ decided: 2, skipped: 0, refused: [] });
    await waitFor(() => pmDoc(client.doc).textContent.includes('All systems'), 5000, 'both accepted at the client');
    expect(await serverContent()).toBe(pmDoc(client.doc).textContent);
    const doc = pmDoc(client.doc);
    const unit = doc.child(0);
    expect(unit.content.content.map((n) => [n.type.name, n.textContent])).toEqual([
      ['clIdentifier', '4.A.5.'],
      ['clHeading', 'Systems having any of the following:'],
      ['clSubItem', 'All systems'],
      ['clSubItem', 'Monitoring; and'],
      ['clSubItem', ' interception'],
    ]);
    const uids = unit.content.content.filter((n) => n.type.name === 'clSubItem').map((n) => n.attrs.uid as unknown);
    expect(new Set(uids).size).toBe(3);
  });

  it('splits a list item into two and joins a sub-item back to the one before it', async () => {
    const para = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
    const item = (uid: string, label: string, text: string) => ({ type: 'clSubItem', attrs: { uid, label }, content: [{ type: 'clText', content: [{ type: 'text', text }] }] });
    await replaceContent(
      [
        { type: 'bulletList', content: [{ type: 'listItem', content: [para('alpha beta')] }] },
        {
          type: 'clEntry',
          attrs: { uid: 'e1' },
          content: [
            { type: 'clIdentifier', content: [{ type: 'text', text: '5.A.1.' }] },
            { type: 'clHeading', content: [{ type: 'text', text: 'Equipment:' }] },
            item('s1', 'a', 'first;'),
            item('s2', 'b', ' second'),
          ],
        },
      ],
      'second',
    );
    const split = await suggest(lawyer, { anchor: pointAt(client.doc, 'beta'), insertText: '\n' });
    const secondItem = anchorOn(client.doc, ' second');
    const join = await suggest(lawyer, { anchor: { start: secondItem.start, end: secondItem.start }, change: { type: 'join' } });
    const intoIdentifier = await suggest(lawyer, { anchor: pointAt(client.doc, 'Equipment'), change: { type: 'join' } });
    expect([split.status, join.status, intoIdentifier.status]).toEqual([201, 201, 400]);
    await decide(field(split.body, 'id'), 'accept');
    await decide(field(join.body, 'id'), 'accept');
    await waitFor(() => pmDoc(client.doc).child(1).childCount === 3, 5000, 'the join at the client');
    const doc = pmDoc(client.doc);
    expect(doc.child(0).content.content.map((li) => [li.type.name, li.textContent])).toEqual([
      ['listItem', 'alpha '],
      ['listItem', 'beta'],
    ]);
    expect(doc.child(1).content.content.map((n) => [n.type.name, n.textContent])).toEqual([
      ['clIdentifier', '5.A.1.'],
      ['clHeading', 'Equipment:'],
      ['clSubItem', 'first; second'],
    ]);
  });
});

describe('formatting', () => {
  it('accepts a bold and rejects an italic: only the accepted mark reaches the text; a comment on the words stays attached', async () => {
    const comment = await api(server, coordinator.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchorOn(client.doc, 'Intrusion software'), body: 'Check' });
    expect(comment.status).toBe(201);
    const bold = await suggest(lawyer, { anchor: anchorOn(client.doc, 'software'), change: { type: 'format', mark: 'bold', action: 'add' } });
    expect(bold.status).toBe(201);
    const italic = await suggest(lawyer, { anchor: anchorOn(client.doc, 'licence'), change: { type: 'format', mark: 'italic', action: 'add' } });
    expect(italic.status).toBe(201);
    const listed = (await state()).threads.filter((t) => t.kind === 'suggestion');
    expect(listed.map((t) => [t.quote, t.kind === 'suggestion' ? t.change : undefined])).toEqual([
      ['software', { type: 'format', mark: 'bold', action: 'add' }],
      ['licence', { type: 'format', mark: 'italic', action: 'add' }],
    ]);
    expect((await decide(field(bold.body, 'id'), 'accept')).status).toBe(200);
    expect((await decide(field(italic.body, 'id'), 'reject')).status).toBe(200);
    await waitFor(() => runs(client.doc, 0).length > 1, 5000, 'the bold at the client');
    expect(runs(client.doc, 0)).toEqual([
      ['Intrusion ', []],
      ['software', ['bold']],
      [' is controlled.', []],
    ]);
    expect(runs(client.doc, 1)).toEqual([['Exports need a licence.', []]]);
    expect(await serverText()).toBe(SEED.join('\n'));
    const thread = (await state()).threads.find((t) => t.kind === 'comment');
    expect(thread).toMatchObject({ quote: 'Intrusion software', detached: false });
  });

  it('removes a mark, and adds a link with a safe address', async () => {
    const boldAll = await suggest(lawyer, { anchor: anchorOn(client.doc, 'Exports need'), change: { type: 'format', mark: 'bold', action: 'add' } });
    await decide(field(boldAll.body, 'id'), 'accept');
    await waitFor(() => runs(client.doc, 1).length === 2, 5000, 'bold');
    const unbold = await suggest(lawyer, { anchor: anchorOn(client.doc, 'Exports'), change: { type: 'format', mark: 'bold', action: 'remove' } });
    const link = await suggest(lawyer, { anchor: anchorOn(client.doc, 'licence'), change: { type: 'format', mark: 'link', action: 'add', href: 'https://example.org/licence' } });
    expect([unbold.status, link.status]).toEqual([201, 201]);
    await decide(field(unbold.body, 'id'), 'accept');
    await decide(field(link.body, 'id'), 'accept');
    await waitFor(() => runs(client.doc, 1).some(([, m]) => m.includes('link')), 5000, 'the link');
    expect(runs(client.doc, 1)).toEqual([
      ['Exports', []],
      [' need', ['bold']],
      [' a ', []],
      ['licence', ['link']],
      ['.', []],
    ]);
    const href: unknown = pmDoc(client.doc).child(1).child(3).marks[0]?.attrs.href;
    expect(href).toBe('https://example.org/licence');
  });
});

describe('refused', () => {
  it('answers 400 with a clear message for an unknown mark, an unsafe link, an empty range and text with a change', async () => {
    const range = anchorOn(client.doc, 'software');
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ anchor: range, change: { type: 'format', mark: 'code', action: 'add' } }, /mark must be one of bold, italic, underline, strike, link/],
      [{ anchor: range, change: { type: 'format', mark: 'link', action: 'add', href: 'javascript:alert(1)' } }, /href a link needs an http, https or mailto address/],
      [{ anchor: range, change: { type: 'format', mark: 'bold', action: 'add', href: 'https://x.org' } }, /only a link has an address/],
      [{ anchor: pointAt(client.doc, 'software'), change: { type: 'format', mark: 'bold', action: 'add' } }, /empty or no longer exists/],
      [{ anchor: range, insertText: 'x', change: { type: 'join' } }, /must be empty for a format, join, block or structure suggestion/],
      [{ anchor: range, change: { type: 'join' } }, /at the start of a block, not on a selection/],
      [{ anchor: startOfBlock(client.doc, 0), change: { type: 'join' } }, /no block before this one/],
      [{ anchor: range, change: { type: 'format', mark: 'bold', action: 'remove' } }, /already there/],
      [{ anchor: pointAt(client.doc, 'software'), insertText: `\n${'x'.repeat(LIMITS.reviewTextMax)}` }, /must be at most 5000 characters/],
    ];
    for (const [body, message] of cases) {
      const res = await suggest(lawyer, body);
      expect(res.status, JSON.stringify(body.change ?? body.insertText)).toBe(400);
      expect(field(res.body, 'message')).toMatch(message);
    }
    expect((await state()).threads).toHaveLength(0);
  });

  it('answers 400 for a join whose block is gone, 409 on accepting one whose block was deleted since, and refuses a commenter’s accept', async () => {
    const anchor = startOfBlock(client.doc, 1);
    const join = await suggest(lawyer, { anchor, change: { type: 'join' } });
    expect(join.status).toBe(201);
    expect((await decide(field(join.body, 'id'), 'accept', lawyer)).status).toBe(403);
    const fragment = client.doc.getXmlFragment('default');
    client.doc.transact(() => fragment.delete(1, 1));
    await waitFor(async () => (await serverText()) === SEED[0], 5000, 'the deletion on the server');
    const stale = await suggest(lawyer, { anchor, change: { type: 'join' } });
    expect(stale.status).toBe(400);
    expect(field(stale.body, 'message')).toMatch(/no longer in the draft/);
    const accept = await decide(field(join.body, 'id'), 'accept');
    expect(accept.status).toBe(409);
    expect(field(accept.body, 'message')).toMatch(/Reject it instead/);
    expect(await serverText()).toBe(SEED[0]);
  });

  it('refuses extending a suggestion in an identifier with a new block (400), and keeps it as it was', async () => {
    await replaceContent([ENTRY], 'interception');
    const created = await suggest(lawyer, { anchor: pointAt(client.doc, 'A.5.'), insertText: 'x' });
    expect(created.status).toBe(201);
    const id = field(created.body, 'id');
    const patch = (insertText: string) => api(server, lawyer.cookie, 'PATCH', `/api/drafts/${draftId}/suggestions/${id}`, { insertText });
    const refused = await patch('x\n');
    expect(refused.status).toBe(400);
    expect(field(refused.body, 'message')).toMatch(/A new block cannot start here/);
    expect((await patch('xy')).status).toBe(200);
    expect((await state()).threads[0]).toMatchObject({ insertText: 'xy' });
  });

  it('drops a commenter’s own formatting sent over y-websocket: the accepted text keeps no mark', async () => {
    const own = await connectSynced(server, lawyer.cookie, draftId, { hello: true });
    try {
      const text = (own.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
      own.doc.transact(() => text.format(0, 9, { bold: {} }));
      const bold = await suggest(lawyer, { anchor: anchorOn(client.doc, 'licence'), change: { type: 'format', mark: 'bold', action: 'add' } });
      expect(bold.status).toBe(201);
      await waitFor(async () => (await state()).threads.length === 1, 5000, 'the suggestion');
      const fresh = await connectSynced(server, coordinator.cookie, draftId);
      try {
        expect(runs(fresh.doc, 0)).toEqual([['Intrusion software is controlled.', []]]);
        expect(runs(fresh.doc, 1)).toEqual([['Exports need a licence.', []]]);
      } finally {
        fresh.destroy();
      }
    } finally {
      own.destroy();
    }
  });
});
