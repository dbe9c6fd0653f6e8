import net from 'node:net';
import type { TestServer } from './test-server.ts';
import { withTimeout } from './wait.ts';

/**
 * A bare TCP connection to the server from a chosen loopback address (Linux routes all of
 * 127.0.0.0/8 to loopback), so a test can play an attacker whose connections the server counts
 * apart from the honest clients on 127.0.0.1. Records what the server answered and when it closed.
 */
export interface TcpClient {
  socket: net.Socket;
  /** When the connection was established (Date.now()). */
  openedAt: number;
  /** Everything the server sent, as text. */
  received(): string;
  /** Resolves with the time (Date.now()) at which the server closed the connection. */
  closed: Promise<number>;
  /** Writes `text` one byte every `intervalMs` until the socket closes or `stop()` is called. */
  dribble(text: string, intervalMs: number): void;
  stop(): void;
}

export function tcpClient(server: Pick<TestServer, 'port'>, fromAddress: string, opts: { read?: boolean } = {}): Promise<TcpClient> {
  const socket = net.connect({ port: server.port, host: '127.0.0.1', localAddress: fromAddress });
  let data = '';
  let timer: NodeJS.Timeout | undefined;
  socket.setEncoding('utf8');
  // A client that never reads leaves the answer in the kernel's buffers (paused stream).
  if (opts.read === false) socket.pause();
  else socket.on('data', (chunk: string) => (data += chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) =>
    socket.once('close', () => {
      clearInterval(timer);
      resolve(Date.now());
    }),
  );
  const stop = () => {
    clearInterval(timer);
    socket.destroy();
  };
  return withTimeout(
    new Promise<TcpClient>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('connect', () =>
        resolve({
          socket,
          openedAt: Date.now(),
          received: () => data,
          closed,
          dribble(text, intervalMs) {
            let i = 0;
            timer = setInterval(() => {
              if (socket.destroyed || i >= text.length) return clearInterval(timer);
              socket.write(text[i++] ?? '');
            }, intervalMs);
          },
          stop,
        }),
      );
    }),
    10_000,
    `a TCP connection from ${fromAddress}`,
  );
}
