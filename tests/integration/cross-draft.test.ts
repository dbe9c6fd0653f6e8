import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReviewStateSchema } from '../../shared/api/review.ts';
import { addMember, api, buildDraft, buildUser, field, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, readDraftText, waitFor } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { anchorOn, pointAt, writeParagraphs } from './review-support.ts';

/**
 * security.md, "cross-draft id substitution": a coordinator of their own draft names records of a
 * draft they are not in (threads, comments, suggestions) under their own draft's URL. Every such
 * request is answered 404, as for an unknown id, and the other draft's text and records stay as
 * they were. (Versions and exports have the same check in versions.test.ts and export-api.test.ts.)
 */
let server: TestServer;
let owner: TestUser;
let intruder: TestUser;
let commenter: TestUser;
let victimDraft: string;
let ownDraft: string;
let threadId: string;
let commentId: string;
let suggestionId: string;
const TEXT = 'Category 5 Part 2 covers intrusion software.';

beforeAll(async () => {
  server = await startServer();
  const admin = await loginAdmin(server);
  owner = await buildUser(server, admin, { name: 'Owner' });
  commenter = await buildUser(server, admin, { name: 'Commenter' });
  intruder = await buildUser(server, admin, { name: 'Intruder' });
  victimDraft = await buildDraft(server, owner.cookie, 'Victim draft');
  await addMember(server, owner.cookie, victimDraft, commenter.email, 'commenter');
  ownDraft = await buildDraft(server, intruder.cookie, 'Intruder’s own draft');
  const writer = await connectSynced(server, owner.cookie, victimDraft);
  writeParagraphs(writer.doc, [TEXT]);
  await waitFor(async () => (await readDraftText(server, owner.cookie, victimDraft)) === TEXT, 10_000, 'the text on the server');
  const anchor = anchorOn(writer.doc, 'intrusion software');
  const point = pointAt(writer.doc, 'software');
  writer.destroy();
  threadId = field((await api(server, commenter.cookie, 'POST', `/api/drafts/${victimDraft}/threads`, { anchor, body: 'Which definition?' })).body, 'id');
  suggestionId = field((await api(server, commenter.cookie, 'POST', `/api/drafts/${victimDraft}/suggestions`, { anchor: point, insertText: 'hostile ' })).body, 'id');
  commentId = (await victimReview()).threads.find((t) => t.id === threadId)?.comments[0]?.id ?? '';
  expect(commentId).not.toBe('');
});
afterAll(async () => {
  await server?.dispose();
});

async function victimReview() {
  return ReviewStateSchema.parse((await api(server, owner.cookie, 'GET', `/api/drafts/${victimDraft}/review`)).body);
}

describe('another draft’s review records named under one’s own draft', () => {
  it.each([
    ['reply to its thread', 'POST', (id: string) => `/threads/${id}/comments`, () => threadId, { body: 'Injected reply' }],
    ['resolve its thread', 'PUT', (id: string) => `/threads/${id}/status`, () => threadId, { status: 'resolved' }],
    ['edit its comment', 'PATCH', (id: string) => `/comments/${id}`, () => commentId, { body: 'Rewritten' }],
    ['delete its comment', 'DELETE', (id: string) => `/comments/${id}`, () => commentId, undefined],
    ['change its suggestion', 'PATCH', (id: string) => `/suggestions/${id}`, () => suggestionId, { insertText: 'rewritten ' }],
    ['withdraw its suggestion', 'DELETE', (id: string) => `/suggestions/${id}`, () => suggestionId, undefined],
    ['accept its suggestion', 'POST', (id: string) => `/suggestions/${id}/accept`, () => suggestionId, undefined],
    ['reject its suggestion', 'POST', (id: string) => `/suggestions/${id}/reject`, () => suggestionId, undefined],
  ] as const)('cannot %s: 404, as for an unknown id', async (_what, method, pathFor, theirId, body) => {
    const substituted = await api(server, intruder.cookie, method, `/api/drafts/${ownDraft}${pathFor(theirId())}`, body);
    const unknown = await api(server, intruder.cookie, method, `/api/drafts/${ownDraft}${pathFor('AAAAAAAAAAAAAAAAAAAAAA')}`, body);
    expect(substituted.status).toBe(404);
    expect(substituted.body).toEqual(unknown.body);
  });

  it('left the other draft’s text and records as they were', async () => {
    expect(await readDraftText(server, owner.cookie, victimDraft)).toBe(TEXT);
    const state = await victimReview();
    const thread = state.threads.find((t) => t.id === threadId);
    expect(thread?.status).toBe('open');
    expect(thread?.comments.map((c) => c.body)).toEqual(['Which definition?']);
    expect(state.threads.find((t) => t.id === suggestionId)?.status).toBe('open');
    // Deciding "all" in one's own draft touches only one's own draft.
    expect((await api(server, intruder.cookie, 'POST', `/api/drafts/${ownDraft}/suggestions-decide`, { decision: 'accept' })).status).toBe(200);
    expect(await readDraftText(server, owner.cookie, victimDraft)).toBe(TEXT);
    expect((await victimReview()).threads.find((t) => t.id === suggestionId)?.status).toBe('open');
  });
});
