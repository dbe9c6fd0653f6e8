import * as decoding from 'lib0/decoding';
import { WebSocket, type RawData } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType, ServerControlMessageSchema, SyncMessageType } from '../shared/protocol/messages.ts';
import { helloFrame } from '../tests/helpers/frames.ts';

/**
 * A stock y-websocket provider in Node, as a benchmark client: it authenticates like a browser
 * (Cookie and Origin headers on the handshake), optionally says our `hello` to receive durability
 * acks, and times what the server sends back. No BroadcastChannel: every byte goes through the
 * server under test.
 */

export interface ServerEndpoint {
  /** ws://127.0.0.1:PORT */
  wsUrl: string;
  /** Sent on the handshake (our server checks it; the reference ignores it). */
  origin?: string;
  cookie?: string;
}

export interface BenchClientOptions {
  /** Say hello and record acks (our server only). */
  hello: boolean;
}

/** The editor's fragment; the replay types into its first paragraph. */
export const FRAGMENT = 'default';

export class BenchClient {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** Latencies from sending a measured update to its durability ack (ms). */
  readonly ackLatencies: number[] = [];
  /** While true, document messages sent are timed for acks. */
  measuring = false;
  /** Close codes seen: any during a replay makes the run invalid. */
  readonly closes: number[] = [];

  /** Send time per document-carrying message (seq - 1), or NaN when not measured. */
  private readonly docSendTimes: number[] = [];
  /**
   * Called after the provider applied each sync update the server sent: the replay maps the n-th
   * one to the edit it carries (see replay.ts).
   */
  onUpdateFrame: (() => void) | undefined;
  private ackedSeq = 0;
  private readonly listeners = new Set<() => void>();

  constructor(endpoint: ServerEndpoint, room: string, opts: BenchClientOptions) {
    // Arrow functions keep `this`: the socket class below is constructed by the provider.
    const onSend = (data: Uint8Array) => this.onSend(data);
    const onReceive = (data: RawData) => this.onReceive(data);
    const onClose = (code: number) => {
      // A reconnect would restart the server's ack numbering: any close ends the run as invalid.
      this.closes.push(code);
      this.notify();
    };
    const headers: Record<string, string> = {};
    if (endpoint.cookie) headers.cookie = endpoint.cookie;
    if (endpoint.origin) headers.origin = endpoint.origin;

    class TimedSocket extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols, { headers, perMessageDeflate: false });
        const send = this.send.bind(this);
        this.send = (data: unknown, ...rest: unknown[]): void => {
          if (data instanceof Uint8Array) onSend(data);
          Reflect.apply(send, this, [data, ...rest]);
        };
        // Registered once open, so after the provider's own handler: the update is applied by then.
        this.once('open', () => this.on('message', onReceive));
        this.on('close', onClose);
      }
    }

    this.provider = new WebsocketProvider(`${endpoint.wsUrl}/collab`, room, this.doc, {
      disableBc: true,
      WebSocketPolyfill: TimedSocket as unknown as typeof globalThis.WebSocket,
      maxBackoffTime: 60_000,
    });
    if (opts.hello) {
      this.provider.messageHandlers[MessageType.Plenary] = (_encoder, decoder) => {
        const message = ServerControlMessageSchema.parse(JSON.parse(decoding.readVarString(decoder)));
        if (message.type === 'ack') this.onAck(message.seq);
      };
      this.provider.on('status', ({ status }) => {
        if (status === 'connected') this.provider.ws?.send(new Uint8Array(helloFrame()));
      });
    }
  }

  /** The paragraph's text (the replay writes into one paragraph). */
  get xmlText(): Y.XmlText | undefined {
    const paragraph = this.doc.getXmlFragment(FRAGMENT).get(0);
    const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : undefined;
    return text instanceof Y.XmlText ? text : undefined;
  }

  text(): string {
    return this.xmlText ? plainText(this.xmlText) : '';
  }

  /** This client's own Yjs clock: how many items it has written. */
  ownClock(): number {
    return Y.getState(this.doc.store, this.doc.clientID);
  }

  /** Every document message sent so far is acknowledged as durable. */
  allAcked(): boolean {
    return this.ackedSeq >= this.docSendTimes.length;
  }

  /**
   * Resolves once `predicate` holds, re-checking after every change to the document, ack and
   * update received; rejects after `timeoutMs`, or at once if the connection closed.
   */
  until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (this.closes.length > 0) return finish(new Error(`connection closed (${this.closes.join(', ')}) while waiting for ${what}`));
        try {
          if (predicate()) finish(undefined);
        } catch (err) {
          finish(err instanceof Error ? err : new Error(String(err)));
        }
      };
      const finish = (err: Error | undefined) => {
        clearTimeout(timer);
        this.doc.off('afterTransaction', check);
        this.listeners.delete(check);
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
      this.doc.on('afterTransaction', check);
      this.listeners.add(check);
      check();
    });
  }

  destroy(): void {
    this.provider.destroy();
    this.provider.awareness.destroy();
    this.doc.destroy();
  }

  private onSend(frame: Uint8Array): void {
    const sync = readSync(frame);
    if (!sync || sync.subType === SyncMessageType.Step1) return;
    // Sync step 2 and update both count for acks (shared/protocol/messages.ts).
    this.docSendTimes.push(this.measuring ? performance.now() : Number.NaN);
  }

  private onReceive(data: RawData): void {
    // The provider sets binaryType 'arraybuffer'.
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data instanceof Uint8Array ? data : undefined;
    if (!bytes) return;
    const sync = readSync(bytes);
    if (sync?.subType !== SyncMessageType.Update) return;
    this.onUpdateFrame?.();
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private onAck(seq: number): void {
    const now = performance.now();
    for (let n = this.ackedSeq; n < seq; n++) {
      const sent = this.docSendTimes[n];
      if (sent !== undefined && !Number.isNaN(sent)) this.ackLatencies.push(now - sent);
    }
    this.ackedSeq = Math.max(this.ackedSeq, seq);
    this.notify();
  }
}

/** The characters of a text, without formatting. */
export function plainText(text: Y.XmlText): string {
  let out = '';
  for (const op of text.toDelta() as Array<{ insert?: unknown }>) if (typeof op.insert === 'string') out += op.insert;
  return out;
}

function readSync(frame: Uint8Array): { subType: number } | undefined {
  try {
    const d = decoding.createDecoder(frame);
    if (decoding.readVarUint(d) !== MessageType.Sync) return undefined;
    return { subType: decoding.readVarUint(d) };
  } catch {
    return undefined;
  }
}

/** Resolves when the provider has completed its first sync. */
export function untilSynced(client: BenchClient, timeoutMs: number): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no sync within ${timeoutMs} ms (closes: ${client.closes.join(', ')})`)), timeoutMs);
    const onSync = (synced: boolean) => {
      if (!synced) return;
      clearTimeout(timer);
      client.provider.off('sync', onSync);
      resolve();
    };
    client.provider.on('sync', onSync);
  });
}
