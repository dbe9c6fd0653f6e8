import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The reference: `@y/websocket-server` 0.1.1 (the last release on Yjs 13), as its own bin would
 * run it — an http server whose upgrades go straight to `setupWSConnection` — in memory: with
 * YPERSISTENCE unset it keeps documents only in memory, with no authentication, no limits and no
 * acknowledgement, and it echoes every update back to its sender. It runs in a child process of
 * its own so its CPU and memory are measured exactly as our server's are.
 */

export interface ReferenceServer {
  pid: number;
  /** ws://127.0.0.1:PORT */
  wsUrl: string;
  stop(): Promise<void>;
}

const SELF = fileURLToPath(import.meta.url);
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `extraEnv`: only for profiling (NODE_OPTIONS); the server's own settings stay at their defaults. */
export async function startReferenceServer(extraEnv: Record<string, string> = {}, timeoutMs = 20_000): Promise<ReferenceServer> {
  // Only these are passed on: no YPERSISTENCE (leveldb), no CALLBACK_URL, the default GC.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...extraEnv };
  delete env.YPERSISTENCE;
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--serve'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reference server did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /^listening (\d+)$/m.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`reference server exited (${code}) before listening:\n${output}`));
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('reference server has no pid');
  return { pid, wsUrl: `ws://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** The child: the reference bin's own wiring, on a loopback port the parent learns from stdout. */
async function serve(): Promise<void> {
  const { WebSocketServer } = await import('ws');
  const { setupWSConnection } = await import('@y/websocket-server/utils');
  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', setupWSConnection);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('okay');
  });
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
  server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
  process.on('SIGTERM', () => process.exit(0));
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url && process.argv.includes('--serve')) void serve();
