import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type { DraftId, UserId } from '../../shared/ids.ts';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { MessageType, type ChangeTopic } from '../../shared/protocol/messages.ts';
import type { Logger } from '../logger.ts';
import { applyStoredDocument, type StoredDocument } from '../storage/doc-store.ts';
import type { UpdateWriter } from '../storage/update-writer.ts';
import type { AppendRow, EditRecord } from '../storage/writer-protocol.ts';
import { checkAwarenessUpdate } from './awareness-guard.ts';
import type { Peer } from './peer.ts';
import { AckTracker } from './ack-tracker.ts';

/** Origin of changes the server makes itself (restore, accepted suggestion). */
export const SERVER_ORIGIN = Symbol('plenary-server');

/** See DraftRoom.onApplied. */
export type AppliedListener = (update: Uint8Array, userId: UserId, origin: Peer | typeof SERVER_ORIGIN) => void;

export interface RoomLimits {
  maxDocumentBytes: number;
  maxAwarenessBytes: number;
  compactAfterUpdates: number;
}

/**
 * Describes each applied edit for storage with its update (versions' EditRecorder); the room takes
 * the record of the transaction it just applied and hands it to the writer with the update.
 */
export interface EditRecordSource {
  /** The record of the transaction just applied, if it changed anything worth recording. */
  take(): EditRecord | undefined;
  /** That record is committed (readable from the database from now on). */
  committed(record: EditRecord): void;
}

const NO_EDIT_RECORDS: EditRecordSource = { take: () => undefined, committed: () => {} };

/** Why a document message was refused; the caller closes the connection with this. */
export type Refusal = { code: (typeof CloseCode)[keyof typeof CloseCode]; reason: string };

/**
 * One open draft: its Yjs document, awareness, and connected peers.
 *
 * [R1] The document is loaded from stored updates only (never rebuilt from JSON or HTML) and keeps
 *      its history (gc off) so versions can be taken as Yjs snapshots.
 * [R2] A peer's document message is validated (decodable; writes only under client ids it owns;
 *      within the size cap), then applied and broadcast at once, and queued for disk; the peer is
 *      acknowledged only after the commit.
 * [R3] Read-only peers change nothing: their sync step 2 and update messages are dropped.
 * [R5] A server change that an update calls for (followWith: typing carried into a moved block) is
 *      made right after that update is queued for disk, so both are committed in one transaction
 *      (the writer commits every row queued together at once), and the sender's acknowledgement
 *      waits for it too.
 */
export class DraftRoom {
  /** Called with every room once loaded, before any peer joins (versions record edits from here). */
  static readonly onCreate = new Set<(room: DraftRoom) => void>();
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<Peer>();
  private readonly clients: Map<number, UserId>;
  private readonly awarenessClientOf = new Map<Peer, number>();
  private readonly acks = new Map<Peer, AckTracker>();
  private readonly appliedListeners = new Set<AppliedListener>();
  /** Server changes asked for while the current update was forwarded (see followWith). */
  private readonly followUps: Array<() => Promise<void>> = [];
  private approxBytes: number;
  private logRows: number;
  private compacting = false;
  /** Time of the last change, for idle unloading and automatic versions. */
  lastActivity = Date.now();
  /** Set by versions when the room is created (DraftRoom.onCreate). */
  editRecords: EditRecordSource = NO_EDIT_RECORDS;

