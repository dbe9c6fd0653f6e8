import { WebSocket, type RawData } from 'ws';
import type { TestServer } from './test-server.ts';
import { withTimeout } from './wait.ts';

/** A websocket handshake the server answered with an HTTP status instead of 101. */
export class HandshakeRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`handshake refused with HTTP ${status}: ${body.trim()}`);
  }
}

export interface CloseInfo {
  code: number;
  reason: string;
}

export interface RawSocket {
  ws: WebSocket;
  /** Every frame received, in order (binary frames as bytes, text frames UTF-8 encoded). */
  frames: Uint8Array[];
  /** Resolves when the socket closes, with the close code and reason the server sent. */
  closed: Promise<CloseInfo>;
  /** Set once closed. */
  closeInfo: CloseInfo | undefined;
  send(data: Uint8Array | string): void;
  /** Resolves with the first frame (already received or future) at or after `from` matching `predicate`. */
  waitForFrame(predicate: (frame: Uint8Array) => boolean, timeoutMs?: number, from?: number): Promise<Uint8Array>;
  close(): Promise<CloseInfo>;
}

export interface RawSocketOptions {
  /** The Origin header: the server's own by default; `null` sends none. */
  origin?: string | null;
  /** The path after /collab/ as sent, unencoded (for malformed ids). Default: the draft id. */
  path?: string;
}

/**
 * A plain `ws` socket to /collab/:draftId with the given cookie. Resolves once open; rejects with a
 * HandshakeRefused carrying the HTTP status and body when the server refuses the upgrade.
 */
export function rawSocket(
  server: Pick<TestServer, 'wsUrl' | 'origin'>,
  cookie: string | undefined,
  draftId: string,
  opts: RawSocketOptions = {},
): Promise<RawSocket> {
  const headers: Record<string, string> = {};
  if (cookie !== undefined) headers.cookie = cookie;
  const origin = opts.origin === undefined ? server.origin : opts.origin;
  if (origin !== null) headers.origin = origin;
  const ws = new WebSocket(`${server.wsUrl}/collab/${opts.path ?? draftId}`, { headers, perMessageDeflate: false });
  const frames: Uint8Array[] = [];
  const frameListeners = new Set<() => void>();
  let closeInfo: CloseInfo | undefined;
  const closed = new Promise<CloseInfo>((resolve) => {
    ws.on('close', (code, reason) => {
      closeInfo = { code, reason: reason.toString('utf8') };
      resolve(closeInfo);
      for (const l of frameListeners) l();
    });
  });
  ws.on('message', (data: RawData) => {
    frames.push(toBytes(data));
    for (const l of frameListeners) l();
  });

  const socket: RawSocket = {
    ws,
    frames,
    closed,
    get closeInfo() {
      return closeInfo;
    },
    send: (data) => ws.send(data),
    waitForFrame(predicate, timeoutMs = 5000, from = 0) {
      return withTimeout(
        new Promise<Uint8Array>((resolve, reject) => {
          const check = () => {
            for (let i = from; i < frames.length; i++) {
              const f = frames[i];
              if (f && predicate(f)) {
                frameListeners.delete(check);
                resolve(f);
                return;
              }
            }
            if (closeInfo) {
              frameListeners.delete(check);
              reject(new Error(`socket closed (${closeInfo.code} ${closeInfo.reason}) before the awaited frame`));
            }
          };
          frameListeners.add(check);
          check();
        }),
        timeoutMs,
        'a frame from the server',
      );
    },
    close() {
      if (!closeInfo) ws.close();
      return withTimeout(closed, 5000, 'the socket to close');
    },
  };

  return withTimeout(
    new Promise<RawSocket>((resolve, reject) => {
      ws.once('open', () => resolve(socket));
      ws.on('unexpected-response', (req, res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => {
          req.destroy();
          reject(new HandshakeRefused(res.statusCode ?? 0, body));
        });
        res.on('error', () => reject(new HandshakeRefused(res.statusCode ?? 0, body)));
      });
      ws.on('error', (err) => {
        if (ws.readyState !== WebSocket.OPEN) reject(err);
      });
    }),
    10_000,
    'the websocket handshake',
  );
}

/** Opens a raw socket expecting a refusal; resolves with it, fails the test if the socket opens. */
export async function expectRefused(...args: Parameters<typeof rawSocket>): Promise<HandshakeRefused> {
  try {
    const socket = await rawSocket(...args);
    await socket.close();
    throw new Error('the handshake was accepted but should have been refused');
  } catch (err) {
    if (err instanceof HandshakeRefused) return err;
    throw err;
  }
}

export function toBytes(data: RawData | ArrayBuffer): Uint8Array {
  // Copies: a Buffer may be a view into memory ws reuses.
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return new Uint8Array(data);
}
