import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ReviewStateSchema, type Anchor } from '../../shared/api/review.ts';
import { documentSchema } from '../../shared/schema/extensions.ts';
import { api, buildUser, field, loginAdmin, type TestUser } from '../helpers/api.ts';
import { readDraftText, waitFor, type CollabClient } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { anchorOn, pointAt, seededDraft } from './review-support.ts';

/**
 * Issue 6, accept all: hundreds of structural suggestions are applied as one batch (one schema
 * dry run, one change), in document order, and any that cannot apply are reported and stay open.
 * Prints the time "accept all" took for 200 suggested paragraph breaks in a 2,000-paragraph draft,
 * against a baseline measured in the same run: 20 such suggestions accepted one at a time.
 */
let server: TestServer;
let coordinator: TestUser;
let lawyer: TestUser;
let client: CollabClient | undefined;

const PARAGRAPHS = 2000;
const SPLITS = 200;
const BASELINE = 20;
const line = (i: number) => `Paragraph ${i} about intrusion software.`;

beforeAll(async () => {
  server = await startServer();
  const admin = await loginAdmin(server);
  coordinator = await buildUser(server, admin, { name: 'Cora', organisation: 'Access Now' });
  lawyer = await buildUser(server, admin, { name: 'Lee', organisation: 'Privacy International' });
});

afterAll(async () => {
  client?.destroy();
  await server?.dispose();
});

/** A point `offset` characters into the first occurrence of `words`. */
function pointAfter(doc: Y.Doc, words: string, offset: number): Anchor {
  const start = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchorOn(doc, words).start), doc);
  if (!start) throw new Error(`"${words}" does not resolve`);
  const rel = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(start.type, start.index + offset, 0)) as Anchor['start'];
  return { start: rel, end: rel };
}

function blocks(doc: Y.Doc): string[] {
  const node = documentSchema().nodeFromJSON(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment('default')));
  node.check();
  const out: string[] = [];
  node.forEach((b) => out.push(b.textContent));
  return out;
}

describe('accept all, batched', () => {
  it(`applies ${SPLITS} suggested paragraph breaks in one change, reports one that cannot apply, and keeps it open`, async () => {
    const lines = Array.from({ length: PARAGRAPHS }, (_, i) => line(i));
    const seeded = await seededDraft(server, coordinator, [[lawyer, 'commenter']], lines);
    client = seeded.client;
    const { draftId } = seeded;
    const step = Math.floor(PARAGRAPHS / SPLITS);
    for (let i = 0; i < SPLITS; i++) {
      const res = await api(server, lawyer.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, {
        anchor: pointAfter(client.doc, `Paragraph ${i * step} about`, `Paragraph ${i * step}`.length),
        insertText: '\n',
      });
      expect(res.status).toBe(201);
    }
    // One more, a new block in a paragraph the coordinator then deletes: it cannot apply any more.
    const doomed = await api(server, lawyer.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, { anchor: pointAt(client.doc, `Paragraph ${PARAGRAPHS - 1} about`), insertText: 'Gone\n' });
    expect(doomed.status).toBe(201);
    const fragment = client.doc.getXmlFragment('default');
    client.doc.transact(() => fragment.delete(PARAGRAPHS - 1, 1));
    await waitFor(async () => (await readDraftText(server, coordinator.cookie, draftId)).split('\n').length === PARAGRAPHS - 1, 10_000, 'the deletion on the server');

    // Baseline in the same run: the same kind of suggestion accepted one at a time (one dry run and one write each).
    const singles: string[] = [];
    for (let i = 0; i < BASELINE; i++) {
      const res = await api(server, lawyer.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, {
        anchor: pointAfter(client.doc, `Paragraph ${i * step + 5} about`, `Paragraph ${i * step + 5}`.length),
        insertText: '\n',
      });
      singles.push(field(res.body, 'id'));
    }
    const singleStart = performance.now();
    for (const id of singles) expect((await api(server, coordinator.cookie, 'POST', `/api/drafts/${draftId}/suggestions/${id}/accept`)).status).toBe(200);
    const perSingle = (performance.now() - singleStart) / BASELINE;

    // Comments on the words before a split and in a paragraph left alone stay on their words.
    const onSplit = await api(server, coordinator.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchorOn(client.doc, 'Paragraph 10'), body: 'Renumber?' });
    const onUntouched = await api(server, coordinator.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchorOn(client.doc, 'Paragraph 3 about'), body: 'Fine.' });
    expect([onSplit.status, onUntouched.status]).toEqual([201, 201]);

    const started = performance.now();
    const res = await api(server, coordinator.cookie, 'POST', `/api/drafts/${draftId}/suggestions-decide`, { decision: 'accept' });
    const took = performance.now() - started;
    console.info(
      `[bench] accept all of ${SPLITS + 1} suggestions in a ${PARAGRAPHS}-paragraph draft: ${took.toFixed(0)} ms; ` +
        `one at a time (baseline, same run): ${perSingle.toFixed(1)} ms each, ${(perSingle * (SPLITS + 1)).toFixed(0)} ms for as many; ` +
        `ratio ${((perSingle * (SPLITS + 1)) / took).toFixed(1)}x`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ decided: SPLITS, skipped: 1, refused: [{ id: field(doomed.body, 'id'), reason: expect.stringMatching(/no longer in the draft/) as unknown }] });
    const expectedCount = PARAGRAPHS - 1 + SPLITS + BASELINE;
    const synced = client;
    await waitFor(() => blocks(synced.doc).length === expectedCount, 20_000, 'every split at the client');
    const after = blocks(synced.doc);
    expect(after[0]).toBe('Paragraph 0');
    expect(after[1]).toBe(' about intrusion software.');
    expect(after.filter((b) => b === ' about intrusion software.')).toHaveLength(SPLITS + BASELINE);
    expect((await readDraftText(server, coordinator.cookie, draftId)).split('\n')).toEqual(after);
    const open = ReviewStateSchema.parse((await api(server, coordinator.cookie, 'GET', `/api/drafts/${draftId}/review`)).body).threads;
    expect(open.filter((t) => t.kind === 'suggestion').map((t) => t.id)).toEqual([field(doomed.body, 'id')]);
    const comments = open.filter((t) => t.kind === 'comment');
    expect(comments.map((t) => [t.id, t.detached])).toEqual([
      [field(onUntouched.body, 'id'), false],
      [field(onSplit.body, 'id'), false],
    ]);
    const text = after.join('\n');
    expect(comments.map((t) => text.slice(t.order, t.order + t.quote.length))).toEqual(['Paragraph 3 about', 'Paragraph 10']);
  }, 180_000);
});
