import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPageSchema, type AuditEntry } from '../../shared/api/audit.ts';
import { ReviewStateSchema } from '../../shared/api/review.ts';
import { addMember, api, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, readDraftText, waitFor, type CollabClient } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { anchorOn, writeParagraphs } from './review-support.ts';

/** Issue 5 §8: exports, accepts and rejects are in the draft's audit log with who and from where. */
describe('the audit log records exports and suggestion decisions', () => {
  let server: TestServer;
  let coordinator: TestUser;
  let commenter: TestUser;
  let draftId: string;
  let client: CollabClient;

  beforeAll(async () => {
    server = await startServer();
    const admin = await loginAdmin(server);
    coordinator = await buildUser(server, admin, { name: 'Cora Coordinator' });
    commenter = await buildUser(server, admin, { name: 'Cam Commenter' });
    draftId = await buildDraft(server, coordinator.cookie, 'Audited draft');
    await addMember(server, coordinator.cookie, draftId, commenter.email, 'commenter');
    client = await connectSynced(server, coordinator.cookie, draftId, { hello: true });
    writeParagraphs(client.doc, ['The entry covers intrusion software and network surveillance.']);
    await waitFor(async () => (await readDraftText(server, commenter.cookie, draftId)).includes('covers'), 10_000, 'seed text');
  });
  afterAll(async () => {
    client?.destroy();
    await server?.dispose();
  });

  async function actions(): Promise<AuditEntry[]> {
    const res = await api(server, coordinator.cookie, 'GET', `/api/drafts/${draftId}/audit`);
    expect(res.status).toBe(200);
    return AuditPageSchema.parse(res.body).entries;
  }

  it('records an export with its format and content hash', async () => {
    expect((await api(server, coordinator.cookie, 'GET', `/api/drafts/${draftId}/export?format=md`)).status).toBe(200);
    const entry = (await actions()).find((e) => e.action === 'export');
    expect(entry?.actor?.id).toBe(coordinator.id);
    expect(entry?.detail.format).toBe('md');
    expect(String(entry?.detail.contentHash)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records an accepted and a rejected suggestion, each by the coordinator who decided', async () => {
    for (const insertText of ['controls', 'restricts']) {
      const res = await api(server, commenter.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, { anchor: anchorOn(client.doc, 'covers'), insertText });
      expect(res.status).toBe(201);
    }
    const state = ReviewStateSchema.parse((await api(server, coordinator.cookie, 'GET', `/api/drafts/${draftId}/review`)).body);
    const [first, second] = state.threads.filter((t) => t.kind === 'suggestion');
    if (!first || !second) throw new Error('suggestions missing');
    expect((await api(server, coordinator.cookie, 'POST', `/api/drafts/${draftId}/suggestions/${first.id}/accept`)).status).toBe(200);
    expect((await api(server, coordinator.cookie, 'POST', `/api/drafts/${draftId}/suggestions/${second.id}/reject`)).status).toBe(200);
    const log = await actions();
    expect(log.find((e) => e.action === 'suggestion.accepted')?.detail.suggestionId).toBe(first.id);
    expect(log.find((e) => e.action === 'suggestion.rejected')?.detail.suggestionId).toBe(second.id);
    for (const e of log.filter((x) => x.action.startsWith('suggestion.'))) expect(e.actor?.id).toBe(coordinator.id);
  });
});