  constructor(
    readonly draftId: DraftId,
    stored: StoredDocument,
    private readonly writer: UpdateWriter,
    private readonly limits: RoomLimits,
    private readonly logger: Logger,
  ) {
    this.doc = new Y.Doc({ gc: false });
    this.clients = stored.clients;
    this.approxBytes = stored.bytes;
    this.logRows = stored.updates.length;
    applyStoredDocument(this.doc, stored);
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    // No general 'update' listener on purpose: with none, Yjs does not re-encode each applied
    // update, and the room forwards the bytes it received and validated instead (see onApplied).
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange) => {
      const changed = [...added, ...updated, ...removed];
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Awareness);
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
      this.broadcast(encoding.toUint8Array(encoder), undefined);
    });
    for (const hook of DraftRoom.onCreate) hook(this);
  }

  /** Adds a peer and starts the y-websocket handshake: our sync step 1, then everyone's presence. */
  join(peer: Peer): void {
    this.peers.add(peer);
    // Acks on this connection wait for everything already queued for this draft, so an empty
    // step 2 cannot report "saved" before an update from this client's previous connection lands.
    this.acks.set(peer, new AckTracker(peer, this.writer.barrier()));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    peer.send(encoding.toUint8Array(encoder));
    const states = this.awareness.getStates();
    if (states.size > 0) {
      const aw = encoding.createEncoder();
      encoding.writeVarUint(aw, MessageType.Awareness);
      encoding.writeVarUint8Array(aw, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()]));
      peer.send(encoding.toUint8Array(aw));
    }
  }

  leave(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    this.acks.delete(peer);
    const clientId = this.awarenessClientOf.get(peer);
    this.awarenessClientOf.delete(peer);
    if (clientId !== undefined) awarenessProtocol.removeAwarenessStates(this.awareness, [clientId], null);
  }

  /** Answers a peer's sync step 1 with what it lacks. */
  onSyncStep1(peer: Peer, stateVector: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    encoding.writeVarUint(encoder, 1 /* step 2 */);
    encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(this.doc, stateVector));
    peer.send(encoding.toUint8Array(encoder));
  }

  /**
   * A sync step 2 or update from a peer. Returns a refusal to close the connection with, or
   * undefined. Every call counts as one document-carrying message for acknowledgement.
   */
  onDocumentMessage(peer: Peer, update: Uint8Array, kind: 'step2' | 'update'): Refusal | undefined {
    const ack = this.acks.get(peer);
    if (!ack) return undefined;
    if (peer.readOnly) {
      // [R3] Dropped. A stock client answers our step 1 with an (empty) step 2; that is normal.
      ack.track();
      if (update.byteLength > 2) ack.readOnlyWriteDropped();
      return undefined;
    }
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      // Full decode first: a malformed update must fail here, before anything is applied.
      decoded = Y.decodeUpdate(update);
    } catch {
      return { code: CloseCode.BadMessage, reason: 'malformed document update' };
    }
    const reach = new Map<number, number>();
    for (const struct of decoded.structs) {
      const end = struct.id.clock + struct.length;
      if (end > (reach.get(struct.id.client) ?? 0)) reach.set(struct.id.client, end);
    }
    const newClients: number[] = [];
    let hasNewStructs = false;
    for (const [client, toClock] of reach) {
      if (toClock <= Y.getState(this.doc.store, client)) continue; // nothing new under this client id
      hasNewStructs = true;
      const owner = this.clients.get(client);
      if (owner === undefined) newClients.push(client);
      // [R4] A live update may only carry its sender's own client ids. A sync step 2 may also relay
      // others' edits that this server broadcast but lost in a crash before committing them;
      // refusing those would lock honest clients out after a restart, so they are accepted.
      else if (owner !== peer.identity.userId && kind === 'update') {
        return { code: CloseCode.BadMessage, reason: 'update writes as another client' };
      }
    }
    if (this.approxBytes + update.byteLength > this.limits.maxDocumentBytes) {
      return { code: CloseCode.TooLarge, reason: 'the draft has reached its size limit' };
    }
    if (!this.writer.acceptsWrites()) {
      return { code: CloseCode.StorageUnavailable, reason: 'storage unavailable; edits are kept on your device' };
    }
    if (!hasNewStructs && decoded.ds.clients.size === 0) {
      ack.track(); // nothing to apply or store (e.g. an empty or already-known sync step 2)
      return undefined;
    }
    for (const client of newClients) this.clients.set(client, peer.identity.userId);
    Y.applyUpdate(this.doc, update, peer);
    this.forward(update, peer, peer.identity.userId);
    this.approxBytes += update.byteLength;
    this.lastActivity = Date.now();
    const durable = this.storeWithFollowUps({ draftId: this.draftId, userId: peer.identity.userId, data: update, createdAt: this.lastActivity, newClients });
    ack.track(durable);
    this.logRows++;
    void this.maybeCompact();
    return undefined;
  }

  /**
   * Makes a change on behalf of an account from the server itself (a restore, an accepted
   * suggestion): `change` edits the document in one transaction; the resulting update is broadcast
   * to every peer like any edit, attributed to `userId`, and stored. Resolves once it is durable.
   */
  applyServerChange(userId: UserId, change: (doc: Y.Doc) => void): Promise<void> {
    let captured: Uint8Array | undefined;
    const capture = (update: Uint8Array, origin: unknown) => {
      if (origin === SERVER_ORIGIN) captured = captured ? Y.mergeUpdates([captured, update]) : update;
    };
    // A fresh client id per server change, owned by `userId`: insertions stay attributable by
    // client id alone, as for changes that arrive from peers.
    this.doc.clientID = freshClientId(this.doc);
    this.doc.on('update', capture);
    try {
      Y.transact(this.doc, () => change(this.doc), SERVER_ORIGIN);
    } finally {
      this.doc.off('update', capture);
    }
    if (!captured) return Promise.resolve();
    this.forward(captured, SERVER_ORIGIN, userId);
    this.approxBytes += captured.byteLength;
    this.lastActivity = Date.now();
    this.logRows++;
    this.clients.set(this.doc.clientID, userId);
    return this.storeWithFollowUps({ draftId: this.draftId, userId, data: captured, createdAt: this.lastActivity, newClients: [this.doc.clientID] });
  }

  /**
   * For an onApplied listener: a server change (made with applyServerChange) that the update just
   * applied calls for. [R5] It runs as soon as that update is queued for disk, before anything else
   * can be queued, and the update counts as stored only once the change is too.
   */
  followWith(change: () => Promise<void>): void {
    this.followUps.push(change);
  }

  /** The account that owns a Yjs client id of this draft (whose edits it carries), if known. */
  ownerOf(clientId: number): UserId | undefined {
    return this.clients.get(clientId);
  }

  /**
   * Queues an applied update for disk, then makes the changes its listeners asked for (queued right
   * behind it, so committed in the same transaction); resolves once all of them are committed.
   */
  private storeWithFollowUps(row: Omit<AppendRow, 'edits'>): Promise<void> {
    const durable = this.store(row);
    if (this.followUps.length === 0) return durable;
    const followed = this.followUps.splice(0).map((change) => this.runFollowUp(change));
    return Promise.all([durable, ...followed]).then(() => undefined);
  }

  /** A follow-up's durability; a failed one is logged, never passed on: the update itself is applied and queued. */
  private runFollowUp(change: () => Promise<void>): Promise<void> {
    const failed = (err: unknown) => this.logger.error('a change following an update failed', { draftId: this.draftId, err });
    try {
      return change().catch(failed);
    } catch (err) {
      failed(err);
      return Promise.resolve();
    }
  }

  /** Queues an applied update for disk with its edit record; resolves once both are committed. */
  private store(row: Omit<AppendRow, 'edits'>): Promise<void> {
    const edits = this.editRecords.take();
    const durable = this.writer.append(edits ? { ...row, edits } : row);
    if (edits) void durable.then(() => this.editRecords.committed(edits));
    return durable;
  }

  /** A peer's awareness message; returns a refusal for a bad one. Only the peer's own state is applied. */
  onAwareness(peer: Peer, update: Uint8Array): Refusal | undefined {
    const check = checkAwarenessUpdate(
      update,
      this.awarenessClientOf.get(peer),
      (clientId) => this.isAwarenessClientOfAnother(peer, clientId),
      peer.identity,
      this.limits.maxAwarenessBytes,
    );
    if (!check.ok) return { code: check.reason.includes('large') ? CloseCode.TooLarge : CloseCode.BadMessage, reason: check.reason };
    if (check.clientId === undefined) return undefined;
    if (!peer.charge()) return { code: CloseCode.RateLimited, reason: 'too many messages per second' };
    this.awarenessClientOf.set(peer, check.clientId);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, check.update, peer);
    return undefined;
  }

  private isAwarenessClientOfAnother(peer: Peer, clientId: number): boolean {
    for (const [other, id] of this.awarenessClientOf) if (other !== peer && id === clientId) return true;
    // A document client id owned by another account is not this peer's either.
    const owner = this.clients.get(clientId);
    return owner !== undefined && owner !== peer.identity.userId;
  }

  onQueryAwareness(peer: Peer): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]));
    peer.send(encoding.toUint8Array(encoder));
  }

  /** Tells every peer that asked for control messages that `topic` changed (they refetch it). */
  notify(topic: ChangeTopic): void {
    for (const peer of this.peers) peer.sendControl({ type: 'changed', topic });
  }

  /** Closes every connection of `userId` (after a role change or removal). */
  closePeersOf(userId: UserId, code: Refusal['code'], reason: string): number {
    let n = 0;
    for (const peer of [...this.peers]) {
      if (peer.identity.userId === userId) {
        peer.close(code, reason);
        n++;
      }
    }
    return n;
  }

  /** Compacts the update log into one state if it has grown; used on unload too. */
  maybeCompact(force = false): Promise<void> | undefined {
    if (this.compacting) return undefined;
    if (!force && this.logRows < this.limits.compactAfterUpdates) return undefined;
    if (this.logRows === 0) return undefined;
    this.compacting = true;
    const folded = this.logRows;
    const state = Y.encodeStateAsUpdate(this.doc);
    return this.writer.compact(this.draftId, state).then(() => {
      this.logRows -= folded;
      this.approxBytes = state.byteLength;
      this.compacting = false;
      this.logger.debug('compacted', { draftId: this.draftId, rows: folded, bytes: state.byteLength });
      // Rows that arrived while this compaction ran may already be past the threshold.
      void this.maybeCompact();
    });
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }

  /**
   * Called after every change applied to the document (from a peer or made by the server), with
   * the update's bytes and the account it is attributed to. For recorders that must not make Yjs
   * re-encode every update (which a doc 'update' listener would).
   */
  onApplied(listener: AppliedListener): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  /** Sends an applied update to every other peer as it was received, and tells the recorders. */
  private forward(update: Uint8Array, origin: Peer | typeof SERVER_ORIGIN, userId: UserId): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    syncProtocol.writeUpdate(encoder, update);
    // The sender already has its own update; echoing it back would only cost bandwidth.
    this.broadcast(encoding.toUint8Array(encoder), origin);
    for (const listener of this.appliedListeners) listener(update, userId, origin);
  }

  private broadcast(frame: Uint8Array, except: unknown): void {
    for (const peer of this.peers) if (peer !== except) peer.send(frame);
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}


/** A 32-bit client id not yet used in `doc`. */
function freshClientId(doc: Y.Doc): number {
  for (;;) {
    const id = Math.floor(Math.random() * 0xffffffff) >>> 0;
    if (!doc.store.clients.has(id)) return id;
  }
}
