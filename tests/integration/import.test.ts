import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, DraftListSchema, DraftSummarySchema, ImportDraftResponseSchema } from '../../shared/api/index.ts';
import { fromProseMirror } from '../../shared/domain/from-prosemirror.ts';
import { runChecks } from '../../shared/domain/index.ts';
import { documentSchema } from '../../shared/schema/extensions.ts';
import { SAMPLE_PROPOSAL_TEXT } from '../../shared/templates/index.ts';
import { api, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { docxFromText } from './import-docx.ts';

const LIMIT = 64 * 1024;
let server: TestServer;
let user: TestUser;

beforeAll(async () => {
  server = await startServer({ env: { IMPORT_MAX_BYTES: String(LIMIT) } });
  user = await buildUser(server, await loginAdmin(server));
});

afterAll(async () => {
  await server?.dispose();
});

async function upload(filename: string, body: Uint8Array | string, opts: { origin?: string | null; cookie?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  const origin = opts.origin === undefined ? server.origin : opts.origin;
  if (origin !== null) headers.origin = origin;
  const cookie = opts.cookie === undefined ? user.cookie : opts.cookie;
  if (cookie !== '') headers.cookie = cookie;
  const res = await fetch(`${server.url}/api/drafts/import?filename=${encodeURIComponent(filename)}`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]) });
  return { status: res.status, body: (await res.json()) as unknown };
}

/** The draft's document as the server stores it, read through a real y-websocket client. */
async function documentOf(draftId: string) {
  const client = await connectSynced(server, user.cookie, draftId);
  try {
    return documentSchema().nodeFromJSON(yXmlFragmentToProsemirrorJSON(client.doc.getXmlFragment('default')));
  } finally {
    client.destroy();
  }
}

async function draftCount(): Promise<number> {
  return DraftListSchema.parse((await api(server, user.cookie, 'GET', '/api/drafts')).body).drafts.length;
}

describe('POST /api/drafts/import', () => {
  it('turns the sample .docx into a new draft with its categories, entries, notes and definitions', async () => {
    const res = await upload('Surveillance proposal.docx', await docxFromText(SAMPLE_PROPOSAL_TEXT));
    expect(res.status).toBe(201);
    const answer = ImportDraftResponseSchema.parse(res.body);
    expect(answer).toMatchObject({ entries: 4, definitions: 4, draft: { title: 'Surveillance proposal', role: 'coordinator' } });
    const node = await documentOf(answer.draft.id);
    const { doc } = fromProseMirror(node);
    expect(doc.categories.map((c) => [c.number, c.groups.map((g) => g.entries.map((e) => e.identifier.text))])).toEqual([
      ['4', [['4.A.5.'], ['4.D.4.'], ['4.E.1.']]],
      ['5', [['5.A.1.j.']]],
    ]);
    const e41 = doc.categories[0]?.groups[2]?.entries[0];
    expect(e41?.notes.map((n) => [n.kind, n.number])).toEqual([['note', 1], ['note', 2], ['technicalNote', 1], ['technicalNote', 2]]);
    expect(runChecks(doc)).toEqual([]);
    expect(node.firstChild?.type.name).toBe('heading');
  });

  it('imports a .md file and keeps its Markdown headings as headings', async () => {
    const res = await upload('proposal.md', SAMPLE_PROPOSAL_TEXT);
    expect(res.status).toBe(201);
    const node = await documentOf(ImportDraftResponseSchema.parse(res.body).draft.id);
    const headings: string[] = [];
    node.forEach((n) => void (n.type.name === 'heading' && headings.push(n.textContent)));
    expect(headings).toEqual(['Coalition proposal: narrowing the surveillance-technology entries', 'Rationale']);
  });

  it.each([
    ['a corrupt .docx', 'broken.docx', new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3, 4, 5, 6]), /could not be read as a Word document/],
    ['a text file named .docx', 'fake.docx', 'Category 4\n4.A.5. Systems', /is not a Word document/],
    ['an empty file', 'empty.txt', '', /is empty/],
    ['text with no recognisable structure', 'letter.txt', 'Dear colleagues,\nplease find our comments below.\n', /No control-list structure/],
    ['an unsupported type', 'slides.pptx', 'x', /imports \.docx, \.md and \.txt/],
    ['invalid UTF-8', 'latin1.txt', new Uint8Array([0x34, 0x2e, 0x41, 0x2e, 0x35, 0x2e, 0x20, 0xe9, 0xff]), /not UTF-8/],
  ])('answers 400 with a clear message and creates no draft for %s', async (_what, filename, body, message) => {
    const before = await draftCount();
    const res = await upload(filename, body);
    expect(res.status).toBe(400);
    expect(ApiErrorSchema.parse(res.body).message).toMatch(message);
    expect(await draftCount()).toBe(before);
  });

  it('answers 413 for a file over IMPORT_MAX_BYTES, creates no draft and keeps serving', async () => {
    const before = await draftCount();
    const res = await upload('huge.txt', '4.A.5. Systems\n'.repeat(Math.ceil((LIMIT * 2) / 15)));
    expect(res.status).toBe(413);
    expect(ApiErrorSchema.parse(res.body).error).toBe('too_large');
    expect(await draftCount()).toBe(before);
    expect((await api(server, undefined, 'GET', '/api/health')).status).toBe(200);
  });

  it('refuses anonymous and cross-site uploads', async () => {
    expect((await upload('a.txt', '4.A.5. X', { cookie: '' })).status).toBe(401);
    expect((await upload('a.txt', '4.A.5. X', { origin: 'https://evil.example' })).status).toBe(403);
  });
});

describe('POST /api/drafts with a template', () => {
  it('creates a draft holding the sample proposal, attributed to its creator, with no problems', async () => {
    const res = await api(server, user.cookie, 'POST', '/api/drafts', { title: 'Sample', template: 'sample' });
    expect(res.status).toBe(201);
    const node = await documentOf(DraftSummarySchema.parse(res.body).id);
    const { doc } = fromProseMirror(node);
    expect(doc.definitions.map((d) => d.term)).toEqual(['Development', 'Intrusion software', 'Software', 'Technology']);
    expect(runChecks(doc)).toEqual([]);
  });

  it('creates a draft from the proposal template and refuses an unknown template', async () => {
    const ok = await api(server, user.cookie, 'POST', '/api/drafts', { title: 'Mine', template: 'proposal' });
    expect(ok.status).toBe(201);
    const node = await documentOf(DraftSummarySchema.parse(ok.body).id);
    expect(node.firstChild?.textContent).toBe('Proposal to amend control-list entries');
    const bad = await api(server, user.cookie, 'POST', '/api/drafts', { title: 'X', template: 'blank-annex' });
    expect(bad.status).toBe(400);
  });
});
