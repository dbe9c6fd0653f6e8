import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPageSchema, AuditVerifySchema, type AuditEntry } from '../../shared/api/index.ts';
import { addMember, api, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectClient, waitFor } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

let server: TestServer;
let adminCookie: string;
let coordinator: TestUser;
let editor: TestUser;
let draftId: string;

beforeAll(async () => {
  server = await startServer();
  adminCookie = await loginAdmin(server);
  coordinator = await buildUser(server, adminCookie, { name: 'Cora Coordinator' });
  editor = await buildUser(server, adminCookie, { name: '=HYPERLINK("http://evil.example","click") "Ed"' });
  draftId = await buildDraft(server, coordinator.cookie, 'Audited draft');
  await addMember(server, coordinator.cookie, draftId, editor.email, 'editor');
  await addMember(server, coordinator.cookie, draftId, editor.email, 'commenter');
  const client = connectClient(server, editor.cookie, draftId);
  await waitFor(() => client.provider.synced, 10_000, 'the editor to join');
  client.destroy();
  await api(server, undefined, 'POST', '/api/auth/login', { email: coordinator.email, password: 'a wrong password here' });
  await api(server, undefined, 'POST', '/api/auth/login', { email: 'nobody-known@plenary.test', password: 'a wrong password here' });
  await api(server, adminCookie, 'POST', '/api/invites', { email: 'audited-invite@plenary.test', organisation: 'Amnesty' });
});
afterAll(async () => {
  await server?.dispose();
});

async function instanceLog(): Promise<AuditEntry[]> {
  const res = await api(server, adminCookie, 'GET', '/api/admin/audit?limit=1000');
  expect(res.status).toBe(200);
  return AuditPageSchema.parse(res.body).entries;
}

describe('the instance audit log (administrators)', () => {
  it('records logins, failed logins, joins, role changes and invitations with who, when and from where', async () => {
    const entries = await instanceLog();
    const find = (action: string, pred: (e: AuditEntry) => boolean = () => true) => entries.find((e) => e.action === action && pred(e));
    expect(find('login', (e) => e.actor?.id === coordinator.id)?.address).toMatch(/127\.0\.0\.1/);
    expect(find('login.failed', (e) => e.detail.account === coordinator.id)).toBeDefined();
    expect(find('draft.join', (e) => e.actor?.id === editor.id && e.draftId === draftId)?.detail.role).toBe('commenter');
    expect(find('member.added', (e) => e.detail.userId === editor.id)?.actor?.id).toBe(coordinator.id);
    expect(find('member.role', (e) => e.detail.userId === editor.id)?.detail).toMatchObject({ role: 'commenter', previous: 'editor' });
    expect(find('invite.created')?.detail).toMatchObject({ email: 'audited-invite@plenary.test', organisation: 'Amnesty' });
    for (const e of entries) expect(Date.parse(e.at)).toBeGreaterThan(Date.now() - 5 * 60_000);
  });

  it('never stores the password or the unknown email of a failed login', async () => {
    const entries = await instanceLog();
    const unknown = entries.find((e) => e.action === 'login.failed' && e.detail.account === null);
    expect(unknown?.detail.emailHash).toMatch(/^[0-9a-f]{16}$/);
    const db = new Database(path.join(server.dataDir, 'plenary.sqlite'), { readonly: true });
    const dump = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
    db.close();
    expect(dump).not.toContain('a wrong password here');
    expect(dump).not.toContain('nobody-known@plenary.test');
    expect(dump).not.toContain(editor.password);
  });

  it('exports as CSV with quotes escaped and formula cells neutralised', async () => {
    const res = await fetch(`${server.url}/api/admin/audit?format=csv`, { headers: { cookie: adminCookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="plenary-audit-log\.csv"/);
    const csv = await res.text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('"Entry","Time (UTC)","Draft","Who","Email","Action","What","Details","Address","Hash"');
    // The editor's name starts with '=': exported as text, its quotes doubled.
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"") ""Ed"""`);
    expect(csv).not.toMatch(/(^|,)"=/m);
    expect(lines.length).toBe((await instanceLog()).length + 1);
  });

  it('refuses the instance log to non-administrators', async () => {
    expect((await api(server, coordinator.cookie, 'GET', '/api/admin/audit')).status).toBe(403);
    expect((await api(server, undefined, 'GET', '/api/admin/audit')).status).toBe(401);
  });
});

describe('a draft’s audit log (coordinators)', () => {
  it('shows the draft’s coordinator its joins and role changes, without addresses', async () => {
    const res = await api(server, coordinator.cookie, 'GET', `/api/drafts/${draftId}/audit`);
    expect(res.status).toBe(200);
    const { entries } = AuditPageSchema.parse(res.body);
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['draft.join', 'member.added', 'member.role']));
    expect(entries.every((e) => e.draftId === draftId && e.address === undefined)).toBe(true);
    // Newest first.
    expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((a, b) => b - a));
  });

  it('exports the draft log as CSV', async () => {
    const res = await fetch(`${server.url}/api/drafts/${draftId}/audit?format=csv`, { headers: { cookie: coordinator.cookie } });
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv.split('\r\n')[0]).not.toContain('Address');
    expect(csv).toContain('"member.role"');
  });

  it('refuses members who are not coordinators (403) and non-members (404)', async () => {
    expect((await api(server, editor.cookie, 'GET', `/api/drafts/${draftId}/audit`)).status).toBe(403);
    const outsider = await buildUser(server, adminCookie);
    expect((await api(server, outsider.cookie, 'GET', `/api/drafts/${draftId}/audit`)).status).toBe(404);
    expect((await api(server, outsider.cookie, 'GET', `/api/drafts/not-an-id/audit`)).status).toBe(404);
  });
});

describe('the hash chain makes tampering evident', () => {
  const verify = async () => AuditVerifySchema.parse((await api(server, adminCookie, 'GET', '/api/admin/audit/verify')).body);

  it('reports an intact chain, refuses UPDATE and DELETE through SQLite, and detects an edited row once the guard is removed', async () => {
    const before = await verify();
    expect(before).toMatchObject({ ok: true, firstBadId: null });
    expect(before.entries).toBeGreaterThan(5);
    const db = new Database(path.join(server.dataDir, 'plenary.sqlite'));
    try {
      expect(() => db.prepare("UPDATE audit_log SET address = 'elsewhere' WHERE id = 3").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log WHERE id = 3').run()).toThrow(/append-only/);
      // Someone with the file can drop the guard; the chain still tells.
      db.exec('DROP TRIGGER audit_log_no_update');
      db.prepare("UPDATE audit_log SET detail = '{\"role\":\"coordinator\"}' WHERE id = 3").run();
    } finally {
      db.close();
    }
    expect(await verify()).toMatchObject({ ok: false, firstBadId: 3 });
  });

  it('detects a deleted row in the middle of the chain', async () => {
    const db = new Database(path.join(server.dataDir, 'plenary.sqlite'));
    try {
      db.exec('DROP TRIGGER audit_log_no_delete');
      db.prepare('DELETE FROM audit_log WHERE id = 2').run();
    } finally {
      db.close();
    }
    // Row 3 (edited above) now follows row 1: the first break is at 3 either way; check it is not ok.
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.firstBadId).toBe(3);
  });
});
