import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReviewStateSchema, type ReviewState } from '../../shared/api/review.ts';
import { addMember, api, buildDraft, buildUser, field, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, readDraftText, typeInto, waitFor, type CollabClient } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { anchorOn, writeParagraphs } from './review-support.ts';

/**
 * Issue 6, rights: raw HTTP and raw y-websocket clients try everything each role must not do; the
 * server refuses, and the draft's text and review records stay as they were.
 */
let server: TestServer;
let coordinator: TestUser;
let editor: TestUser;
let commenter: TestUser;
let viewer: TestUser;
let outsider: TestUser;
let draftId: string;
let coordClient: CollabClient;
const TEXT = 'Category 5 Part 2 covers intrusion software.\nNetwork surveillance systems are controlled.';

async function review(user: TestUser): Promise<ReviewState> {
  const res = await api(server, user.cookie, 'GET', `/api/drafts/${draftId}/review`);
  expect(res.status).toBe(200);
  return ReviewStateSchema.parse(res.body);
}

beforeAll(async () => {
  server = await startServer();
  const admin = await loginAdmin(server);
  const person = (name: string) => buildUser(server, admin, { name, organisation: 'Privacy International' });
  coordinator = await person('Cora Coordinator');
  editor = await person('Eddie Editor');
  commenter = await person('Cam Commenter');
  viewer = await person('Vic Viewer');
  outsider = await person('Otto Outsider');
  draftId = await buildDraft(server, coordinator.cookie);
  await addMember(server, coordinator.cookie, draftId, editor.email, 'editor');
  await addMember(server, coordinator.cookie, draftId, commenter.email, 'commenter');
  await addMember(server, coordinator.cookie, draftId, viewer.email, 'viewer');
  coordClient = await connectSynced(server, coordinator.cookie, draftId, { hello: true });
  writeParagraphs(coordClient.doc, TEXT.split('\n'));
  await waitFor(async () => (await readDraftText(server, viewer.cookie, draftId)) === TEXT, 10_000, 'the seed text on the server');
});

afterAll(async () => {
  coordClient?.destroy();
  await server?.dispose();
});

describe('comments: who may do what', () => {
  it('refuses a viewer’s comment with 403 and stores nothing', async () => {
    const res = await api(server, viewer.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchorOn(coordClient.doc, 'intrusion software'), body: 'Viewers cannot write this' });
    expect(res.status).toBe(403);
    expect((await review(viewer)).threads).toHaveLength(0);
  });

  it('answers 404 to a non-member, exactly as for an unknown draft', async () => {
    const res = await api(server, outsider.cookie, 'GET', `/api/drafts/${draftId}/review`);
    expect(res.status).toBe(404);
    const post = await api(server, outsider.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchorOn(coordClient.doc, 'intrusion'), body: 'x' });
    expect(post.status).toBe(404);
  });

  it('lets only the author edit a comment, the author or a coordinator delete it, and the thread author, editors and coordinators resolve it', async () => {
    const created = await api(server, commenter.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchorOn(coordClient.doc, 'intrusion software'), body: 'Define "intrusion software" here?' });
    expect(created.status).toBe(201);
    const threadId = field(created.body, 'id');
    const reply = await api(server, editor.cookie, 'POST', `/api/drafts/${draftId}/threads/${threadId}/comments`, { body: 'Agreed.' });
    expect(reply.status).toBe(201);
    const [first, second] = (await review(viewer)).threads[0]?.comments ?? [];
    if (!first || !second) throw new Error('expected two comments');

    // Someone else's comment edited: refused, body unchanged.
    const foreignEdit = await api(server, editor.cookie, 'PATCH', `/api/drafts/${draftId}/comments/${first.id}`, { body: 'Rewritten by someone else' });
    expect(foreignEdit.status).toBe(403);
    const coordEdit = await api(server, coordinator.cookie, 'PATCH', `/api/drafts/${draftId}/comments/${first.id}`, { body: 'Rewritten by the coordinator' });
    expect(coordEdit.status).toBe(403);
    expect((await review(viewer)).threads[0]?.comments[0]?.body).toBe('Define "intrusion software" here?');
    const ownEdit = await api(server, commenter.cookie, 'PATCH', `/api/drafts/${draftId}/comments/${first.id}`, { body: 'Define the term here?' });
    expect(ownEdit.status).toBe(200);

    // Deleting: not a viewer, not another commenter's; the coordinator may.
    expect((await api(server, viewer.cookie, 'DELETE', `/api/drafts/${draftId}/comments/${second.id}`)).status).toBe(403);
    expect((await api(server, commenter.cookie, 'DELETE', `/api/drafts/${draftId}/comments/${second.id}`)).status).toBe(403);
    expect((await api(server, coordinator.cookie, 'DELETE', `/api/drafts/${draftId}/comments/${second.id}`)).status).toBe(200);

    // Resolving: a viewer cannot; the commenter who started the thread can, and an editor can reopen.
    expect((await api(server, viewer.cookie, 'PUT', `/api/drafts/${draftId}/threads/${threadId}/status`, { status: 'resolved' })).status).toBe(403);
    expect((await api(server, commenter.cookie, 'PUT', `/api/drafts/${draftId}/threads/${threadId}/status`, { status: 'resolved' })).status).toBe(200);
    expect((await review(viewer)).threads[0]).toMatchObject({ status: 'resolved', comments: [{ body: 'Define the term here?', editedAt: expect.any(String) }] });
    expect((await api(server, editor.cookie, 'PUT', `/api/drafts/${draftId}/threads/${threadId}/status`, { status: 'open' })).status).toBe(200);
    expect((await review(viewer)).threads[0]?.status).toBe('open');
  });

  it('does not let another commenter resolve a thread they did not start', async () => {
    const admin = await loginAdmin(server);
    const other = await buildUser(server, admin, { name: 'Second Commenter' });
    await addMember(server, coordinator.cookie, draftId, other.email, 'commenter');
    const created = await api(server, editor.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchorOn(coordClient.doc, 'Network'), body: 'Editor’s thread' });
    const res = await api(server, other.cookie, 'PUT', `/api/drafts/${draftId}/threads/${field(created.body, 'id')}/status`, { status: 'resolved' });
    expect(res.status).toBe(403);
  });
});

