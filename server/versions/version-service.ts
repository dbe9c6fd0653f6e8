import { StorageTimeout } from '../errors.ts';
import * as Y from 'yjs';
import type { CompareResponse, PmNodeJSON, VersionPerson, VersionReason, VersionSummary } from '../../shared/api/versions.ts';
import type { DraftId, UserId, VersionId } from '../../shared/ids.ts';
import type { ChangeTopic } from '../../shared/protocol/messages.ts';
import { newId } from '../auth/tokens.ts';
import { DraftRoom } from '../collab/draft-room.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../storage/db.ts';
import type { PeopleInDraft } from '../auth/people-in-draft.ts';
import type { UsersRepo } from '../storage/users-repo.ts';
import { AttributionIndex } from './attribution.ts';
import { AutoVersioner } from './auto-versions.ts';
import { contentHash } from './canonical-text.ts';
import { EditRecorder } from './edit-recorder.ts';
import { redline } from './redline.ts';
import { restorableNode, transformInto } from './restore.ts';
import { resolveChain, snapshotDelta } from './snapshot-chain.ts';
import { changedSince, contentAt, currentContent } from './snapshots.ts';
import { createVersionStore, type VersionRow } from './version-store.ts';

/** What versions need of the open drafts (DocRegistry provides it). */
export interface RoomSource {
  peek(draftId: DraftId): DraftRoom | undefined;
  open(draftId: DraftId): DraftRoom;
  notify(draftId: DraftId, topic: ChangeTopic): void;
  all(): Iterable<DraftRoom>;
  withDocument<T>(draftId: DraftId, fn: (doc: Y.Doc) => T): T;
}

export interface VersionServiceDeps {
  db: Db;
  rooms: RoomSource;
  /** Accounts with their colour in each draft (server/auth/people-in-draft.ts). */
  people: PeopleInDraft;
  logger: Logger;
  /** Quiet period after a burst of editing before an automatic version is saved. */
  autoVersionQuietMs: number;
  /** Resolves once every document update queued so far is committed (UpdateWriter.barrier). */
  durable: () => Promise<void>;
  /** How long a save waits for that before giving up with StorageTimeout (storage failing or locked). */
  saveTimeoutMs: number;
}

export interface SaveRequest {
  name: string;
  kind: 'named' | 'auto';
  reason: VersionReason;
  savedBy: UserId | null;
}

/** Why a restore could not be done; the route turns it into a 409. */
export class RestoreRefused extends Error {}

/**
 * Versions of drafts: save (named or automatic), list, open, rename, baseline, compare, restore.
 * The one place that composes the version store, the edit recorder, snapshots and the redline.
 */
