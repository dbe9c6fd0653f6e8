import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, EXPORT_FORMATS, ExportRecordListSchema } from '../../shared/api/index.ts';
import type { ProseMirrorJSON } from '../../shared/schema/canonical-text.ts';
import { contentHash } from '../../shared/schema/canonical-text.ts';
import { documentSchema } from '../../shared/schema/extensions.ts';
import { addMember, api, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, waitFor } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { doc, link, p, RICH_DRAFT, t } from './export-fixtures.ts';

let server: TestServer;
let coordinator: TestUser;
let viewer: TestUser;
let outsider: TestUser;
let draftId: string;

/** Writes content into a draft through a real y-websocket client, as an editor would. */
async function writeContent(cookie: string, id: string, json: ProseMirrorJSON): Promise<void> {
  const client = await connectSynced(server, cookie, id, { hello: true });
  try {
    prosemirrorJSONToYXmlFragment(documentSchema(), json, client.doc.getXmlFragment('default'));
    const clock = client.ownClock();
    await waitFor(() => client.ackedClock() >= clock, 10_000, 'the content to be acknowledged');
  } finally {
    client.destroy();
  }
}

async function download(cookie: string | undefined, id: string, query: string) {
  const res = await fetch(`${server.url}/api/drafts/${id}/export?${query}`, { headers: cookie ? { cookie } : {} });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  server = await startServer();
  const admin = await loginAdmin(server);
  [coordinator, viewer, outsider] = await Promise.all([buildUser(server, admin), buildUser(server, admin), buildUser(server, admin)]);
  draftId = await buildDraft(server, coordinator.cookie, 'Annex I — Category 4 proposals');
  await addMember(server, coordinator.cookie, draftId, viewer.email, 'viewer');
  await writeContent(coordinator.cookie, draftId, RICH_DRAFT);
});

afterAll(async () => {
  await server?.dispose();
});

describe('GET /api/drafts/:id/export', () => {
  it.each([
    ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Annex-I-Category-4-proposals-Live-draft.docx'],
    ['pdf', 'application/pdf', 'Annex-I-Category-4-proposals-Live-draft.pdf'],
    ['html', 'text/html; charset=utf-8', 'Annex-I-Category-4-proposals-Live-draft.html'],
    ['md', 'text/markdown; charset=utf-8', 'Annex-I-Category-4-proposals-Live-draft.md'],
    ['akn', 'application/akn+xml; charset=utf-8', 'Annex-I-Category-4-proposals-Live-draft.akn.xml'],
  ])('sends the live draft as %s with its Content-Type and an attachment named from title and version', async (format, type, name) => {
    const res = await download(coordinator.cookie, draftId, `format=${format}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-disposition')).toContain(`attachment; filename="${name}"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-content-hash')).toBe(await contentHash(RICH_DRAFT));
    expect(res.body.byteLength).toBeGreaterThan(500);
  });

  it('exports what the live document holds (the Markdown has the entry written over the websocket)', async () => {
    const md = (await download(coordinator.cookie, draftId, 'format=md')).body.toString('utf8');
    expect(md).toContain('**4.D.4.** "Software" specially designed');
    expect(md).toContain('**Technical Note:**');
  });

  it('lets a viewer export what they may read', async () => {
    expect((await download(viewer.cookie, draftId, 'format=md')).status).toBe(200);
  });

  it('answers 404 to a non-member and 401 to an anonymous request, revealing nothing', async () => {
    const res = await download(outsider.cookie, draftId, 'format=md');
    expect(res.status).toBe(404);
    expect((await download(undefined, draftId, 'format=md')).status).toBe(401);
  });

  it.each([['format=exe'], [''], ['format=DOCX']])('answers 400 listing every format to %s', async (query) => {
    const res = await download(coordinator.cookie, draftId, query);
    expect(res.status).toBe(400);
    const error = ApiErrorSchema.parse(JSON.parse(res.body.toString('utf8')));
    for (const f of EXPORT_FORMATS) expect(error.message).toContain(f);
  });

  it('answers 404 to an unknown version, as it does to a version of another draft', async () => {
    const otherDraft = await buildDraft(server, coordinator.cookie, 'Another draft');
    for (const query of ['format=docx&version=AAAAAAAAAAAAAAAAAAAAAA', `format=pdf&against=AAAAAAAAAAAAAAAAAAAAAB`, `format=md&version=${otherDraft}`]) {
      expect((await download(coordinator.cookie, draftId, query)).status, query).toBe(404);
    }
  });

  it('answers 400 to a malformed version id, before touching storage', async () => {
    expect((await download(coordinator.cookie, draftId, 'format=docx&version=..%2F..%2Fetc')).status).toBe(400);
  });

  it('answers 409 to a synopsis when the draft has no baseline to compare with', async () => {
    expect((await download(coordinator.cookie, draftId, 'format=synopsis-pdf')).status).toBe(409);
  });

  it('records every export (who, what, when) in the log a coordinator can read, and not a viewer', async () => {
    const before = Date.now();
    await download(viewer.cookie, draftId, 'format=akn');
    const res = await api(server, coordinator.cookie, 'GET', `/api/drafts/${draftId}/exports`);
    expect(res.status).toBe(200);
    const latest = ExportRecordListSchema.parse(res.body).exports[0];
    expect(latest).toMatchObject({ userId: viewer.id, format: 'akn', versionId: null, againstId: null, contentHash: await contentHash(RICH_DRAFT) });
    expect(Date.parse(latest?.at ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect((await api(server, viewer.cookie, 'GET', `/api/drafts/${draftId}/exports`)).status).toBe(403);
  });
});

describe('HTML export with hostile content', () => {
  it('holds no script, no event handler and no unsafe link with payloads in the title, the text, a link and a comment', async () => {
    const hostile = await buildDraft(server, coordinator.cookie, '<script>alert(1)</script><img src=x onerror=alert(2)>');
    await writeContent(
      coordinator.cookie,
      hostile,
      doc(
        p(t('<script>alert(3)</script> and <svg onload=alert(4)>')),
        // Written straight into Yjs, bypassing the editor's link policy.
        p(t('click me', link('javascript:alert(5)')), t(' and '), t('safe', link('https://example.org/'))),
        p(t('<!-- a comment --><iframe srcdoc="<script>alert(6)</script>">')),
      ),
    );
    const res = await download(coordinator.cookie, hostile, 'format=html');
    const html = res.body.toString('utf8');
    expect(res.status).toBe(200);
    expect(html).not.toMatch(/<script|<svg|<img|<iframe|<!-- a comment/i);
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
    expect(html).not.toContain('javascript:');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<a href="https://example.org/"');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; img-src 'none'/);
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="script-alert-1-script-img-src-x-onerror-alert-2-Live-draft\.html"/);
  });
});
