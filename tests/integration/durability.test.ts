import { afterEach, describe, expect, it } from 'vitest';
import { addMember, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, readDraftText, waitFor, waitForSync, type CollabClient } from '../helpers/collab-client.ts';
import { acknowledged, newMarkerLog, notExactlyOnce, typeMarker, type MarkerLog } from '../helpers/markers.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { prng } from '../helpers/wait.ts';

/**
 * security.md §3: write-through, acknowledged after commit. What the server acknowledged survives
 * a clean restart and a SIGKILL; clients reconnect by themselves, resend what was not
 * acknowledged, and converge with nothing lost or duplicated.
 */
const servers: TestServer[] = [];
const clients: CollabClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  // Later servers first: the first one owns the data directory.
  for (const s of servers.splice(0).reverse()) await s.dispose();
});

async function start(opts: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  const s = await startServer(opts);
  servers.push(s);
  return s;
}

async function setup(server: TestServer, n: number): Promise<{ coordinator: TestUser; editors: TestUser[]; draftId: string }> {
  const adminCookie = await loginAdmin(server);
  const coordinator = await buildUser(server, adminCookie);
  const editors = await Promise.all(Array.from({ length: n }, () => buildUser(server, adminCookie)));
  const draftId = await buildDraft(server, coordinator.cookie);
  for (const e of editors) await addMember(server, coordinator.cookie, draftId, e.email, 'editor');
  return { coordinator, editors, draftId };
}

async function connect(server: TestServer, cookie: string, draftId: string): Promise<CollabClient> {
  const c = await connectSynced(server, cookie, draftId, { hello: true, maxBackoffTime: 400 });
  clients.push(c);
  return c;
}

const converged = (cs: CollabClient[]) => cs.every((c) => c.provider.synced && c.text() === cs[0]?.text());

describe('restart (SIGTERM)', () => {
  it('keeps every edit; the providers reconnect by themselves and nothing is duplicated', async () => {
    const first = await start();
    const { coordinator, editors, draftId } = await setup(first, 2);
    const [a, b] = await Promise.all(editors.map((e) => connect(first, e.cookie, draftId)));
    if (!a || !b) throw new Error('clients missing');
    a.type('Before the restart. ');
    b.type('Also before. ');
    await waitFor(() => converged([a, b]) && a.text().length > 30, 5000, 'convergence');
    const text = a.text();

    const exit = await first.stop();
    expect(exit.code).toBe(0);
    await waitFor(() => a.closes.length > 0 && b.closes.length > 0, 5000, 'the sockets to close');
    expect(a.closes[0]?.code).toBe(1012);

    const second = await start({ dataDir: first.dataDir, port: first.port });
    await waitFor(() => a.welcomes().length === 2 && b.welcomes().length === 2, 15_000, 'both providers to reconnect');
    await waitForSync(a.provider);
    await waitForSync(b.provider);
    expect(await readDraftText(second, coordinator.cookie, draftId)).toBe(text);
    expect(a.text()).toBe(text);
    a.type('After.');
    const expected = a.text();
    expect(expected).not.toBe(text);
    await waitFor(() => b.text() === expected, 5000, 'an edit after the restart to reach the other client');
  });
});