export function createVersionService(deps: VersionServiceDeps) {
  const { db, rooms, people, logger } = deps;
  const store = createVersionStore(db);
  const recorder = new EditRecorder();
  const { durable } = deps;
  // Never throws into the timer or the unload that triggers it: a failed automatic save is logged.
  const auto = new AutoVersioner(
    deps.autoVersionQuietMs,
    (room) => void saveAutomatic(room.draftId, room.doc).catch((err: unknown) => logger.error('automatic version could not be saved', { draftId: room.draftId, err })),
    logger,
  );
  const attach = (room: DraftRoom) => {
    recorder.attach(room);
    auto.attach(room);
  };
  DraftRoom.onCreate.add(attach);
  for (const room of rooms.all()) attach(room);



  const attribution = (draftId: DraftId) =>
    new AttributionIndex(draftId, store, people(draftId), (client) => recorder.ownerOf(draftId, client), [...recorder.pendingRecords(draftId)]);

  function person(users: Pick<UsersRepo, 'findById'>, userId: UserId | null): VersionPerson | null {
    if (!userId) return null;
    const u = users.findById(userId);
    return u ? { userId: u.id, name: u.name, organisation: u.organisation, color: u.color } : { userId, name: 'Former member', organisation: '', color: '' };
  }

  function toSummary(row: VersionRow, baselineId: VersionId | null): VersionSummary {
    const users = people(row.draftId);
    return {
      id: row.id,
      seq: row.seq,
      name: row.name,
      kind: row.kind,
      reason: row.reason,
      createdAt: new Date(row.createdAt).toISOString(),
      savedBy: person(users, row.savedBy),
      contributors: row.contributors.map((u) => person(users, u)).filter((p): p is VersionPerson => p !== null),
      contentHash: row.contentHash,
      bytes: row.snapshot.byteLength,
      isBaseline: row.id === baselineId,
    };
  }

  /**
   * Each draft's latest version with its full snapshot, kept from the last save so the next save
   * (and the automatic versioner's "changed since?") does not resolve the chain again. Versions are
   * only ever added, by this service, so it cannot go stale.
   */
  const latestFull = new Map<DraftId, { id: VersionId; snapshot: Y.Snapshot }>();

  /** A version's full snapshot, resolved from its stored chain. */
  function snapshotOf(row: VersionRow): Y.Snapshot {
    const cached = latestFull.get(row.draftId);
    if (cached?.id === row.id) return cached.snapshot;
    return resolveChain(store.chainTo(row.draftId, row.seq));
  }

  /** Accounts that inserted or deleted since the previous version. */
  function contributorsSince(draftId: DraftId, now: Y.Snapshot, previous: { row: VersionRow; snapshot: Y.Snapshot } | undefined): UserId[] {
    // Owners only (not the whole AttributionIndex): a save must cost what changed, not the history.
    const owners = new Map(store.owners(draftId).map((o) => [o.clientId, o.userId]));
    const who = { ownerOf: (client: number) => owners.get(client) ?? recorder.ownerOf(draftId, client) };
    const before = previous?.snapshot ?? Y.emptySnapshot;
    const out = new Set<UserId>();
    for (const [client, clock] of now.sv) {
      if (clock <= (before.sv.get(client) ?? 0)) continue;
      const owner = who.ownerOf(client);
      if (owner) out.add(owner);
    }
    const since = previous?.row.createdAt ?? 0;
    const deleters: Array<{ userId: string | null; actorClient: number | null }> = store.deletersSince(draftId, since);
    for (const r of recorder.pendingRecords(draftId)) if (r.deletions && r.at > since) deleters.push(r.deletions);
    for (const d of deleters) {
      const owner = d.userId ?? (d.actorClient !== null ? who.ownerOf(d.actorClient) : undefined);
      if (owner) out.add(owner as UserId);
    }
    return [...out];
  }

  /**
   * Saves a version of `doc` as it is now. Everything the version holds (snapshot, delta, hash,
   * contributors) is taken synchronously, before the first await, so no edit slips in. The row is
   * written only once every update that snapshot covers is committed: a version must never refer to
   * edits a crash could still lose, or after a restart it would not open (or not as the text its
   * hash certifies). Updates are committed within milliseconds, so the wait is short.
   */
  async function saveFrom(draftId: DraftId, doc: Y.Doc, req: SaveRequest): Promise<VersionSummary> {
    const snap = Y.snapshot(doc);
    const latest = store.latest(draftId);
    const previous = latest && { row: latest, snapshot: snapshotOf(latest) };
    const version = {
      id: newId() as VersionId,
      draftId,
      name: req.name,
      kind: req.kind,
      reason: req.reason,
      // A delta from the previous version: bytes in proportion to what changed since it. (A save
      // that overtakes this one while it waits stores its delta from the same previous version:
      // a chain is a union of deltas, so that stays exact.)
      snapshot: Y.encodeSnapshot(previous ? snapshotDelta(snap, previous.snapshot) : snap),
      snapshotForm: previous ? ('delta' as const) : ('full' as const),
      contentHash: contentHash(currentContent(doc)),
      savedBy: req.savedBy,
      createdAt: Date.now(),
      contributors: contributorsSince(draftId, snap, previous),
    };
    recorder.versionSaved(draftId);
    auto.saved(draftId);
    // Bounded: while storage fails the updates stay queued and this would wait for ever. Giving up
    // before the insert leaves nothing half-saved (no version row without its updates).
    await committedWithin(deps.saveTimeoutMs);
    const row = store.insert(version);
    latestFull.set(draftId, { id: row.id, snapshot: snap });
    rooms.notify(draftId, 'versions');
    logger.info('version saved', { draftId, versionId: row.id, kind: row.kind, reason: row.reason, by: req.savedBy, bytes: row.snapshot.byteLength });
    return toSummary(row, store.baselineOf(draftId));
  }

  /** Resolves once every update queued so far is committed; rejects with StorageTimeout after `ms`. */
  async function committedWithin(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new StorageTimeout(`the draft's edits were not committed within ${ms} ms`)), ms);
    });
    try {
      await Promise.race([durable(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** An automatic version, unless nothing changed since the last version. */
  async function saveAutomatic(draftId: DraftId, doc: Y.Doc): Promise<VersionSummary | undefined> {
    const latest = store.latest(draftId);
    if (latest ? !changedSince(doc, snapshotOf(latest)) : Y.snapshot(doc).sv.size === 0) return undefined;
    return saveFrom(draftId, doc, { name: 'Automatic version', kind: 'auto', reason: 'idle', savedBy: null });
  }

  function load(draftId: DraftId, id: VersionId): VersionRow | undefined {
    return store.find(draftId, id);
  }

  return {
    list(draftId: DraftId): { versions: VersionSummary[]; baselineId: VersionId | null } {
      const baselineId = store.baselineOf(draftId);
      return { versions: store.list(draftId).map((r) => toSummary(r, baselineId)), baselineId };
    },

    save(draftId: DraftId, req: SaveRequest): Promise<VersionSummary> {
      return rooms.withDocument(draftId, (doc) => saveFrom(draftId, doc, req));
    },

    /** Saves an automatic version now if the draft changed since the last one (tests, shutdown). */
    saveAutomatic(draftId: DraftId): Promise<VersionSummary | undefined> {
      return rooms.withDocument(draftId, (doc) => saveAutomatic(draftId, doc));
    },

    find(draftId: DraftId, id: VersionId): VersionSummary | undefined {
      const row = load(draftId, id);
      return row && toSummary(row, store.baselineOf(draftId));
    },

    /** The version's metadata and content, or undefined if the draft has no such version. */
    open(draftId: DraftId, id: VersionId): { version: VersionSummary; content: PmNodeJSON } | undefined {
      const row = load(draftId, id);
      if (!row) return undefined;
      const snapshot = snapshotOf(row);
      const content = rooms.withDocument(draftId, (doc) => contentAt(doc, snapshot));
      return { version: toSummary(row, store.baselineOf(draftId)), content };
    },

    rename(draftId: DraftId, id: VersionId, name: string): void {
      store.rename(draftId, id, name);
      rooms.notify(draftId, 'versions');
    },

    setBaseline(draftId: DraftId, id: VersionId, on: boolean): void {
      if (on) store.setBaseline(draftId, id);
      else if (store.baselineOf(draftId) === id) store.clearBaseline(draftId);
      rooms.notify(draftId, 'versions');
    },

    /** The redline from one version to another or to the live draft; undefined if either is unknown. */
    compare(draftId: DraftId, fromId: VersionId, toId: VersionId | 'current'): CompareResponse | undefined {
      let from = load(draftId, fromId);
      let to = toId === 'current' ? undefined : load(draftId, toId);
      if (!from || (toId !== 'current' && !to)) return undefined;
      if (to && to.seq < from.seq) [from, to] = [to, from];
      const fromRow = from;
      const toRow = to;
      return rooms.withDocument(draftId, (doc) => {
        const result = redline(doc, snapshotOf(fromRow), toRow ? snapshotOf(toRow) : Y.snapshot(doc), attribution(draftId));
        const side = (r: VersionRow) => ({ id: r.id, name: r.name, at: new Date(r.createdAt).toISOString() });
        return {
          from: side(fromRow),
          to: toRow ? side(toRow) : { id: 'current' as const, name: 'Current draft', at: new Date().toISOString() },
          ...result,
        };
      });
    },

    /**
     * Restores a version as a forward edit on top of history, for everyone, live: saves the state
     * before it as an automatic version, then transforms the live document into the version's
     * content through the room (attributed to `userId`, broadcast, stored). Undefined if unknown.
     */
    async restore(draftId: DraftId, id: VersionId, userId: UserId): Promise<{ restored: VersionSummary; before: VersionSummary } | undefined> {
      const row = load(draftId, id);
      if (!row) return undefined;
      const room = rooms.open(draftId);
      const target = contentAt(room.doc, snapshotOf(row));
      try {
        restorableNode(target);
      } catch (err) {
        throw new RestoreRefused(`This version does not fit the current document structure and cannot be restored (${err instanceof Error ? err.message : String(err)}).`);
      }
      // No await between the two (saveFrom takes its snapshot before its first await): nothing can
      // arrive in between, so "before" is exactly what was replaced.
      const saving = saveFrom(draftId, room.doc, { name: `Before restoring “${row.name}”`, kind: 'auto', reason: 'before-restore', savedBy: null });
      const applied = room.applyServerChange(userId, (doc) => transformInto(doc, target));
      const before = await saving;
      await applied;
      rooms.notify(draftId, 'versions');
      logger.info('version restored', { draftId, versionId: id, by: userId });
      return { restored: toSummary(row, store.baselineOf(draftId)), before };
    },

    /** Stops the timers (clean shutdown; edit records are written with their updates). */
    close(): void {
      DraftRoom.onCreate.delete(attach);
      auto.close();
    },
  };
}
export type VersionService = ReturnType<typeof createVersionService>;