describe('suggestions: the accepted text changes only through a coordinator', () => {
  it('drops a commenter’s direct edit over y-websocket, yet keeps their suggestion beside the text', async () => {
    const raw = await connectSynced(server, commenter.cookie, draftId, { hello: true });
    try {
      typeInto(raw.doc, 'SNEAKY ');
      const res = await api(server, commenter.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, { anchor: anchorOn(coordClient.doc, 'covers'), insertText: 'controls' });
      expect(res.status).toBe(201);
      // The suggestion is listed (the notice travelled), and the accepted text never changed.
      await waitFor(async () => (await review(viewer)).threads.some((t) => t.kind === 'suggestion'), 5000, 'the suggestion');
      expect(await readDraftText(server, viewer.cookie, draftId)).toBe(TEXT);
      expect(coordClient.text()).toBe(TEXT);
    } finally {
      raw.destroy();
    }
  });

  it('refuses a commenter, an editor and the author accepting or rejecting a suggestion, with the text unchanged', async () => {
    const s = (await review(viewer)).threads.find((t) => t.kind === 'suggestion');
    if (!s) throw new Error('no suggestion');
    for (const who of [commenter, editor, viewer]) {
      expect((await api(server, who.cookie, 'POST', `/api/drafts/${draftId}/suggestions/${s.id}/accept`)).status).toBe(403);
      expect((await api(server, who.cookie, 'POST', `/api/drafts/${draftId}/suggestions/${s.id}/reject`)).status).toBe(403);
      expect((await api(server, who.cookie, 'POST', `/api/drafts/${draftId}/suggestions-decide`, { decision: 'accept' })).status).toBe(403);
    }
    // Withdrawing belongs to the author alone; a viewer cannot even suggest.
    expect((await api(server, editor.cookie, 'DELETE', `/api/drafts/${draftId}/suggestions/${s.id}`)).status).toBe(403);
    expect((await api(server, editor.cookie, 'PATCH', `/api/drafts/${draftId}/suggestions/${s.id}`, { insertText: 'hijacked' })).status).toBe(403);
    expect((await api(server, viewer.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, { anchor: anchorOn(coordClient.doc, 'covers'), insertText: 'x' })).status).toBe(403);
    expect(await readDraftText(server, viewer.cookie, draftId)).toBe(TEXT);
    expect((await review(viewer)).threads.find((t) => t.id === s.id)).toMatchObject({ insertText: 'controls', quote: 'covers' });
  });

  it('applies the suggestion as a collaborative edit everyone receives when the coordinator accepts it', async () => {
    const s = (await review(viewer)).threads.find((t) => t.kind === 'suggestion');
    if (!s) throw new Error('no suggestion');
    const res = await api(server, coordinator.cookie, 'POST', `/api/drafts/${draftId}/suggestions/${s.id}/accept`);
    expect(res.status).toBe(200);
    const expected = TEXT.replace('covers', 'controls');
    await waitFor(() => coordClient.text() === expected, 5000, 'the accepted change at the coordinator’s client');
    expect(await readDraftText(server, viewer.cookie, draftId)).toBe(expected);
    expect((await review(viewer)).threads.some((t) => t.id === s.id)).toBe(false);
    // A decided suggestion cannot be decided again.
    expect((await api(server, coordinator.cookie, 'POST', `/api/drafts/${draftId}/suggestions/${s.id}/reject`)).status).toBe(409);
  });

  it('makes editors read-only on the document in the review phase, and only a coordinator can start it', async () => {
    expect((await api(server, editor.cookie, 'PUT', `/api/drafts/${draftId}/review-settings`, { suggestionsOnly: true })).status).toBe(403);
    const editorClient = await connectSynced(server, editor.cookie, draftId, { hello: true });
    try {
      expect(editorClient.welcomes().at(-1)?.readOnly).toBe(false);
      expect((await api(server, coordinator.cookie, 'PUT', `/api/drafts/${draftId}/review-settings`, { suggestionsOnly: true })).status).toBe(200);
      // The editor's connection is closed and reopens read-only.
      await waitFor(() => editorClient.welcomes().length >= 2, 10_000, 'the editor’s reconnection');
      expect(editorClient.welcomes().at(-1)?.readOnly).toBe(true);
      const before = await readDraftText(server, viewer.cookie, draftId);
      typeInto(editorClient.doc, 'EDITOR IN REVIEW ');
      const res = await api(server, editor.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, { anchor: anchorOn(coordClient.doc, 'Network'), insertText: 'Mass ' });
      expect(res.status).toBe(201);
      await waitFor(async () => (await review(viewer)).threads.some((t) => t.kind === 'suggestion' && t.insertText === 'Mass '), 5000, 'the editor’s suggestion');
      expect(await readDraftText(server, viewer.cookie, draftId)).toBe(before);
      expect((await review(viewer)).suggestionsOnly).toBe(true);
    } finally {
      editorClient.destroy();
      await api(server, coordinator.cookie, 'PUT', `/api/drafts/${draftId}/review-settings`, { suggestionsOnly: false });
    }
  });
});
