import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CompareResponse, PmNodeJSON, VersionDetail, VersionList, VersionSummary } from '../../shared/api/versions.ts';
import { CompareResponseSchema, VersionDetailSchema, VersionListSchema, VersionSummarySchema } from '../../shared/api/versions.ts';
import { redlineSchema } from '../../shared/schema/redline-extensions.ts';
import { addMember, api, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, readDraftText, waitFor, type CollabClient } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/**
 * Versions (issue 3): snapshots that stay exact, a redline attributed by the server, restore as a
 * forward edit that keeps concurrent edits, and every role's rights.
 */
let server: TestServer;
let adminCookie: string;
const clients: CollabClient[] = [];

beforeAll(async () => {
  // Compaction after every two updates, and automatic versions after 400 ms of quiet.
  server = await startServer({ env: { COMPACT_AFTER_UPDATES: '2', AUTO_VERSION_QUIET_MS: '400', DOC_IDLE_UNLOAD_MS: '200' } });
  adminCookie = await loginAdmin(server);
});

afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.dispose();
});

async function connect(cookie: string, draftId: string, s: TestServer = server): Promise<CollabClient> {
  const c = await connectSynced(s, cookie, draftId, { hello: true, maxBackoffTime: 300 });
  clients.push(c);
  return c;
}

/** Types and waits until the server has acknowledged everything this client wrote. */
async function typeDurably(c: CollabClient, text: string, index?: number): Promise<void> {
  const clock = c.type(text, index);
  await waitFor(() => c.ackedClock() >= clock, 5000, `the server to acknowledge "${text}"`);
}

