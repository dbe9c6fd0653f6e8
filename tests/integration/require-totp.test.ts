import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TotpSetupSchema } from '../../shared/api/index.ts';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { addMember, api, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, expectRefused, rawSocket, waitFor } from '../helpers/collab-client.ts';
import { totpCodeFor } from '../helpers/totp-code.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/**
 * Issue 5 item 4: when an administrator requires two-step login for the instance, members who
 * have not set it up stop working at once. Their open sockets close with 4402 (a permanent code:
 * the provider does not reconnect, the client says why and links to the account page), and their
 * sessions are good only for setting it up until they do. Members who have it keep working.
 */

let server: TestServer;
let adminCookie: string;

beforeAll(async () => {
  server = await startServer();
  adminCookie = await loginAdmin(server);
});
afterAll(async () => {
  await server?.dispose();
});

async function enrol(cookie: string): Promise<void> {
  const setup = TotpSetupSchema.parse((await api(server, cookie, 'POST', '/api/account/totp/setup')).body);
  expect((await api(server, cookie, 'POST', '/api/account/totp/confirm', { code: totpCodeFor(setup.secret) })).status).toBe(200);
}

describe('requiring two-step login for the instance', () => {
  let enrolled: TestUser;
  let notEnrolled: TestUser;
  let draftId: string;

  beforeAll(async () => {
    await enrol(adminCookie);
    enrolled = await buildUser(server, adminCookie, { name: 'Has Two Step' });
    notEnrolled = await buildUser(server, adminCookie, { name: 'Not Yet' });
    await enrol(enrolled.cookie);
    draftId = await buildDraft(server, enrolled.cookie);
    await addMember(server, enrolled.cookie, draftId, notEnrolled.email, 'editor');
  });

  it('closes the open sockets of members without it (4402, with a reason), and only theirs', async () => {
    const theirs = await connectSynced(server, notEnrolled.cookie, draftId);
    const theirSecond = await connectSynced(server, notEnrolled.cookie, await buildDraft(server, notEnrolled.cookie, 'Their own draft'));
    const mine = await connectSynced(server, enrolled.cookie, draftId);
    try {
      expect((await api(server, adminCookie, 'PUT', '/api/admin/settings', { requireTotp: true })).status).toBe(200);
      await waitFor(() => theirs.closes.length > 0 && theirSecond.closes.length > 0, 3_000, 'both of their sockets to close');
      for (const client of [theirs, theirSecond]) {
        expect(client.closes[0]).toEqual({ code: CloseCode.TwoStepRequired, reason: 'two-step login is now required' });
      }
      // A permanent code: the stock provider does not try again (a retry would be refused anyway).
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(theirs.connections).toHaveLength(1);
      expect(theirs.provider.wsconnected).toBe(false);

      // The enrolled member's socket stays open and still carries edits.
      expect(mine.closes).toEqual([]);
      expect(mine.provider.wsconnected).toBe(true);
      mine.type('still here');
      const reader = await connectSynced(server, enrolled.cookie, draftId);
      await waitFor(() => reader.text().includes('still here'), 5_000, 'the edit to reach a second connection');
      reader.destroy();
    } finally {
      theirs.destroy();
      theirSecond.destroy();
      mine.destroy();
    }
  });

  it('limits their old session to setting it up: drafts and the websocket refuse it, the account page accepts it', async () => {
    expect((await api(server, notEnrolled.cookie, 'GET', '/api/drafts')).status).toBe(401);
    expect((await api(server, notEnrolled.cookie, 'GET', `/api/drafts/${draftId}`)).status).toBe(401);
    expect((await api(server, notEnrolled.cookie, 'GET', '/api/me')).status).toBe(401);
    expect((await expectRefused(server, notEnrolled.cookie, draftId)).status).toBe(401);
    const account = await api(server, notEnrolled.cookie, 'GET', '/api/account');
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ totpRequired: true, totp: { enabled: false } });
  });

  it('gives the same session its full use back once they set it up', async () => {
    await enrol(notEnrolled.cookie);
    expect((await api(server, notEnrolled.cookie, 'GET', `/api/drafts/${draftId}`)).status).toBe(200);
    const socket = await rawSocket(server, notEnrolled.cookie, draftId);
    await socket.waitForFrame((f) => f[0] === 0, 5_000);
    await socket.close();
  });

  it('leaves sockets alone when the requirement is turned off', async () => {
    expect((await api(server, adminCookie, 'PUT', '/api/admin/settings', { requireTotp: false })).status).toBe(200);
    const later = await buildUser(server, adminCookie, { name: 'Later' });
    await addMember(server, enrolled.cookie, draftId, later.email, 'viewer');
    const client = await connectSynced(server, later.cookie, draftId);
    try {
      expect((await api(server, adminCookie, 'PUT', '/api/admin/settings', { requireTotp: false })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(client.closes).toEqual([]);
      expect(client.provider.wsconnected).toBe(true);
    } finally {
      client.destroy();
    }
  });
});
