import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { ReviewStateSchema, type ReviewState } from '../../shared/api/review.ts';
import { LIMITS } from '../../shared/limits.ts';
import { api, buildUser, field, loginAdmin, type TestUser } from '../helpers/api.ts';
import { readDraftText, waitFor, type CollabClient } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { anchorOn, plainOf, pointAt, seededDraft } from './review-support.ts';

/** Issue 6: anchors follow their words, detach when they are deleted; bad input gets a clear 400; accepting applies structure. */
let server: TestServer;
let coordinator: TestUser;
let drafter: TestUser;
let lawyer: TestUser;
let draftId: string;
let client: CollabClient;
const SEED = ['4.A.5. Systems for monitoring telecommunications.', '4.D.4. Software for intrusion.'];

const state = async (user: TestUser = coordinator): Promise<ReviewState> =>
  ReviewStateSchema.parse((await api(server, user.cookie, 'GET', `/api/drafts/${draftId}/review`)).body);
const serverText = () => readDraftText(server, coordinator.cookie, draftId);

beforeAll(async () => {
  server = await startServer();
  const admin = await loginAdmin(server);
  coordinator = await buildUser(server, admin, { name: 'Cora', organisation: 'Access Now' });
  drafter = await buildUser(server, admin, { name: 'Dana', organisation: 'Amnesty International' });
  lawyer = await buildUser(server, admin, { name: 'Lee', organisation: 'Privacy International' });
});

beforeEach(async () => {
  client?.destroy();
  ({ draftId, client } = await seededDraft(server, coordinator, [[drafter, 'editor'], [lawyer, 'commenter']], SEED));
});

afterAll(async () => {
  client?.destroy();
  await server?.dispose();
});

describe('bad input', () => {
  it('answers 400 with a clear message for an empty, a blank and an over-long body', async () => {
    const anchor = anchorOn(client.doc, 'monitoring');
    for (const body of ['', '   ', 'x'.repeat(LIMITS.reviewTextMax + 1)]) {
      const res = await api(server, lawyer.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor, body });
      expect(res.status).toBe(400);
      expect(field(res.body, 'message')).toMatch(/body (must not be empty|must be at most 5000 characters)/);
    }
    expect((await state()).threads).toHaveLength(0);
  });

  it('answers 400 for a range that no longer exists, and for an anchor naming nothing in the draft', async () => {
    const anchor = anchorOn(client.doc, 'monitoring ');
    const p = client.doc.getXmlFragment('default').get(0) as Y.XmlElement;
    const text = p.get(0) as Y.XmlText;
    text.delete(plainOf(text).indexOf('monitoring '), 'monitoring '.length);
    await waitFor(async () => !(await serverText()).includes('monitoring'), 5000, 'the deletion on the server');
    const gone = await api(server, lawyer.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor, body: 'On deleted words' });
    expect(gone.status).toBe(400);
    expect(field(gone.body, 'message')).toContain('no longer exists');
    const forged = { start: { item: { client: 42, clock: 999_999 } }, end: { item: { client: 42, clock: 1_000_000 } } };
    const res = await api(server, lawyer.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: forged, body: 'Forged' });
    expect(res.status).toBe(400);
    const otherRoot = { start: { tname: 'evil' }, end: { tname: 'evil' } };
    expect((await api(server, lawyer.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: otherRoot, body: 'Other root' })).status).toBe(400);
  });

  it('refuses to mention someone who is not a member of the draft', async () => {
    const admin = await loginAdmin(server);
    const stranger = await buildUser(server, admin);
    const res = await api(server, lawyer.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchorOn(client.doc, 'Software'), body: '@x', mentions: [stranger.id] });
    expect(res.status).toBe(400);
  });
});

