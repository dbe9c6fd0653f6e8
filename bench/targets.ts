import { addMember, buildDraft, buildUser, loginAdmin, type TestUser } from '../tests/helpers/api.ts';
import { startServer, type TestServer } from '../tests/helpers/test-server.ts';
import { BenchClient } from './bench-client.ts';
import { childListeningOn } from './proc.ts';
import { startReferenceServer } from './reference-server.ts';

/** A server under test, seen the same way for ours and the reference. */
export interface Target {
  readonly label: string;
  /** It sends every update back to its sender. */
  readonly echoes: boolean;
  /** It acknowledges durability (our message type 100). */
  readonly acks: boolean;
  /** The server process, for CPU and memory (changes on restart). */
  pid(): number;
  /** A replay client; `i` picks its account. */
  connect(i: number): BenchClient;
  /** Stops the server and starts it again on the same data; undefined when it keeps nothing. */
  restart: (() => Promise<void>) | undefined;
  close(): Promise<void>;
}

export interface OursOptions {
  clients: number;
  /** Extra environment for the server process (e.g. NODE_OPTIONS for a CPU profile). */
  env: Record<string, string>;
}

/**
 * Our server as it ships: a real process, authentication at the handshake (each client its own
 * editor account), write-through SQLite with synchronous=FULL and group commit (the defaults).
 * One setting differs: MESSAGES_PER_SECOND is raised, because the replay types far faster than a
 * person and the per-connection rate limit (300/s) would close the connection.
 */
export async function startOurs(opts: OursOptions): Promise<Target> {
  const env = { MESSAGES_PER_SECOND: '100000', ...opts.env };
  const first = await startServer({ env });
  let current: TestServer = first;
  const extra: TestServer[] = [];
  try {
    const admin = await loginAdmin(first);
    const users: TestUser[] = [];
    for (let i = 0; i < opts.clients; i++) users.push(await buildUser(first, admin, { name: `Bench ${i}` }));
    const owner = users[0];
    if (!owner) throw new RangeError('at least one client');
    const draftId = await buildDraft(first, owner.cookie, 'Benchmark');
    for (const u of users.slice(1)) await addMember(first, owner.cookie, draftId, u.email, 'editor');
    let pid = childListeningOn(first.port);
    return {
      label: 'Plenary',
      echoes: false,
      acks: true,
      pid: () => pid,
      connect(i) {
        const user = users[i % users.length] ?? owner;
        return new BenchClient({ wsUrl: current.wsUrl, origin: current.origin, cookie: user.cookie }, draftId, { hello: true });
      },
      async restart() {
        await current.stop();
        // Same data directory; sessions are stored, so the cookies stay valid.
        current = await startServer({ dataDir: first.dataDir, env });
        extra.push(current);
        pid = childListeningOn(current.port);
      },
      async close() {
        for (const s of extra) await s.stop();
        await first.dispose();
      },
    };
  } catch (err) {
    await first.dispose();
    throw err;
  }
}

/** The reference y-websocket server, in memory; the room name is fixed per target. */
export async function startReference(room: string, env: Record<string, string>): Promise<Target> {
  const server = await startReferenceServer(env);
  return {
    label: 'reference',
    echoes: true,
    acks: false,
    pid: () => server.pid,
    connect: () => new BenchClient({ wsUrl: server.wsUrl }, room, { hello: false }),
    restart: undefined,
    close: () => server.stop(),
  };
}
