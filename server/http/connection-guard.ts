import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../logger.ts';

export interface ConnectionGuardOptions {
  /** Time a client has to send a request's complete headers (the slowloris bound). */
  headersTimeoutMs: number;
  /** Time a client has to send a whole request, body included. */
  requestTimeoutMs: number;
  /** Open HTTP connections (not yet websockets) one client address may hold. */
  maxHttpSocketsPerAddress: number;
}

/** The `http.createServer` options that bound slow handshakes (security.md §1: "bound time"). */
export function timeoutServerOptions(options: ConnectionGuardOptions) {
  return {
    headersTimeout: options.headersTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    // Node enforces both timeouts only when it sweeps its connections (every 30 s by default), so a
    // slow client would outlive a 15 s timeout by up to 30 s: sweep often enough to cut it on time.
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(options.headersTimeoutMs / 5))),
  };
}

/** The status Node itself would answer for these client errors (a clientError listener replaces Node's answer). */
const ANSWERS: Record<string, string> = {
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
};

/**
 * Bounds what a client can hold before it has authenticated anything:
 * - every HTTP connection counts against its address until it becomes an accepted websocket (which
 *   the upgrade handler counts per account and address instead); past the cap, a new one is closed
 *   at once, before a byte is parsed, so one address cannot hold thousands of slow handshakes;
 * - a malformed or timed-out request is answered (400 / 408 / 431) and its socket destroyed.
 * `attach` it to the server; the upgrade handler calls `becameWebsocket` on each socket it accepts.
 */
export function createConnectionGuard(options: ConnectionGuardOptions, logger: Logger) {
  const httpSockets = new Map<string, number>();
  /** The address each counted socket was counted under (taken at connect: it is gone once closed). */
  const counted = new WeakMap<Duplex, string>();
  let refusedSinceLog = 0;
  let lastLogAt = 0;

  const release = (socket: Duplex) => {
    const address = counted.get(socket);
    if (address === undefined) return;
    counted.delete(socket);
    const left = (httpSockets.get(address) ?? 1) - 1;
    if (left <= 0) httpSockets.delete(address);
    else httpSockets.set(address, left);
  };

  function onConnection(socket: Duplex & { remoteAddress?: string | undefined }): void {
    const address = socket.remoteAddress ?? 'unknown';
    if ((httpSockets.get(address) ?? 0) >= options.maxHttpSocketsPerAddress) {
      socket.destroy();
      // One line per 10 s at most: a flood must not become a log flood.
      refusedSinceLog++;
      if (Date.now() - lastLogAt > 10_000) {
        logger.warn('too many connections from one address; refusing new ones', { address, refused: refusedSinceLog });
        refusedSinceLog = 0;
        lastLogAt = Date.now();
      }
      return;
    }
    httpSockets.set(address, (httpSockets.get(address) ?? 0) + 1);
    counted.set(socket, address);
    socket.once('close', () => release(socket));
  }

  function onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
    const status = (err.code && ANSWERS[err.code]) ?? '400 Bad Request';
    // Answer only if nothing was sent yet on this socket (a half-written response cannot be fixed).
    if (socket.writable && !('bytesWritten' in socket && typeof socket.bytesWritten === 'number' && socket.bytesWritten > 0)) {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }
    socket.destroy();
  }

  return {
    attach(server: Server): void {
      server.on('connection', onConnection);
      server.on('clientError', onClientError);
    },
    /** The socket is now an authenticated websocket: it no longer counts as an HTTP connection. */
    becameWebsocket: (socket: Duplex): void => release(socket),
  };
}