describe('anchors', () => {
  it('keeps a thread on its words when text is inserted before it, and detaches it with its quote when they are deleted', async () => {
    const res = await api(server, lawyer.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchorOn(client.doc, 'intrusion'), body: 'Which definition?' });
    expect(res.status).toBe(201);
    const before = (await state()).threads[0];
    const second = client.doc.getXmlFragment('default').get(1) as Y.XmlElement;
    const text = second.get(0) as Y.XmlText;
    text.insert(0, 'NEW: ');
    await waitFor(async () => (await serverText()).includes('NEW: '), 5000, 'the insertion');
    const after = (await state()).threads[0];
    expect(after).toMatchObject({ quote: 'intrusion', detached: false });
    expect((after?.order ?? 0) - (before?.order ?? 0)).toBe('NEW: '.length);

    text.delete(plainOf(text).indexOf('intrusion'), 'intrusion'.length);
    await waitFor(async () => (await state()).threads[0]?.detached === true, 5000, 'the thread to detach');
    expect((await state()).threads[0]).toMatchObject({ quote: 'intrusion', comments: [{ body: 'Which definition?' }] });
  });

  it('lists threads in document order and tells a mentioned member', async () => {
    await api(server, lawyer.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchorOn(client.doc, 'intrusion'), body: 'Second' });
    await api(server, lawyer.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchorOn(client.doc, 'Systems'), body: '@Dana see this', mentions: [drafter.id] });
    const forDrafter = await state(drafter);
    expect(forDrafter.threads.map((t) => t.quote)).toEqual(['Systems', 'intrusion']);
    expect(forDrafter.threads.map((t) => t.mentionsMe)).toEqual([true, false]);
    expect((await state(lawyer)).threads.every((t) => !t.mentionsMe)).toBe(true);
    expect(forDrafter.threads[0]?.author).toMatchObject({ name: 'Lee', organisation: 'Privacy International' });
  });
});

describe('accepting and rejecting', () => {
  it('applies a suggested paragraph break as a new paragraph, and a deletion across the text', async () => {
    const split = await api(server, drafter.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, {
      anchor: pointAt(client.doc, 'Systems for', true),
      insertText: ' (a)\nNew entry:',
    });
    expect(split.status).toBe(201);
    const del = await api(server, lawyer.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, { anchor: anchorOn(client.doc, ' for intrusion'), insertText: '' });
    expect(del.status).toBe(201);
    expect((await state()).threads.map((t) => (t.kind === 'suggestion' ? [t.quote, t.insertText] : []))).toEqual([
      ['', ' (a)\nNew entry:'],
      [' for intrusion', ''],
    ]);
    const res = await api(server, coordinator.cookie, 'POST', `/api/drafts/${draftId}/suggestions-decide`, { decision: 'accept' });
    expect(res.body).toEqual({ decided: 2, skipped: 0, refused: [] });
    const expected = '4.A.5. Systems for (a)\nNew entry: monitoring telecommunications.\n4.D.4. Software.';
    await waitFor(() => client.text() === expected, 5000, 'both accepted changes at the client');
    expect(await serverText()).toBe(expected);
  });

  it('rejects all suggestions of one member and keeps the others', async () => {
    await api(server, drafter.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, { anchor: anchorOn(client.doc, 'Systems'), insertText: 'Tools' });
    await api(server, lawyer.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, { anchor: anchorOn(client.doc, 'Software'), insertText: 'Code' });
    await api(server, lawyer.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, { anchor: pointAt(client.doc, 'intrusion'), insertText: 'network ' });
    const res = await api(server, coordinator.cookie, 'POST', `/api/drafts/${draftId}/suggestions-decide`, { decision: 'reject', authorId: lawyer.id });
    expect(res.body).toEqual({ decided: 2, skipped: 0, refused: [] });
    const left = (await state()).threads;
    expect(left.map((t) => t.author.name)).toEqual(['Dana']);
    expect(await serverText()).toBe(SEED.join('\n'));
  });

  it('lets an author withdraw their own suggestion and extend it while typing', async () => {
    const created = await api(server, lawyer.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, { anchor: pointAt(client.doc, 'Software'), insertText: 'O' });
    const id = field(created.body, 'id');
    expect((await api(server, lawyer.cookie, 'PATCH', `/api/drafts/${draftId}/suggestions/${id}`, { insertText: 'Other ' })).status).toBe(200);
    expect((await state()).threads[0]).toMatchObject({ insertText: 'Other ' });
    expect((await api(server, lawyer.cookie, 'DELETE', `/api/drafts/${draftId}/suggestions/${id}`)).status).toBe(200);
    expect((await state()).threads).toHaveLength(0);
  });
});
