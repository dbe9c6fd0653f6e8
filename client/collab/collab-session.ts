import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Me } from '../../shared/api/users.ts';
import type { DraftId } from '../../shared/ids.ts';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import {
  MessageType,
  PROTOCOL_VERSION,
  ServerControlMessageSchema,
  SyncMessageType,
  type ChangeTopic,
  type ClientControlMessage,
} from '../../shared/protocol/messages.ts';
import type { Role } from '../../shared/roles.ts';
import { AckTracker } from './ack-tracker.ts';
import { LOCAL_DB_PREFIX, mayHaveLocalCopy, rememberLocalCopy } from './local-copies.ts';
import { markOpenMilestone } from '../app/open-milestones.ts';
import { consumeUpdatesAfterPaint } from './updates-after-paint.ts';
import { watchRefusedHandshakes } from './refused-handshake.ts';

/** What the UI shows about the connection and saving, derived from the provider and acks. */
export interface CollabStatus {
  connection: 'connecting' | 'connected' | 'offline';
  /** The first sync with the server after (re)connecting has completed. */
  synced: boolean;
  /** Local edits not yet confirmed stored by the server. */
  unsaved: number;
  /** Loaded the copy kept in this browser (IndexedDB). */
  localLoaded: boolean;
  role: Role | undefined;
  readOnly: boolean;
  /** The server said it cannot store edits right now. */
  storageProblem: boolean;
  /** The server ended access for good (removed, logged out, draft gone). */
  ended: { code: number; reason: string } | undefined;
}

export interface CollabSession {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  getStatus(): CollabStatus;
  subscribe(listener: () => void): () => void;
  /** Calls `listener` when the server says `topic` changed (and on every reconnection, since a notice may have been missed). */
  onServerChange(topic: ChangeTopic, listener: () => void): () => void;
  destroy(): void;
}

/**
 * Opens a draft for collaboration: the Yjs document, its copy in this browser (so edits survive
 * offline and reloads), the y-websocket connection, and the durability tracking.
 * The only module that touches the provider (style.md §18).
 */
