import * as decoding from 'lib0/decoding';
import { WebSocket, type RawData } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType, ServerControlMessageSchema, type ServerControlMessage } from '../../shared/protocol/messages.ts';
import { carriesDocument, helloFrame, messageTypeOf } from './frames.ts';
import { toBytes, type CloseInfo } from './raw-socket.ts';
import type { TestServer } from './test-server.ts';
import { waitFor, withTimeout } from './wait.ts';

export { rawSocket, expectRefused, HandshakeRefused, type RawSocket } from './raw-socket.ts';
export { waitFor } from './wait.ts';

/** The editor's fragment; paragraphs are XmlElement('paragraph') holding one XmlText. */
const FRAGMENT = 'default';

/** The document's text as the editor shows it: one line per paragraph. */
export function textOf(doc: Y.Doc): string {
  const lines: string[] = [];
  for (const node of doc.getXmlFragment(FRAGMENT).toArray()) {
    if (!(node instanceof Y.XmlElement)) continue;
    let line = '';
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlText)) continue;
      for (const op of child.toDelta() as Array<{ insert?: unknown }>) if (typeof op.insert === 'string') line += op.insert;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

/** Appends `count` paragraphs, the `i`th reading `textOf(i)`, in one transaction (the structure the editor writes). */
export function appendParagraphs(doc: Y.Doc, count: number, textOf: (i: number) => string): void {
  doc.transact(() => {
    const fragment = doc.getXmlFragment(FRAGMENT);
    for (let i = 0; i < count; i++) {
      const paragraph = new Y.XmlElement('paragraph');
      fragment.insert(fragment.length, [paragraph]);
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      text.insert(0, textOf(i));
    }
  });
}

/**
 * Inserts `text` into the first paragraph at `index` (default: its end), creating the paragraph
 * if the document has none — the same structure the editor writes.
 */
export function typeInto(doc: Y.Doc, text: string, index?: number): void {
  doc.transact(() => {
    const fragment = doc.getXmlFragment(FRAGMENT);
    let paragraph = fragment.get(0);
    if (!(paragraph instanceof Y.XmlElement)) {
      paragraph = new Y.XmlElement('paragraph');
      fragment.insert(0, [paragraph]);
    }
    let xmlText = paragraph.get(0);
    if (!(xmlText instanceof Y.XmlText)) {
      xmlText = new Y.XmlText();
      paragraph.insert(0, [xmlText]);
    }
    xmlText.insert(Math.min(index ?? xmlText.length, xmlText.length), text);
  });
}

export function waitForSync(provider: WebsocketProvider, timeoutMs = 10_000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return withTimeout(
    new Promise<void>((resolve) => {
      const onSync = (synced: boolean) => {
        if (!synced) return;
        provider.off('sync', onSync);
        resolve();
      };
      provider.on('sync', onSync);
    }),
    timeoutMs,
    `sync of ${provider.roomname}`,
  );
}

/** One websocket the provider opened, as seen from the client side. */
export interface ConnectionRecord {
  index: number;
  /** Document-carrying frames (sync step 2, update) sent on this socket; the server numbers them the same way. */
  docMessagesSent: number;
  /** The client's own clock when document frame n+1 left: an ack of n+1 makes everything below it durable. */
  clockAtSend: number[];
  /** Top-level message types of the frames received, in order. */
  receivedTypes: number[];
  control: ServerControlMessage[];
  close: CloseInfo | undefined;
}

export interface CollabClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  connections: ConnectionRecord[];
  /** Every ack seen, in order, with the socket it came on. */
  acks: Array<{ connection: number; seq: number }>;
  /** Close codes the server sent, in order. */
  closes: CloseInfo[];
  /** The client's own Yjs clock up to which the server has acknowledged every edit. */
  ackedClock(): number;
  /** The client's own Yjs clock now (grows with every local edit). */
  ownClock(): number;
  welcomes(): Array<Extract<ServerControlMessage, { type: 'welcome' }>>;
  notices(): Array<Extract<ServerControlMessage, { type: 'notice' }>>;
  text(): string;
  /** Types into the first paragraph; returns the own clock after the edit. */
  type(text: string, index?: number): number;
  destroy(): void;
}

export interface ConnectOptions {
  /** Send our `hello` on every connection and record control messages (acks, notices). */
  hello?: boolean;
  /** Passed to the provider; lower it to reconnect faster after a restart. */
  maxBackoffTime?: number;
  doc?: Y.Doc;
}

