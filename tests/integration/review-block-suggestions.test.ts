import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ReviewStateSchema, type Anchor, type ReviewState } from '../../shared/api/review.ts';
import { api, buildUser, field, loginAdmin, type TestUser } from '../helpers/api.ts';
import { waitFor, type CollabClient } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { pmDoc, pointAt, replaceDraftContent, seededDraft, serverDocText } from './review-support.ts';

/**
 * Issue 6, structural suggestions beyond Enter and joins: a new block (entry, sub-item, note) and
 * a structure change (paragraph ↔ heading, nest / un-nest a sub-item), made by a commenter through
 * raw HTTP, accepted, rejected and withdrawn, checked on a raw y-websocket client's copy against
 * the document schema; what each role may not do, and bad input, refused with clear answers.
 */
let server: TestServer;
let coordinator: TestUser;
let lawyer: TestUser;
let other: TestUser;
let reader: TestUser;
let draftId: string;
let client: CollabClient;

const text = (t: string) => [{ type: 'text', text: t }];
const subItem = (uid: string, line: string, children: unknown[] = []) => ({ type: 'clSubItem', attrs: { uid, label: '' }, content: [{ type: 'clText', content: text(line) }, ...children] });
const ENTRY = {
  type: 'clEntry',
  attrs: { uid: 'e1' },
  content: [
    { type: 'clIdentifier', content: text('4.D.4.') },
    { type: 'clHeading', content: text('Software having any of the following:') },
    subItem('s1', 'first item;'),
    subItem('s2', 'second item'),
  ],
};
const INTRO = { type: 'paragraph', content: text('Intrusion software is controlled.') };
const NEW_ENTRY = {
  type: 'clEntry',
  attrs: { uid: 'copied-uid' },
  content: [
    { type: 'clIdentifier', content: text('4.D.5.') },
    { type: 'clHeading', content: text('Software specially designed for monitoring:') },
    subItem('copied-sub', 'for the above'),
  ],
};

const state = async (): Promise<ReviewState> => ReviewStateSchema.parse((await api(server, coordinator.cookie, 'GET', `/api/drafts/${draftId}/review`)).body);
const suggest = (user: TestUser, body: Record<string, unknown>) => api(server, user.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, body);
const decide = (id: string, decision: 'accept' | 'reject', user: TestUser = coordinator) => api(server, user.cookie, 'POST', `/api/drafts/${draftId}/suggestions/${id}/${decision}`);
const serverContent = () => serverDocText(server, coordinator.cookie, draftId);

/** A point between blocks: before the `index`th child of `parent` (its end when index is its length). */
function gap(parent: Y.XmlFragment | Y.XmlElement, index: number): Anchor {
  const rel = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(parent, index, 0)) as Anchor['start'];
  return { start: rel, end: rel };
}
const top = () => client.doc.getXmlFragment('default');
const entryElement = () => top().get(1) as Y.XmlElement;
/** [type, text] of each child of the entry on the client. */
const entryShape = (index = 1) => pmDoc(client.doc).child(index).content.content.map((n) => [n.type.name, n.textContent]);

beforeAll(async () => {
  server = await startServer();
  const admin = await loginAdmin(server);
  coordinator = await buildUser(server, admin, { name: 'Cora', organisation: 'Access Now' });
  lawyer = await buildUser(server, admin, { name: 'Lee', organisation: 'Privacy International' });
  other = await buildUser(server, admin, { name: 'Oona', organisation: 'Amnesty Tech' });
  reader = await buildUser(server, admin, { name: 'Vic', organisation: 'Access Now' });
});

beforeEach(async () => {
  client?.destroy();
  ({ draftId, client } = await seededDraft(server, coordinator, [[lawyer, 'commenter'], [other, 'commenter'], [reader, 'viewer']], ['seed']));
  await replaceDraftContent(server, coordinator.cookie, draftId, client, [INTRO, ENTRY], 'second item');
});

afterAll(async () => {
  client?.destroy();
  await server?.dispose();
});

