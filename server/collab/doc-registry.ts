import type { DraftId, UserId } from '../../shared/ids.ts';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import type { ChangeTopic } from '../../shared/protocol/messages.ts';
import type { Logger } from '../logger.ts';
import * as Y from 'yjs';
import { applyStoredDocument, type DocStore } from '../storage/doc-store.ts';
import type { UpdateWriter } from '../storage/update-writer.ts';
import { DraftRoom, type RoomLimits } from './draft-room.ts';
import type { Peer } from './peer.ts';

export interface RegistryOptions extends RoomLimits {
  idleUnloadMs: number;
  maxOpenDrafts: number;
}

/** Thrown by `open` when the process holds as many drafts as it may and none can be unloaded. */
export class TooManyOpenDrafts extends Error {}

/**
 * The drafts open in this process. A draft is loaded on its first connection and unloaded a while
 * after its last peer left, once every write for it is committed (its log compacted first).
 */
export class DocRegistry {
  private readonly rooms = new Map<DraftId, DraftRoom>();
  private readonly unloadTimers = new Map<DraftId, NodeJS.Timeout>();

  constructor(
    private readonly store: DocStore,
    private readonly writer: UpdateWriter,
    private readonly options: RegistryOptions,
    private readonly logger: Logger,
  ) {}

  /** The room for a draft, loading it from storage if it is not in memory. */
  open(draftId: DraftId): DraftRoom {
    const timer = this.unloadTimers.get(draftId);
    if (timer) {
      clearTimeout(timer);
      this.unloadTimers.delete(draftId);
    }
    let room = this.rooms.get(draftId);
    if (!room) {
      if (this.rooms.size >= this.options.maxOpenDrafts && !this.evictIdleRoom()) throw new TooManyOpenDrafts();
      const started = performance.now();
      const stored = this.store.load(draftId);
      room = new DraftRoom(draftId, stored, this.writer, this.options, this.logger);
      this.rooms.set(draftId, room);
      this.logger.debug('draft loaded', { draftId, updates: stored.updates.length, ms: Math.round(performance.now() - started) });
    }
    // Opened for a reader on the server (an export, a restore) rather than a peer: unload it
    // later unless someone joins (tryUnload leaves rooms with peers alone).
    if (room.peers.size === 0) this.scheduleUnload(draftId);
    return room;
  }

  /**
   * Runs `fn` on a draft's document without keeping it in memory: the open room's document, or a
   * throwaway copy loaded from storage (a draft is unloaded only once its writes are committed,
   * so storage then holds everything). For readers on the server: exports, versions, anchors.
   */
  withDocument<T>(draftId: DraftId, fn: (doc: Y.Doc) => T): T {
    const room = this.rooms.get(draftId);
    if (room) return fn(room.doc);
    const doc = new Y.Doc({ gc: false });
    try {
      applyStoredDocument(doc, this.store.load(draftId));
      return fn(doc);
    } finally {
      doc.destroy();
    }
  }

  /** The room if it is in memory (without loading it). */
  peek(draftId: DraftId): DraftRoom | undefined {
    return this.rooms.get(draftId);
  }

  join(peer: Peer): DraftRoom {
    const room = this.open(peer.draftId);
    room.join(peer);
    return room;
  }

  leave(peer: Peer): void {
    const room = this.rooms.get(peer.draftId);
    if (!room) return;
    room.leave(peer);
    if (room.peers.size === 0) this.scheduleUnload(peer.draftId);
  }

  /** After a membership change: end that user's connections to the draft so they reconnect under the new role. */
  membershipChanged(draftId: DraftId, userId: UserId, removed: boolean): void {
    const room = this.rooms.get(draftId);
    if (!room) return;
    if (removed) room.closePeersOf(userId, CloseCode.Forbidden, 'you are no longer a member of this draft');
    else room.closePeersOf(userId, CloseCode.RoleChanged, 'your role changed');
  }

  /** Notifies a draft's connected peers that `topic` changed (no-op when nobody has it open). */
  notify(draftId: DraftId, topic: ChangeTopic): void {
    this.rooms.get(draftId)?.notify(topic);
  }

  /** Ends every connection opened with one session (logout). */
  closeSession(sessionId: string, code: (typeof CloseCode)[keyof typeof CloseCode], reason: string): void {
    for (const room of this.rooms.values())
      for (const peer of [...room.peers]) if (peer.identity.sessionId === sessionId) peer.close(code, reason);
  }

  /** Ends every connection of a user everywhere (logout everywhere, disabled account). */
  closeUser(userId: UserId, code: (typeof CloseCode)[keyof typeof CloseCode], reason: string): void {
    for (const room of this.rooms.values()) room.closePeersOf(userId, code, reason);
  }

  /** Everyone with at least one open connection, in any draft. */
  connectedUsers(): Set<UserId> {
    const users = new Set<UserId>();
    for (const room of this.rooms.values()) for (const peer of room.peers) users.add(peer.identity.userId);
    return users;
  }

  /** Every room in memory (health, tests, shutdown). */
  all(): Iterable<DraftRoom> {
    return this.rooms.values();
  }

  get size(): number {
    return this.rooms.size;
  }

  /** Closes every connection and compacts every room (clean shutdown). */
  async shutdown(): Promise<void> {
    for (const t of this.unloadTimers.values()) clearTimeout(t);
    this.unloadTimers.clear();
    for (const room of this.rooms.values()) {
      for (const peer of [...room.peers]) peer.close(CloseCode.ServiceRestart, 'server restarting');
      await room.maybeCompact(true);
    }
  }

  /**
   * Frees one slot by unloading the longest-idle draft with no peers, if its writes are all
   * committed (its log stays in storage; it loads again on the next connection).
   */
  private evictIdleRoom(): boolean {
    let oldest: DraftRoom | undefined;
    for (const room of this.rooms.values()) {
      if (room.peers.size > 0 || this.writer.pendingFor(room.draftId) > 0) continue;
      if (!oldest || room.lastActivity < oldest.lastActivity) oldest = room;
    }
    if (!oldest) return false;
    const timer = this.unloadTimers.get(oldest.draftId);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(oldest.draftId);
    this.rooms.delete(oldest.draftId);
    oldest.destroy();
    this.logger.debug('draft evicted', { draftId: oldest.draftId });
    return true;
  }

  private scheduleUnload(draftId: DraftId): void {
    if (this.unloadTimers.has(draftId)) return;
    const timer = setTimeout(() => {
      this.unloadTimers.delete(draftId);
      void this.tryUnload(draftId);
    }, this.options.idleUnloadMs);
    timer.unref();
    this.unloadTimers.set(draftId, timer);
  }

  private async tryUnload(draftId: DraftId): Promise<void> {
    const room = this.rooms.get(draftId);
    if (!room || room.peers.size > 0) return;
    await room.maybeCompact(true);
    await this.writer.barrier();
    // Someone may have joined while we waited.
    if (room.peers.size > 0 || this.rooms.get(draftId) !== room || this.writer.pendingFor(draftId) > 0) {
      if (room.peers.size === 0) this.scheduleUnload(draftId);
      return;
    }
    this.rooms.delete(draftId);
    room.destroy();
    this.logger.debug('draft unloaded', { draftId });
  }
}