/**
 * A real y-websocket provider in Node, authenticated by the cookie (and our Origin) on every
 * (re)connection. With `hello`, it behaves like our client: it registers a handler for message
 * type 100 and says hello whenever it connects.
 */
export function connectClient(server: Pick<TestServer, 'wsUrl' | 'origin'>, cookie: string, draftId: string, opts: ConnectOptions = {}): CollabClient {
  const doc = opts.doc ?? new Y.Doc();
  const connections: ConnectionRecord[] = [];
  const bySocket = new WeakMap<object, ConnectionRecord>();
  const acks: Array<{ connection: number; seq: number }> = [];
  const closes: CloseInfo[] = [];
  let ackedClock = 0;
  const ownClock = () => Y.getState(doc.store, doc.clientID);

  class AuthenticatedSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie, origin: server.origin }, perMessageDeflate: false });
      const record: ConnectionRecord = { index: connections.length, docMessagesSent: 0, clockAtSend: [], receivedTypes: [], control: [], close: undefined };
      connections.push(record);
      bySocket.set(this, record);
      const send = this.send.bind(this);
      this.send = (data: unknown, ...rest: unknown[]): void => {
        if (data instanceof Uint8Array && carriesDocument(data)) {
          record.docMessagesSent++;
          record.clockAtSend.push(ownClock());
        }
        Reflect.apply(send, this, [data, ...rest]);
      };
      this.on('message', (data: RawData) => {
        const type = messageTypeOf(toBytes(data));
        if (type !== undefined) record.receivedTypes.push(type);
      });
      this.on('close', (code: number, reason: Buffer) => {
        record.close = { code, reason: reason.toString('utf8') };
        closes.push(record.close);
      });
    }
  }

  const provider = new WebsocketProvider(`${server.wsUrl}/collab`, draftId, doc, {
    disableBc: true,
    WebSocketPolyfill: AuthenticatedSocket as unknown as typeof globalThis.WebSocket,
    ...(opts.maxBackoffTime !== undefined ? { maxBackoffTime: opts.maxBackoffTime } : {}),
  });

  if (opts.hello) {
    provider.messageHandlers[MessageType.Plenary] = (_encoder, decoder, p) => {
      const message = ServerControlMessageSchema.parse(JSON.parse(decoding.readVarString(decoder)));
      const record = p.ws ? bySocket.get(p.ws) : undefined;
      if (!record) return;
      record.control.push(message);
      if (message.type === 'ack') {
        acks.push({ connection: record.index, seq: message.seq });
        const clock = record.clockAtSend[message.seq - 1];
        if (clock !== undefined) ackedClock = Math.max(ackedClock, clock);
      }
    };
    // A copy typed as the DOM socket expects (an ArrayBuffer-backed view).
    const sendHello = () => provider.ws?.send(new Uint8Array(helloFrame()));
    provider.on('status', ({ status }) => {
      if (status === 'connected') sendHello();
    });
    // The provider starts connecting in its constructor; it cannot have opened yet, but be sure.
    if (provider.wsconnected) sendHello();
  }

  const controlOf = () => connections.flatMap((c) => c.control);
  return {
    doc,
    provider,
    connections,
    acks,
    closes,
    ackedClock: () => ackedClock,
    ownClock,
    welcomes: () => controlOf().filter((m): m is Extract<ServerControlMessage, { type: 'welcome' }> => m.type === 'welcome'),
    notices: () => controlOf().filter((m): m is Extract<ServerControlMessage, { type: 'notice' }> => m.type === 'notice'),
    text: () => textOf(doc),
    type(text, index) {
      typeInto(doc, text, index);
      return ownClock();
    },
    destroy() {
      provider.destroy();
      provider.awareness.destroy();
      doc.destroy();
    },
  };
}

/** Connects and waits for the first sync (and, with hello, the welcome). */
export async function connectSynced(server: Pick<TestServer, 'wsUrl' | 'origin'>, cookie: string, draftId: string, opts: ConnectOptions = {}): Promise<CollabClient> {
  const client = connectClient(server, cookie, draftId, opts);
  await waitForSync(client.provider);
  if (opts.hello) await waitFor(() => client.welcomes().length > 0, 5000, 'the welcome');
  return client;
}

/** Reads a draft's current text with a fresh, short-lived client. */
export async function readDraftText(server: Pick<TestServer, 'wsUrl' | 'origin'>, cookie: string, draftId: string): Promise<string> {
  const client = connectClient(server, cookie, draftId);
  try {
    await waitForSync(client.provider);
    return client.text();
  } finally {
    client.destroy();
  }
}