describe('a suggested new block', () => {
  it('accepts a commenter’s new entry with its sub-item after the entry, with fresh ids; the accepted text is unchanged until then', async () => {
    const before = await serverContent();
    const made = await suggest(lawyer, { anchor: gap(top(), 2), change: { type: 'insertBlock', content: [NEW_ENTRY] } });
    expect(made.status).toBe(201);
    expect(await serverContent()).toBe(before);
    const [listed] = (await state()).threads.filter((t) => t.kind === 'suggestion');
    expect(listed).toMatchObject({ author: { name: 'Lee' }, quote: '', detached: false, change: { type: 'insertBlock' } });

    expect((await decide(field(made.body, 'id'), 'accept')).status).toBe(200);
    await waitFor(() => pmDoc(client.doc).childCount === 3, 5000, 'the new entry at the client');
    expect(entryShape(2)).toEqual([
      ['clIdentifier', '4.D.5.'],
      ['clHeading', 'Software specially designed for monitoring:'],
      ['clSubItem', 'for the above'],
    ]);
    const added = pmDoc(client.doc).child(2);
    expect(added.attrs.uid).not.toBe('copied-uid');
    expect(added.child(2).attrs.uid).not.toBe('copied-sub');
    expect(await serverContent()).toBe(pmDoc(client.doc).textContent);
    expect((await state()).threads).toHaveLength(0);
  });

  it('accepts a new sub-item between two and a Note at the end of the entry, in one accept all', async () => {
    const item = await suggest(lawyer, { anchor: gap(entryElement(), 3), change: { type: 'insertBlock', content: [subItem('x', 'in between')] } });
    const note = await suggest(lawyer, {
      anchor: gap(entryElement(), 4),
      change: { type: 'insertBlock', content: [{ type: 'clNote', attrs: { uid: 'n', kind: 'note', number: null }, content: [{ type: 'clText', content: text('Not for cryptography.') }] }] },
    });
    expect([item.status, note.status]).toEqual([201, 201]);
    const res = await api(server, coordinator.cookie, 'POST', `/api/drafts/${draftId}/suggestions-decide`, { decision: 'accept' });
    expect(res.body).toEqual({ decided: 2, skipped: 0, refused: [] });
    await waitFor(() => entryShape().length === 6, 5000, 'both at the client');
    expect(entryShape()).toEqual([
      ['clIdentifier', '4.D.4.'],
      ['clHeading', 'Software having any of the following:'],
      ['clSubItem', 'first item;'],
      ['clSubItem', 'in between'],
      ['clSubItem', 'second item'],
      ['clNote', 'Not for cryptography.'],
    ]);
  });

  it('is rejected by a coordinator or withdrawn by its author, leaving the text as it was; its author can change its content while typing', async () => {
    const before = await serverContent();
    const a = await suggest(lawyer, { anchor: gap(top(), 2), change: { type: 'insertBlock', content: [NEW_ENTRY] } });
    const b = await suggest(lawyer, { anchor: gap(entryElement(), 4), change: { type: 'insertBlock', content: [subItem('y', 'draft')] } });
    const grown = { type: 'insertBlock', content: [subItem('y', 'draft, now longer')] };
    expect((await api(server, other.cookie, 'PATCH', `/api/drafts/${draftId}/suggestions/${field(b.body, 'id')}`, { change: grown })).status).toBe(403);
    expect((await api(server, lawyer.cookie, 'PATCH', `/api/drafts/${draftId}/suggestions/${field(b.body, 'id')}`, { change: grown })).status).toBe(200);
    expect((await state()).threads.find((t) => t.id === field(b.body, 'id'))).toMatchObject({ change: { content: [{ content: [{ content: [{ text: 'draft, now longer' }] }] }] } });

    expect((await decide(field(a.body, 'id'), 'reject')).status).toBe(200);
    expect((await api(server, other.cookie, 'DELETE', `/api/drafts/${draftId}/suggestions/${field(b.body, 'id')}`)).status).toBe(403);
    expect((await api(server, lawyer.cookie, 'DELETE', `/api/drafts/${draftId}/suggestions/${field(b.body, 'id')}`)).status).toBe(200);
    expect((await state()).threads).toHaveLength(0);
    expect(await serverContent()).toBe(before);
  });

  it('refuses the wrong roles: a viewer cannot suggest a block, a commenter cannot accept one', async () => {
    expect((await suggest(reader, { anchor: gap(top(), 2), change: { type: 'insertBlock', content: [NEW_ENTRY] } })).status).toBe(403);
    const made = await suggest(lawyer, { anchor: gap(top(), 2), change: { type: 'insertBlock', content: [NEW_ENTRY] } });
    const refused = await decide(field(made.body, 'id'), 'accept', lawyer);
    expect(refused.status).toBe(403);
    expect(field(refused.body, 'message')).toMatch(/Only a coordinator/);
    expect(pmDoc(client.doc).childCount).toBe(2);
  });

  it('answers 400 saying why for blocks that do not fit, a point inside text, a selection, unknown blocks and a change to a join', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ anchor: gap(top(), 2), change: { type: 'insertBlock', content: [subItem('z', 'alone')] } }, /cannot go at this place in the structure/],
      [{ anchor: gap(top(), 2), change: { type: 'insertBlock', content: [{ type: 'clEntry', attrs: { uid: 'q' }, content: [{ type: 'clHeading', content: text('no identifier') }] }] } }, /not made of the draft's blocks/],
      [{ anchor: pointAt(client.doc, 'software is'), change: { type: 'insertBlock', content: [NEW_ENTRY] } }, /goes between blocks, not inside a line of text/],
      [{ anchor: { start: pointAt(client.doc, 'Intrusion').start, end: pointAt(client.doc, 'software').start }, change: { type: 'insertBlock', content: [NEW_ENTRY] } }, /at a point between blocks, not on a selection/],
      [{ anchor: gap(top(), 2), change: { type: 'insertBlock', content: [{ type: 'paragraph', content: text('plain') }] } }, /each block must be one of clEntry/],
      [{ anchor: gap(top(), 2), change: { type: 'insertBlock', content: [] } }, /must hold a block/],
      [{ anchor: gap(top(), 2), change: { type: 'insertBlock', content: [{ type: 'clEntry', content: [{ type: 'clIdentifier', text: 'x'.repeat(25_000) }] }] } }, /at most 20000 characters/],
    ];
    for (const [body, message] of cases) {
      const res = await suggest(lawyer, body);
      expect(res.status, JSON.stringify(body).slice(0, 120)).toBe(400);
      expect(field(res.body, 'message') + JSON.stringify(res.body)).toMatch(message);
    }
    const join = await suggest(lawyer, { anchor: pointAt(client.doc, 'first item'), change: { type: 'join' } });
    const patched = await api(server, lawyer.cookie, 'PATCH', `/api/drafts/${draftId}/suggestions/${field(join.body, 'id')}`, { change: { type: 'insertBlock', content: [NEW_ENTRY] } });
    expect(patched.status).toBe(400);
    expect(field(patched.body, 'message')).toMatch(/only be changed by sending its new content/);
    expect(pmDoc(client.doc).childCount).toBe(2);
  });
});

