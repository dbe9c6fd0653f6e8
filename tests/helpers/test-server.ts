import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the server is started from here, as `npm run serve` would. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const ADMIN = { email: 'admin@plenary.test', password: 'admin-password-for-tests' } as const;

export interface StartOptions {
  /** Reuse a data directory (to restart on the same data). Not removed by `dispose()`. */
  dataDir?: string;
  /** A fixed port (to restart where the clients will reconnect). Default: 0, any free port. */
  port?: number;
  /** Extra or overriding environment variables; `undefined` leaves one of the defaults unset (e.g. PLENARY_ADMIN_EMAIL, for an instance with no account). */
  env?: Record<string, string | undefined>;
  /** How long to wait for the `listening` log line. */
  startTimeoutMs?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface TestServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** ws://127.0.0.1:PORT */
  wsUrl: string;
  port: number;
  dataDir: string;
  /** The Origin the server accepts for websocket handshakes and cookie-authenticated writes. */
  origin: string;
  admin: { email: string; password: string };
  /** SIGTERM, then wait for the exit (SIGKILL and throw if it hangs). */
  stop(): Promise<ExitInfo>;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<ExitInfo>;
  /** Stops the server if it runs, and removes the data directory if this call created it. */
  dispose(): Promise<void>;
  /** Whether the process is still running. */
  running(): boolean;
  /** Everything the process wrote so far (stdout and stderr interleaved). */
  logs(): string;
  /** The JSON log lines written so far, parsed. */
  logEntries(): Array<Record<string, unknown>>;
}

/**
 * Starts a real server process (`node --import tsx server/main.ts`) on loopback with a fresh SQLite
 * data directory, and resolves once it logs `listening`. If the process dies when no test asked it
 * to, its output is printed so the failure can be read.
 */
export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const ownsDataDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'plenary-it-')));
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    PORT: String(opts.port ?? 0),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PLENARY_ADMIN_EMAIL: ADMIN.email,
    PLENARY_ADMIN_PASSWORD: ADMIN.password,
    SCRYPT_LOG_N: '14',
    CLIENT_DIR: path.join(dataDir, 'no-client-here'),
    LOG_LEVEL: 'info',
    // Every test logs in many accounts from 127.0.0.1; the login limiter has its own tests.
    LOGIN_ATTEMPTS_PER_15_MIN: '10000',
    ...opts.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  let stdoutBuffer = '';
  const entries: Array<Record<string, unknown>> = [];
  let expectedExit = false;
  let exitInfo: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.on('exit', (code, signal) => {
      exitInfo = { code, signal };
      if (!expectedExit) {
        process.stderr.write(`\n[test-server] server on ${dataDir} exited unexpectedly (code ${code}, signal ${signal}). Output:\n${output}\n`);
      }
      resolve(exitInfo);
    });
  });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      expectedExit = true;
      child.kill('SIGKILL');
      reject(new Error(`server did not log 'listening' within ${opts.startTimeoutMs ?? 20_000} ms. Output:\n${output}`));
    }, opts.startTimeoutMs ?? 20_000);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      stdoutBuffer += chunk;
      let nl = stdoutBuffer.indexOf('\n');
      while (nl >= 0) {
        const line = stdoutBuffer.slice(0, nl);
        stdoutBuffer = stdoutBuffer.slice(nl + 1);
        nl = stdoutBuffer.indexOf('\n');
        const entry = parseLogLine(line);
        if (!entry) continue;
        entries.push(entry);
        if (entry.msg === 'listening' && typeof entry.port === 'number') {
          clearTimeout(timer);
          resolve(entry.port);
        }
      }
    });
    child.stderr.on('data', (chunk: string) => {
      output += chunk;
    });
    void exited.then((info) => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening (code ${info.code}, signal ${info.signal}). Output:\n${output}`));
    });
  }).catch(async (err: unknown) => {
    if (ownsDataDir) await fs.rm(dataDir, { recursive: true, force: true });
    throw err;
  });

  const running = () => exitInfo === undefined && child.exitCode === null && child.signalCode === null;
  const stopWith = async (signal: NodeJS.Signals, graceMs: number): Promise<ExitInfo> => {
    expectedExit = true;
    if (!running()) return exitInfo ?? (await exited);
    child.kill(signal);
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
    const result = await Promise.race([exited, timeout]);
    if (result !== 'timeout') return result;
    child.kill('SIGKILL');
    await exited;
    throw new Error(`server did not exit within ${graceMs} ms of ${signal}. Output:\n${output}`);
  };

  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    origin: `http://127.0.0.1:${port}`,
    admin: { ...ADMIN },
    stop: () => stopWith('SIGTERM', 15_000),
    kill: () => stopWith('SIGKILL', 5_000),
    async dispose() {
      if (running()) await stopWith('SIGTERM', 15_000).catch(() => undefined);
      if (ownsDataDir) await fs.rm(dataDir, { recursive: true, force: true });
    },
    running,
    logs: () => output,
    logEntries: () => [...entries],
  };
}

function parseLogLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
