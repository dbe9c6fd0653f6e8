import type { WebSocket } from 'ws';
import type { DraftId } from '../../shared/ids.ts';
import { CloseCode, MAX_CLOSE_REASON_BYTES, type CloseCodeValue } from '../../shared/protocol/close-codes.ts';
import { MessageType, type ServerControlMessage } from '../../shared/protocol/messages.ts';
import type { DraftRoom } from '../collab/draft-room.ts';
import type { Peer, PeerIdentity } from '../collab/peer.ts';
import type { Logger } from '../logger.ts';
import { encodeControl, routeMessage } from './message-router.ts';

export interface ConnectionLimits {
  messagesPerSecond: number;
  maxSendBufferBytes: number;
}

let nextPeerId = 1;

/**
 * One authenticated websocket in one draft. It owns the socket's listeners, guards every frame
 * (binary only, rate, exceptions), and hands frames to the router. Nothing a client sends can
 * throw out of here: the worst a frame can do is close its own connection.
 */
export class CollabConnection implements Peer {
  readonly id = nextPeerId++;
  wantsControl = false;
  private room: DraftRoom | undefined;
  private tokens: number;
  private lastRefill = performance.now();
  private closed = false;
  private corked = false;

  constructor(
    private readonly ws: WebSocket,
    readonly draftId: DraftId,
    readonly identity: PeerIdentity,
    readonly readOnly: boolean,
    private readonly limits: ConnectionLimits,
    private readonly logger: Logger,
    private readonly onClosed: (conn: CollabConnection) => void,
  ) {
    this.tokens = limits.messagesPerSecond * 2;
    ws.on('error', (err) => {
      this.logger.debug('socket error', { draftId, peer: this.id, code: 'code' in err ? err.code : undefined });
      ws.terminate();
    });
    ws.on('close', () => this.finish());
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
  }

  /** Attaches the room once it is loaded; frames that arrived before are handled in order by ws. */
  attach(room: DraftRoom): void {
    this.room = room;
    room.join(this);
  }

  send(frame: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.limits.maxSendBufferBytes) {
      // A client that stops reading must not grow our memory: drop it; it resyncs on reconnect.
      this.close(CloseCode.SlowConsumer, 'too far behind; reconnecting');
      this.ws.terminate();
      return;
    }
    this.corkUntilNextTick();
    this.ws.send(frame);
  }

  /**
   * Frames sent to one socket in the same tick (a burst of forwarded updates, an ack) leave in one
   * write system call instead of one each: the socket is corked until the next tick. `ws` keeps
   * its net.Socket in `_socket` (stable across ws 8; we pin the version).
   */
  private corkUntilNextTick(): void {
    if (this.corked) return;
    const socket = (this.ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    if (!socket) return;
    this.corked = true;
    socket.cork();
    process.nextTick(() => {
      this.corked = false;
      socket.uncork();
    });
  }

  sendControl(message: ServerControlMessage): void {
    if (this.wantsControl) this.send(encodeControl(message));
  }

  close(code: CloseCodeValue, reason: string): void {
    if (this.closed) return;
    this.ws.close(code, truncateReason(reason));
    this.finish();
  }

  private onFrame(data: unknown, isBinary: boolean): void {
    if (this.closed || !this.room) return;
    if (!isBinary || !(data instanceof Buffer)) {
      this.close(CloseCode.BadMessage, 'only binary frames are accepted');
      return;
    }
    // Awareness is charged by the room, and only for the sender's own state: the stock provider
    // echoes everyone's presence back, and those echoes must not count against it.
    if (data[0] !== MessageType.Awareness && !this.charge()) {
      this.close(CloseCode.RateLimited, 'too many messages per second');
      return;
    }
    try {
      const frame: Uint8Array = new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
      const refusal = routeMessage(this.room, this, frame);
      if (refusal) this.close(refusal.code, refusal.reason);
    } catch (err) {
      // Decoding errors from lib0/yjs land here: a malformed frame, not a server fault.
      this.logger.debug('malformed frame', { draftId: this.draftId, peer: this.id, error: err instanceof Error ? err.message : 'unknown' });
      this.close(CloseCode.BadMessage, 'malformed message');
    }
  }

  charge(): boolean {
    const now = performance.now();
    const burst = this.limits.messagesPerSecond * 2;
    this.tokens = Math.min(burst, this.tokens + ((now - this.lastRefill) / 1000) * this.limits.messagesPerSecond);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClosed(this);
  }
}

function truncateReason(reason: string): string {
  const bytes = Buffer.from(reason);
  return bytes.byteLength <= MAX_CLOSE_REASON_BYTES ? reason : bytes.subarray(0, MAX_CLOSE_REASON_BYTES).toString('utf8').replace(/\uFFFD$/, '');
}