describe('a suggested structure change', () => {
  it('makes a paragraph a Heading 2 and nests the second sub-item under the first on accept', async () => {
    const heading = await suggest(lawyer, { anchor: pointAt(client.doc, 'software is'), change: { type: 'structure', action: 'heading2' } });
    const nest = await suggest(lawyer, { anchor: pointAt(client.doc, 'second item'), change: { type: 'structure', action: 'nest' } });
    expect([heading.status, nest.status]).toEqual([201, 201]);
    expect((await state()).threads.map((t) => (t.kind === 'suggestion' ? t.change : undefined))).toEqual([
      { type: 'structure', action: 'heading2' },
      { type: 'structure', action: 'nest' },
    ]);
    expect((await decide(field(heading.body, 'id'), 'accept')).status).toBe(200);
    expect((await decide(field(nest.body, 'id'), 'accept')).status).toBe(200);
    await waitFor(() => pmDoc(client.doc).child(1).childCount === 3, 5000, 'the nesting at the client');
    const doc = pmDoc(client.doc);
    expect([doc.child(0).type.name, doc.child(0).attrs.level]).toEqual(['heading', 2]);
    const first = doc.child(1).child(2);
    expect(first.content.content.map((n) => [n.type.name, n.textContent])).toEqual([
      ['clText', 'first item;'],
      ['clSubItem', 'second item'],
    ]);
    expect(await serverContent()).toBe(doc.textContent);
  });

  it('un-nests a nested sub-item, and a rejected heading change leaves the paragraph as it was', async () => {
    const nested = { ...ENTRY, content: [...ENTRY.content.slice(0, 2), subItem('s1', 'first item;', [subItem('s2', 'second item')])] };
    await replaceDraftContent(server, coordinator.cookie, draftId, client, [INTRO, nested], 'second item');
    const unnest = await suggest(lawyer, { anchor: pointAt(client.doc, 'second item'), change: { type: 'structure', action: 'unnest' } });
    const heading = await suggest(lawyer, { anchor: pointAt(client.doc, 'Intrusion'), change: { type: 'structure', action: 'heading1' } });
    expect((await decide(field(heading.body, 'id'), 'reject')).status).toBe(200);
    expect((await decide(field(unnest.body, 'id'), 'accept')).status).toBe(200);
    await waitFor(() => entryShape().length === 4, 5000, 'the un-nesting at the client');
    expect(entryShape().slice(2)).toEqual([
      ['clSubItem', 'first item;'],
      ['clSubItem', 'second item'],
    ]);
    expect(pmDoc(client.doc).child(0).type.name).toBe('paragraph');
  });

  it('answers 400 saying why for a change that has no effect or does not fit, and refuses a commenter’s accept', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ anchor: pointAt(client.doc, 'Intrusion'), change: { type: 'structure', action: 'paragraph' } }, /already is of this type/],
      [{ anchor: pointAt(client.doc, 'first item'), change: { type: 'structure', action: 'nest' } }, /no sub-item before this one/],
      [{ anchor: pointAt(client.doc, 'first item'), change: { type: 'structure', action: 'unnest' } }, /already at the top level/],
      [{ anchor: pointAt(client.doc, 'Intrusion'), change: { type: 'structure', action: 'nest' } }, /Only a sub-item can be nested/],
      [{ anchor: pointAt(client.doc, '4.D.4.'), change: { type: 'structure', action: 'heading1' } }, /Only a paragraph or a heading/],
      [{ anchor: pointAt(client.doc, 'Intrusion'), change: { type: 'structure', action: 'heading9' } }, /must be one of paragraph, heading1/],
      [{ anchor: { start: pointAt(client.doc, 'Intrusion').start, end: pointAt(client.doc, 'software').start }, change: { type: 'structure', action: 'heading1' } }, /with the caret in the block, not on a selection/],
    ];
    for (const [body, message] of cases) {
      const res = await suggest(lawyer, body);
      expect(res.status, JSON.stringify(body.change)).toBe(400);
      expect(field(res.body, 'message') + JSON.stringify(res.body)).toMatch(message);
    }
    const made = await suggest(lawyer, { anchor: pointAt(client.doc, 'Intrusion'), change: { type: 'structure', action: 'heading1' } });
    expect((await decide(field(made.body, 'id'), 'accept', lawyer)).status).toBe(403);
    expect((await suggest(reader, { anchor: pointAt(client.doc, 'Intrusion'), change: { type: 'structure', action: 'heading1' } })).status).toBe(403);
    expect(pmDoc(client.doc).child(0).type.name).toBe('paragraph');
  });
});