describe('SIGKILL while three clients type', () => {
  it('loses no acknowledged edit, and the clients reconnect, resend and converge with all their edits', async () => {
    const seed = Number(process.env.PLENARY_TEST_SEED ?? Date.now() % 1_000_000);
    const rand = prng(seed);
    const first = await start();
    const { coordinator, editors, draftId } = await setup(first, 3);
    const cs = await Promise.all(editors.map((e) => connect(first, e.cookie, draftId)));
    const logs: MarkerLog[] = cs.map(() => newMarkerLog());
    cs[0]?.type('seed|');
    await waitFor(() => cs.every((c) => c.text() === 'seed|'), 5000, 'the seed everywhere');

    // A bounded typing workload: one marker every few milliseconds from a random client.
    let typed = 0;
    const typeOne = () => {
      const i = Math.floor(rand() * cs.length);
      const client = cs[i];
      const log = logs[i];
      if (client && log) typeMarker(client, log, `<${'ABC'[i]}${typed++}>`, rand);
    };
    const typing = setInterval(() => {
      if (typed < 400) typeOne();
    }, 3);
    try {
      await waitFor(() => cs.every((c, i) => acknowledged(c, logs[i] ?? newMarkerLog()).length >= 8), 15_000, 'some acknowledged edits from each client');
      // Only what was acknowledged before the kill must survive it.
      const mustSurvive = cs.flatMap((c, i) => acknowledged(c, logs[i] ?? newMarkerLog()));
      await first.kill();
      const atKill = typed;
      // Editing goes on offline for a while.
      await waitFor(() => typed >= atKill + 20 || typed >= 400, 5000, 'offline edits');
      clearInterval(typing);
      const everything = logs.flatMap((l) => [...l.typed.keys()]);

      // What is on disk, read by a server the providers cannot reach (another port), before any resend.
      const inspector = await start({ dataDir: first.dataDir });
      const onDisk = await readDraftText(inspector, coordinator.cookie, draftId);
      expect(notExactlyOnce(onDisk, mustSurvive), `acknowledged edits lost or duplicated (seed ${seed})`).toEqual([]);
      await inspector.stop();

      // Back on the old port: the providers reconnect by themselves and resend what is missing.
      const second = await start({ dataDir: first.dataDir, port: first.port });
      // A 44xx close is final for the stock provider: stop waiting as soon as one happens.
      const refusals = () => cs.flatMap((c, i) => c.closes.filter((x) => x.code >= 4400 && x.code < 4500).map((x) => `${'ABC'[i]}: ${x.code} ${x.reason}`));
      await waitFor(() => refusals().length > 0 || cs.every((c) => c.welcomes().length >= 2), 20_000, 'every provider to reconnect');
      await waitFor(() => refusals().length > 0 || converged(cs), 15_000, `convergence after the restart (seed ${seed})`);
      expect(refusals(), `connections refused after the restart (seed ${seed})`).toEqual([]);
      const text = cs[0]?.text() ?? '';
      expect(notExactlyOnce(text, everything), `seed ${seed}`).toEqual([]);
      expect(await readDraftText(second, coordinator.cookie, draftId)).toBe(text);
    } finally {
      clearInterval(typing);
    }
  });
});

describe('after a crash, a client relays edits of another account that were never committed', () => {
  it('is not refused: it stays connected and its own later edits are saved', async () => {
    // A wide commit window makes "applied and broadcast, not yet committed" last long enough to kill in.
    const first = await start({ env: { COMMIT_WINDOW_MS: '100' } });
    const { coordinator, editors, draftId } = await setup(first, 2);
    const [author, relay] = await Promise.all(editors.map((e) => connect(first, e.cookie, draftId)));
    if (!author || !relay) throw new Error('clients missing');
    author.type('committed|');
    await waitFor(() => author.ackedClock() >= author.ownClock() && relay.text() === 'committed|', 5000, 'the first edit committed everywhere');

    author.type('lost-in-crash|');
    await waitFor(() => relay.text() === 'committed|lost-in-crash|', 1000, 'the relay to receive the second edit');
    expect(author.ackedClock()).toBeLessThan(author.ownClock());
    await first.kill();
    // The author is offline for now; only the relay comes back.
    author.provider.disconnect();

    const second = await start({ dataDir: first.dataDir, port: first.port });
    await waitFor(() => relay.welcomes().length >= 2 || relay.closes.length > 1, 15_000, 'the relay to reconnect');
    await waitForSync(relay.provider).catch(() => undefined);
    relay.type('relay-after|');
    await waitFor(
      () => relay.ackedClock() >= relay.ownClock() || relay.closes.some((c) => c.code >= 4400 && c.code < 4500),
      5000,
      'the relay edit to be acknowledged',
    );
    // 1006s are the reconnection attempts while the server was down; 44xx would be a refusal.
    expect(relay.closes.filter((c) => c.code >= 4000)).toEqual([]);
    expect(await readDraftText(second, coordinator.cookie, draftId)).toBe('committed|lost-in-crash|relay-after|');
  });
});