async function saveVersion(cookie: string, draftId: string, name: string): Promise<VersionSummary> {
  const res = await api(server, cookie, 'POST', `/api/drafts/${draftId}/versions`, { name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return VersionSummarySchema.parse(res.body);
}

async function openVersion(cookie: string, draftId: string, versionId: string, s: TestServer = server): Promise<VersionDetail> {
  const res = await api(s, cookie, 'GET', `/api/drafts/${draftId}/versions/${versionId}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return VersionDetailSchema.parse(res.body);
}

async function compare(cookie: string, draftId: string, from: string, to: string): Promise<CompareResponse> {
  const res = await api(server, cookie, 'GET', `/api/drafts/${draftId}/compare?from=${from}&to=${to}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const parsed = CompareResponseSchema.parse(res.body);
  // The redline is a valid document of the schema plus the redline marks.
  expect(() => redlineSchema().nodeFromJSON(parsed.document).check()).not.toThrow();
  return parsed;
}

async function listVersions(cookie: string, draftId: string): Promise<VersionList> {
  const res = await api(server, cookie, 'GET', `/api/drafts/${draftId}/versions`);
  expect(res.status).toBe(200);
  return VersionListSchema.parse(res.body);
}

function plainText(doc: PmNodeJSON): string {
  const blocks = (doc.content ?? []).map((b) => (b.content ?? []).map((t) => t.text ?? '').join(''));
  return blocks.join('\n');
}

/** Text runs of a redline carrying a given mark, with the author's user id. */
function runs(doc: PmNodeJSON, mark: string): Array<{ text: string; userId: unknown; changeId: unknown }> {
  const out: Array<{ text: string; userId: unknown; changeId: unknown }> = [];
  const walk = (n: PmNodeJSON) => {
    const m = n.marks?.find((x) => x.type === mark);
    if (n.type === 'text' && m) out.push({ text: n.text ?? '', userId: m.attrs?.userId, changeId: m.attrs?.changeId });
    for (const c of n.content ?? []) walk(c);
  };
  walk(doc);
  return out;
}

async function team(): Promise<{ coord: TestUser; ed: TestUser; ed2: TestUser; commenter: TestUser; viewer: TestUser; outsider: TestUser; draftId: string }> {
  const [coord, ed, ed2, commenter, viewer, outsider] = await Promise.all(Array.from({ length: 6 }, () => buildUser(server, adminCookie)));
  if (!coord || !ed || !ed2 || !commenter || !viewer || !outsider) throw new Error('users missing');
  const draftId = await buildDraft(server, coord.cookie, 'Proposal to amend 5.A.1.j.');
  await addMember(server, coord.cookie, draftId, ed.email, 'editor');
  await addMember(server, coord.cookie, draftId, ed2.email, 'editor');
  await addMember(server, coord.cookie, draftId, commenter.email, 'commenter');
  await addMember(server, coord.cookie, draftId, viewer.email, 'viewer');
  return { coord, ed, ed2, commenter, viewer, outsider, draftId };
}

describe('a version’s content', () => {
  it('stays exactly what the draft was when saved, after further edits, log compaction and a restart', async () => {
    const { coord, ed, draftId } = await team();
    const a = await connect(ed.cookie, draftId);
    await typeDurably(a, 'Network surveillance systems, as follows.');
    const v1 = await saveVersion(ed.cookie, draftId, 'Sent to legal review');
    const atV1 = await openVersion(coord.cookie, draftId, v1.id);
    expect(plainText(atV1.content)).toBe('Network surveillance systems, as follows.');
    expect(atV1.version.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(atV1.version.savedBy?.userId).toBe(ed.id);
    expect(atV1.version.contributors.map((p) => p.userId)).toEqual([ed.id]);

    // More edits (each compacts the log: COMPACT_AFTER_UPDATES=2), a deletion among them.
    await typeDurably(a, ' Added later.');
    a.doc.transact(() => {
      const t = (a.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
      t.delete(0, 8);
    });
    await waitFor(async () => (await readDraftText(server, coord.cookie, draftId)) === a.text(), 5000, 'the deletion on the server');
    expect(a.text()).toBe('surveillance systems, as follows. Added later.');
    expect(plainText((await openVersion(coord.cookie, draftId, v1.id)).content)).toBe('Network surveillance systems, as follows.');

    // Restart: the draft is loaded again from the compacted state.
    a.destroy();
    const exit = await server.stop();
    expect(exit.code).toBe(0);
    const dataDir = server.dataDir;
    const restarted = await startServer({ dataDir, env: { COMPACT_AFTER_UPDATES: '2', AUTO_VERSION_QUIET_MS: '400', DOC_IDLE_UNLOAD_MS: '200' } });
    try {
      const after = await openVersion(coord.cookie, draftId, v1.id, restarted);
      expect(after.content).toEqual(atV1.content);
      expect(after.version.contentHash).toBe(atV1.version.contentHash);
    } finally {
      await restarted.stop();
    }
    // Back to a server the rest of the file can use, on the same data.
    server = await startServer({ dataDir, env: { COMPACT_AFTER_UPDATES: '2', AUTO_VERSION_QUIET_MS: '400', DOC_IDLE_UNLOAD_MS: '200' } });
    adminCookie = await loginAdmin(server);
  });

  it('opens as the same document that comparing the version with itself shows, with no changes', async () => {
    const { coord, ed, draftId } = await team();
    const a = await connect(ed.cookie, draftId);
    await typeDurably(a, 'Intrusion software.');
    const v = await saveVersion(coord.cookie, draftId, 'Baseline text');
    const same = await compare(coord.cookie, draftId, v.id, v.id);
    expect(same.changes).toEqual([]);
    expect(same.summary).toEqual([]);
    expect(same.document).toEqual((await openVersion(coord.cookie, draftId, v.id)).content);
  });
});

describe('GET /api/drafts/:id/compare', () => {
  it('reports exactly the insertions and deletions two users made between two versions, each attributed to its author', async () => {
    const { coord, ed, ed2, draftId } = await team();
    const a = await connect(ed.cookie, draftId);
    const b = await connect(ed2.cookie, draftId);
    await typeDurably(a, 'Items specially designed for surveillance.');
    await waitFor(() => b.text() === a.text(), 5000, 'b to see a’s text');
    const v1 = await saveVersion(ed.cookie, draftId, 'Before review');

    // ed2 inserts "network " before "surveillance"; ed deletes "specially " (10 characters at 6).
    await typeDurably(b, 'network ', 'Items specially designed for '.length);
    await waitFor(() => a.text() === b.text(), 5000, 'a to see b’s insertion');
    a.doc.transact(() => ((a.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(6, 10));
    await waitFor(async () => (await readDraftText(server, coord.cookie, draftId)) === 'Items designed for network surveillance.', 5000, 'both edits on the server');
    const v2 = await saveVersion(coord.cookie, draftId, 'After review');
    expect(v2.contributors.map((p) => p.userId).sort()).toEqual([ed.id, ed2.id].sort());

    const result = await compare(coord.cookie, draftId, v1.id, v2.id);
    expect(runs(result.document, 'redlineInsert')).toEqual([{ text: 'network ', userId: ed2.id, changeId: 'c2' }]);
    expect(runs(result.document, 'redlineDelete')).toEqual([{ text: 'specially ', userId: ed.id, changeId: 'c1' }]);
    expect(result.changes.map((c) => [c.id, c.kind, c.author.userId, c.excerpt])).toEqual([
      ['c1', 'delete', ed.id, 'specially '],
      ['c2', 'insert', ed2.id, 'network '],
    ]);
    for (const c of result.changes) expect(Date.parse(c.author.at)).toBeGreaterThan(Date.now() - 60_000);
    const byUser = new Map(result.summary.map((s) => [s.person.userId, s]));
    expect(byUser.get(ed.id)).toMatchObject({ insertions: 0, deletions: 1, deletedChars: 10 });
    expect(byUser.get(ed2.id)).toMatchObject({ insertions: 1, deletions: 0, insertedChars: 8 });
    // The merged text reads old and new together, deleted text in place.
    expect(plainText(result.document)).toBe('Items specially designed for network surveillance.');

    // Asked the other way round, the server still compares older → newer.
    const reversed = await compare(coord.cookie, draftId, v2.id, v1.id);
    expect(reversed.changes).toEqual(result.changes);
    // Against the live draft: the same, since nothing changed after v2.
    const live = await compare(coord.cookie, draftId, v1.id, 'current');
    expect(live.changes.map((c) => c.kind)).toEqual(['delete', 'insert']);
    expect(live.to.id).toBe('current');
  });

  it('marks a formatting change and a new paragraph', async () => {
    const { coord, ed, draftId } = await team();
    const a = await connect(ed.cookie, draftId);
    await typeDurably(a, 'Category 5 part 2.');
    const v1 = await saveVersion(ed.cookie, draftId, 'Plain');
    a.doc.transact(() => {
      const fragment = a.doc.getXmlFragment('default');
      ((fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 10, { bold: {} });
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText('A new paragraph.')]);
      fragment.insert(1, [p]);
    });
    await waitFor(async () => (await readDraftText(server, coord.cookie, draftId)).includes('A new paragraph.'), 5000, 'the edit on the server');
    const result = await compare(coord.cookie, draftId, v1.id, 'current');
    const fmt = runs(result.document, 'redlineFormat');
    expect(fmt.map((r) => [r.text, r.userId])).toEqual([['Category 5', ed.id]]);
    const second = result.document.content?.[1];
    expect(second?.attrs?.blockChange).toBe('inserted');
    expect(runs(result.document, 'redlineInsert').map((r) => r.text)).toEqual(['A new paragraph.']);
    expect(result.changes.map((c) => c.kind)).toEqual(['format', 'insert']);
  });
});

/**
 * Two editors in sync on "Alpha beta.", saved as the version "Agreed text", then "EXTRA " typed
 * before it: the starting point of the restore tests.
 */
async function agreedVersionThenMore(): Promise<{ coord: TestUser; a: CollabClient; b: CollabClient; draftId: string; v1: VersionSummary }> {
    const { coord, ed, ed2, draftId } = await team();
    const a = await connect(ed.cookie, draftId);
    const b = await connect(ed2.cookie, draftId);
    await typeDurably(a, 'Alpha beta.');
    await waitFor(() => b.text() === 'Alpha beta.', 5000, 'b in sync');
    const v1 = await saveVersion(ed.cookie, draftId, 'Agreed text');
    await typeDurably(a, 'EXTRA ', 0);
    await waitFor(() => b.text() === 'EXTRA Alpha beta.', 5000, 'b in sync again');
  return { coord, a, b, draftId, v1 };
}

describe('POST /api/drafts/:id/versions/:versionId/restore', () => {
  it('makes the version the current text for everyone as a forward edit, saves the state before, and keeps an edit made concurrently', async () => {
    const { coord, a, b, draftId, v1 } = await agreedVersionThenMore();

    // b goes offline and keeps writing: its edit is concurrent with the restore.
    b.provider.disconnect();
    b.type(' Tail', b.text().length);
    const res = await api(server, coord.cookie, 'POST', `/api/drafts/${draftId}/versions/${v1.id}/restore`);
    if (res.status !== 200) console.log(server.logs().split('\n').filter((l) => l.includes('error')).join('\n'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body as { before: VersionSummary };
    expect(body.before.reason).toBe('before-restore');
    await waitFor(() => a.text() === 'Alpha beta.', 5000, 'the restore to reach a live');

    b.provider.connect();
    await waitFor(() => a.text() === 'Alpha beta. Tail' && b.text() === a.text(), 10_000, 'b’s concurrent edit to survive the restore');
    expect(await readDraftText(server, coord.cookie, draftId)).toBe('Alpha beta. Tail');

    // Nothing erased: the state before the restore is a version, and opens as it was.
    expect(plainText((await openVersion(coord.cookie, draftId, body.before.id)).content)).toBe('EXTRA Alpha beta.');
    // The restore's deletion is attributed to the coordinator who restored.
    const diff = await compare(coord.cookie, draftId, body.before.id, 'current');
    expect(runs(diff.document, 'redlineDelete')).toEqual([{ text: 'EXTRA ', userId: coord.id, changeId: 'c1' }]);
  });
});

describe('restore of a version saved before anyone wrote', () => {
  it('empties the draft to one empty paragraph instead of refusing (the version has no blocks)', async () => {
    const { coord, ed, draftId } = await team();
    const empty = await saveVersion(coord.cookie, draftId, 'Blank start');
    const a = await connect(ed.cookie, draftId);
    await typeDurably(a, 'Text written after the blank version.');
    const res = await api(server, coord.cookie, 'POST', `/api/drafts/${draftId}/versions/${empty.id}/restore`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await waitFor(() => a.text() === '', 5000, 'the restore to empty the live draft');
    expect(await readDraftText(server, coord.cookie, draftId)).toBe('');
  });
});

describe('restore while a colleague is typing', () => {
  it('loses none of their keystrokes: those the server had before the restore are in the version saved before it, the rest follow the restored text', async () => {
    const { coord, a, b, draftId, v1 } = await agreedVersionThenMore();

    // b types at the end of the paragraph, one keystroke (one update) every 15 ms, throughout.
    let typed = '';
    let typing = true;
    const typist = (async () => {
      for (let i = 0; typing; i++) {
        const ch = String.fromCharCode(97 + (i % 26));
        b.type(ch);
        typed += ch;
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
    await waitFor(() => typed.length >= 5, 5000, 'b to start typing');
    const early = b.ownClock();
    await waitFor(() => b.ackedClock() >= early, 5000, 'the server to have b’s first keystrokes');
    const res = await api(server, coord.cookie, 'POST', `/api/drafts/${draftId}/versions/${v1.id}/restore`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const before = (res.body as { before: VersionSummary }).before;
    const typedAtRestore = typed.length;
    await waitFor(() => typed.length >= typedAtRestore + 5, 5000, 'b to type on after the restore');
    typing = false;
    await typist;
    const clock = b.ownClock();
    await waitFor(() => b.ackedClock() >= clock, 5000, 'the server to acknowledge every keystroke');
    await waitFor(() => a.text() === b.text(), 5000, 'a and b to converge');

    // Split b's keystrokes at the restore: the first part was in the draft the restore replaced.
    const beforeText = plainText((await openVersion(coord.cookie, draftId, before.id)).content);
    expect(beforeText.startsWith('EXTRA Alpha beta.')).toBe(true);
    const replaced = beforeText.slice('EXTRA Alpha beta.'.length);
    expect(typed.startsWith(replaced)).toBe(true);
    expect(replaced.length).toBeGreaterThanOrEqual(5);
    // The rest are all in the live draft, in order, beside the restored text exactly once. Where the
    // keystrokes in flight during the restore land relative to it is the CRDT's merge: the restore
    // replaced the paragraph's text they were typed after.
    const live = b.text();
    expect(live.split('Alpha beta.').length).toBe(2);
    expect(live.replace('Alpha beta.', '')).toBe(typed.slice(replaced.length));
    expect(typed.length - replaced.length).toBeGreaterThanOrEqual(5);
    expect(await readDraftText(server, coord.cookie, draftId)).toBe(b.text());
  });
});

describe('automatic versions', () => {
  it('are saved after a burst of editing followed by a quiet period, and only when something changed', async () => {
    const { coord, ed, draftId } = await team();
    const a = await connect(ed.cookie, draftId);
    await typeDurably(a, 'Typed in a burst.');
    await waitFor(async () => (await listVersions(coord.cookie, draftId)).versions.some((v) => v.kind === 'auto' && v.reason === 'idle'), 5000, 'an automatic version');
    const list = await listVersions(coord.cookie, draftId);
    expect(list.versions).toHaveLength(1);
    expect(list.versions[0]?.savedBy).toBeNull();
    expect(list.versions[0]?.contributors.map((p) => p.userId)).toEqual([ed.id]);
    const content = await openVersion(coord.cookie, draftId, list.versions[0]?.id ?? '');
    expect(plainText(content.content)).toBe('Typed in a burst.');
  });
});

describe('roles', () => {
  it('let viewers and commenters browse and compare; editors also save; coordinators also set the baseline, rename and restore', async () => {
    const { coord, ed, ed2, commenter, viewer, outsider, draftId } = await team();
    const a = await connect(ed.cookie, draftId);
    await typeDurably(a, 'Text.');
    const mine = await saveVersion(ed.cookie, draftId, 'Editor’s version');
    const path = `/api/drafts/${draftId}/versions`;
    for (const reader of [commenter, viewer]) {
      expect((await api(server, reader.cookie, 'GET', path)).status).toBe(200);
      expect((await api(server, reader.cookie, 'GET', `${path}/${mine.id}`)).status).toBe(200);
      expect((await api(server, reader.cookie, 'GET', `/api/drafts/${draftId}/compare?from=${mine.id}&to=current`)).status).toBe(200);
      expect((await api(server, reader.cookie, 'POST', path, { name: 'Nope' })).status).toBe(403);
      expect((await api(server, reader.cookie, 'PATCH', `${path}/${mine.id}`, { name: 'Nope' })).status).toBe(403);
      expect((await api(server, reader.cookie, 'PATCH', `${path}/${mine.id}`, { baseline: true })).status).toBe(403);
      expect((await api(server, reader.cookie, 'POST', `${path}/${mine.id}/restore`)).status).toBe(403);
    }
    // Editors: save, rename their own, nothing else.
    expect((await api(server, ed.cookie, 'PATCH', `${path}/${mine.id}`, { name: 'Renamed by its author' })).status).toBe(200);
    expect((await api(server, ed2.cookie, 'PATCH', `${path}/${mine.id}`, { name: 'Not mine' })).status).toBe(403);
    expect((await api(server, ed.cookie, 'PATCH', `${path}/${mine.id}`, { baseline: true })).status).toBe(403);
    expect((await api(server, ed.cookie, 'POST', `${path}/${mine.id}/restore`)).status).toBe(403);
    // Coordinators: everything.
    const renamed = await api(server, coord.cookie, 'PATCH', `${path}/${mine.id}`, { name: 'Official text', baseline: true });
    expect(renamed.status).toBe(200);
    expect(VersionSummarySchema.parse(renamed.body)).toMatchObject({ name: 'Official text', isBaseline: true });
    expect((await listVersions(viewer.cookie, draftId)).baselineId).toBe(mine.id);
    expect((await api(server, coord.cookie, 'POST', `${path}/${mine.id}/restore`)).status).toBe(200);
    // Non-members see nothing, not even that the draft exists.
    expect((await api(server, outsider.cookie, 'GET', path)).status).toBe(404);
    expect((await api(server, outsider.cookie, 'GET', `${path}/${mine.id}`)).status).toBe(404);
    expect((await api(server, undefined, 'GET', path)).status).toBe(401);
  });
});

describe('bad input', () => {
  it('answers 404 for unknown drafts and versions and another draft’s version, and 400 for bad names', async () => {
    const { coord, ed, draftId } = await team();
    const other = await buildDraft(server, coord.cookie, 'Another draft');
    const a = await connect(ed.cookie, draftId);
    await typeDurably(a, 'Some text.');
    const v = await saveVersion(coord.cookie, draftId, 'Here');
    const foreign = await saveVersion(coord.cookie, other, 'Elsewhere');
    const unknown = 'AAAAAAAAAAAAAAAAAAAAAA';
    const path = `/api/drafts/${draftId}`;
    expect((await api(server, coord.cookie, 'GET', `/api/drafts/${unknown}/versions`)).status).toBe(404);
    expect((await api(server, coord.cookie, 'GET', `${path}/versions/${unknown}`)).status).toBe(404);
    expect((await api(server, coord.cookie, 'GET', `${path}/versions/not-an-id`)).status).toBe(404);
    expect((await api(server, coord.cookie, 'GET', `${path}/versions/${foreign.id}`)).status).toBe(404);
    expect((await api(server, coord.cookie, 'PATCH', `${path}/versions/${foreign.id}`, { baseline: true })).status).toBe(404);
    expect((await api(server, coord.cookie, 'POST', `${path}/versions/${foreign.id}/restore`)).status).toBe(404);
    expect((await api(server, coord.cookie, 'GET', `${path}/compare?from=${foreign.id}&to=current`)).status).toBe(404);
    expect((await api(server, coord.cookie, 'GET', `${path}/compare?from=${v.id}&to=${foreign.id}`)).status).toBe(404);
    expect((await api(server, coord.cookie, 'GET', `${path}/compare?from=${v.id}`)).status).toBe(400);
    expect((await compare(coord.cookie, draftId, v.id, v.id)).changes).toEqual([]);
    for (const name of ['', '   ', 'x'.repeat(121)]) {
      expect((await api(server, coord.cookie, 'POST', `${path}/versions`, { name })).status).toBe(400);
      expect((await api(server, coord.cookie, 'PATCH', `${path}/versions/${v.id}`, { name })).status).toBe(400);
    }
    expect((await api(server, coord.cookie, 'POST', `${path}/versions`, { name: 'ok', kind: 'auto' })).status).toBe(400);
    expect((await api(server, coord.cookie, 'PATCH', `${path}/versions/${v.id}`, {})).status).toBe(400);
  });
});
