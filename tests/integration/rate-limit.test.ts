import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { addMember, api, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, rawSocket, waitFor } from '../helpers/collab-client.ts';
import { awarenessFrame, queryAwarenessFrame } from '../helpers/frames.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { withTimeout } from '../helpers/wait.ts';

/** security.md §6: messages per second per connection are bounded; a flood ends only the flooder. */
const MESSAGES_PER_SECOND = 20;
let server: TestServer;
let coordinator: TestUser;
let flooder: TestUser;

beforeAll(async () => {
  server = await startServer({ env: { MESSAGES_PER_SECOND: String(MESSAGES_PER_SECOND) } });
  const adminCookie = await loginAdmin(server);
  [coordinator, flooder] = await Promise.all([buildUser(server, adminCookie), buildUser(server, adminCookie)]);
});

afterAll(async () => {
  await server?.dispose();
});

describe('MESSAGES_PER_SECOND', () => {
  it.each([
    ['query-awareness', () => queryAwarenessFrame()],
    ['awareness', (i: number) => awarenessFrame(3001, i + 1, JSON.stringify({ cursor: i }))],
  ])('closes a connection flooding 500 %s messages with 4429, and others are unaffected', async (_kind, frameAt) => {
    const draftId = await buildDraft(server, coordinator.cookie);
    await addMember(server, coordinator.cookie, draftId, flooder.email, 'editor');
    const writer = await connectSynced(server, coordinator.cookie, draftId);
    const observer = await connectSynced(server, coordinator.cookie, draftId);
    try {
      const socket = await rawSocket(server, flooder.cookie, draftId);
      await socket.waitForFrame((f) => f[0] === 0);
      for (let i = 0; i < 500; i++) socket.send(frameAt(i));
      const closed = await withTimeout(socket.closed, 5000, 'the flooder to be closed');
      expect(closed.code).toBe(CloseCode.RateLimited);
      expect(closed.reason).not.toBe('');
      // The burst allowance is two seconds' worth; far fewer than 500 answers went out.
      expect(socket.frames.length).toBeLessThan(4 * MESSAGES_PER_SECOND);

      expect((await api(server, undefined, 'GET', '/api/health')).status).toBe(200);
      writer.type('still editing');
      // Either the edit arrives or one of the bystanders is disconnected; then say which.
      await waitFor(
        () => observer.text() === 'still editing' || writer.closes.length + observer.closes.length > 0,
        5000,
        'the edit to reach the observer',
      );
      expect({ writer: writer.closes, observer: observer.closes }).toEqual({ writer: [], observer: [] });
      expect(observer.text()).toBe('still editing');
      expect(writer.provider.wsconnected && observer.provider.wsconnected).toBe(true);
    } finally {
      writer.destroy();
      observer.destroy();
    }
  });

  it('lets a connection that stays under the rate keep going', async () => {
    const draftId = await buildDraft(server, coordinator.cookie);
    const socket = await rawSocket(server, coordinator.cookie, draftId);
    await socket.waitForFrame((f) => f[0] === 0);
    // 30 messages, within the burst of two seconds' worth, each answered.
    for (let i = 0; i < 30; i++) socket.send(queryAwarenessFrame());
    await waitFor(() => socket.frames.filter((f) => f[0] === 1).length >= 30, 5000, '30 awareness answers');
    expect(socket.closeInfo).toBeUndefined();
    await socket.close();
  });
});