export function openCollabSession(draftId: DraftId, me: Me): CollabSession {
  markOpenMilestone('session-opened');
  const doc = new Y.Doc();
  // The tracker must exist before the provider (see AckTracker), yet recognise the provider's updates.
  const holder: { provider?: WebsocketProvider } = {};
  const tracker = new AckTracker(doc, (origin) => origin === holder.provider);
  const local = new IndexeddbPersistence(`${LOCAL_DB_PREFIX}${me.id}:${draftId}`, doc);
  // Written once the frame is painted (updates-after-paint.ts) instead of by y-indexeddb's own
  // listener in each keystroke; what the local copy loads is not written back.
  doc.off('update', local._storeUpdate);
  let copyRemembered = false;
  const localWrites = consumeUpdatesAfterPaint(
    doc,
    (update) => {
      local._storeUpdate(update, undefined);
      if (!copyRemembered) rememberLocalCopy(me.id, draftId);
      copyRemembered = true;
    },
    (origin) => origin === local,
  );

  let status: CollabStatus = {
    connection: 'connecting',
    synced: false,
    unsaved: 0,
    localLoaded: false,
    role: undefined,
    readOnly: true,
    storageProblem: false,
    ended: undefined,
  };
  const listeners = new Set<() => void>();
  const changeListeners = new Map<ChangeTopic, Set<() => void>>();
  const emitChange = (topic: ChangeTopic) => {
    for (const l of changeListeners.get(topic) ?? []) l();
  };
  const update = (patch: Partial<CollabStatus>) => {
    status = { ...status, ...patch, unsaved: tracker.unsaved };
    for (const l of listeners) l();
  };
  tracker.subscribe(() => update({}));
  void local.whenSynced.then(() => {
    markOpenMilestone('local-copy-loaded');
    update({ localLoaded: true });
  });

  const sendControl = (ws: WebSocket, message: ClientControlMessage) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Plenary);
    encoding.writeVarString(encoder, JSON.stringify(message));
    ws.send(encoding.toUint8Array(encoder));
  };

  // A WebSocket that counts document frames and says hello first; the provider uses it as is.
  class TrackedWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      tracker.onNewSocket();
      this.addEventListener('open', () => {
        markOpenMilestone('socket-open');
        sendControl(this, { type: 'hello', protocolVersion: PROTOCOL_VERSION });
      });
      // Registered before the provider's handler, so this runs first: when the content arrived, before it is applied.
      this.addEventListener('message', (event: MessageEvent) => {
        if (isSyncStep2(event.data)) markOpenMilestone('sync-step2-received');
      });
    }
    override send(data: string | ArrayBuffer | Blob | ArrayBufferView<ArrayBuffer>): void {
      if (data instanceof Uint8Array) tracker.onSend(data);
      else if (data instanceof ArrayBuffer) tracker.onSend(new Uint8Array(data));
      super.send(data);
    }
  }

  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const provider = new WebsocketProvider(`${scheme}://${location.host}/collab`, draftId, doc, {
    WebSocketPolyfill: TrackedWebSocket,
    // Other tabs of this browser sync through the server too, so acks stay truthful per tab.
    disableBc: true,
    maxBackoffTime: 5000,
    // Connected once the local copy is in the document (below).
    connect: false,
  });
  holder.provider = provider;
  // Sent once the frame is painted, a frame's keystrokes in one message (updates-after-paint.ts),
  // instead of by the provider's own listener in each keystroke; what the server sent is not echoed.
  doc.off('update', provider._updateHandler);
  const sends = consumeUpdatesAfterPaint(doc, (update) => provider._updateHandler(update, undefined), (origin) => origin === provider);
  const connect = () => {
    if (!doc.isDestroyed && !status.ended) provider.connect();
  };
  // A first open has no copy to wait for: connect at once.
  if (mayHaveLocalCopy(me.id, draftId)) connectAfterLocalCopy(local, connect);
  else connect();
  // One's colour in a draft is the membership's, known from the welcome: others see it anyway (the
  // server sets it on our presence); our own presence entry and suggestions take it from our local
  // state, which the caret extension sets from the account when the editor is built, maybe later.
  let memberColor: string | undefined;
  const keepMemberColor = () => {
    const local = readUser(provider.awareness.getLocalState()?.user);
    if (memberColor !== undefined && local.color !== memberColor) provider.awareness.setLocalStateField('user', { ...local, color: memberColor });
  };
  provider.awareness.on('change', keepMemberColor);
  provider.messageHandlers[MessageType.Plenary] = (_encoder, decoder) => {
    const parsed = ServerControlMessageSchema.safeParse(safeJson(decoding.readVarString(decoder)));
    if (!parsed.success) return;
    const message = parsed.data;
    switch (message.type) {
      case 'welcome':
        update({ role: message.role, readOnly: message.readOnly, storageProblem: false });
        memberColor = message.color;
        keepMemberColor();
        for (const topic of changeListeners.keys()) emitChange(topic);
        break;
      case 'changed':
        emitChange(message.topic);
        break;
      case 'ack':
        tracker.onAck(message.seq);
        update({ storageProblem: false });
        break;
      case 'notice':
        if (message.code === 'storage-error') update({ storageProblem: true });
        break;
    }
  };
  // Once a connection is lost the page stays offline through every retry until one succeeds: a
  // retry is "connecting" to the provider, but it said "Offline" only until the next one started
  // (200 ms after the drop at first), then "Connecting…", back and forth while the network is gone.
  provider.on('status', ({ status: s }) =>
    update({ connection: s === 'connected' ? 'connected' : s === 'connecting' && status.connection !== 'offline' ? 'connecting' : 'offline' }),
  );
  provider.on('sync', (synced: boolean) => {
    if (synced) markOpenMilestone('synced');
    update({ synced });
  });
  provider.on('closed', (event) => {
    update({ ended: { code: event.code, reason: event.reason }, connection: 'offline' });
  });
  // A refused handshake shows the page no status (refused-handshake.ts): the API says whether access
  // ended, and the session then ends as that close code would have ended it, without retrying.
  const refusals = watchRefusedHandshakes(provider, draftId, (code) => {
    provider.disconnect();
    update({ ended: { code, reason: 'connection refused' }, connection: 'offline' });
  });
  const onOnline = () => {
    // Reconnect at once when the network returns instead of waiting out the backoff.
    if (!status.ended && !provider.wsconnected) provider.connect();
  };
  window.addEventListener('online', onOnline);

  const user = { name: me.name, color: me.color };
  provider.awareness.setLocalStateField('user', user);

  return {
    doc,
    provider,
    getStatus: () => status,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    onServerChange: (topic, l) => {
      const set = changeListeners.get(topic) ?? new Set();
      set.add(l);
      changeListeners.set(topic, set);
      return () => set.delete(l);
    },
    destroy: () => {
      window.removeEventListener('online', onOnline);
      refusals.stop();
      provider.awareness.off('change', keepMemberColor);
      // The last keystrokes go out before the socket closes.
      sends.stop();
      provider.destroy();
      localWrites.stop();
      void local.destroy();
      doc.destroy();
    },
  };
}

/**
 * How long the connection waits for this browser's copy of the draft before connecting without it
 * (IndexedDB can be slow or unavailable); the copy is then sent when it loads, as an update.
 */
const LOCAL_COPY_WAIT_MS = 1500;

/**
 * Calls `connect` once the local copy is loaded into the document (or after LOCAL_COPY_WAIT_MS).
 * On a reopen the document then already holds the draft when the socket opens, so the sync
 * handshake exchanges only the difference: the server's step 2 carries what changed since (not
 * the whole draft, decoded a second time here), and ours carries only edits the server lacks, such
 * as those kept offline, instead of the whole copy sent back as an update once it loaded.
 */
function connectAfterLocalCopy(local: IndexeddbPersistence, connect: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    connect();
  };
  const timer = setTimeout(once, LOCAL_COPY_WAIT_MS);
  void local.whenSynced.then(once);
}

/** A y-websocket sync step 2 frame (message type, then sync message type, each one byte here). */
function isSyncStep2(data: unknown): boolean {
  if (!(data instanceof ArrayBuffer) || data.byteLength < 2) return false;
  const head = new Uint8Array(data, 0, 2);
  return head[0] === MessageType.Sync && head[1] === SyncMessageType.Step2;
}

function readUser(user: unknown): Record<string, unknown> {
  return typeof user === 'object' && user !== null ? (user as Record<string, unknown>) : {};
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** True for close codes after which reconnecting cannot help (see shared/protocol/close-codes.ts). */
export function isAccessEnded(code: number): boolean {
  return code === CloseCode.Forbidden || code === CloseCode.Unauthenticated || code === CloseCode.NotFound || code === CloseCode.TwoStepRequired;
}
