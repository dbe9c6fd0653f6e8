import type { DraftId, UserId } from '../../shared/ids.ts';
import type { VersionPerson } from '../../shared/api/versions.ts';
import type { UsersRepo } from '../storage/users-repo.ts';
import type { EditRecord } from '../storage/writer-protocol.ts';
import { decodeRanges } from '../storage/delete-ranges.ts';
import type { VersionStore } from './version-store.ts';

/** Who did something and when (epoch ms; 0 when unknown). */
export interface Attribution {
  person: VersionPerson;
  at: number;
}

interface Range<T> {
  start: number;
  end: number;
  value: T;
}

/** Per-client sorted ranges with a binary search; a lookup also says where its range ends. */
class RangeIndex<T> {
  private readonly byClient = new Map<number, Array<Range<T>>>();

  add(client: number, range: Range<T>): void {
    let list = this.byClient.get(client);
    if (!list) this.byClient.set(client, (list = []));
    list.push(range);
  }

  seal(): void {
    for (const list of this.byClient.values()) list.sort((a, b) => a.start - b.start);
  }

  /** The value covering (client, clock) and the clock where that stops holding. */
  find(client: number, clock: number): { value: T | undefined; end: number } {
    const list = this.byClient.get(client);
    if (!list || list.length === 0) return { value: undefined, end: Number.MAX_SAFE_INTEGER };
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = list[mid];
      if (r && r.start <= clock) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const hit = found >= 0 ? list[found] : undefined;
    if (hit && clock < hit.end) return { value: hit.value, end: hit.end };
    const next = list[found + 1];
    return { value: undefined, end: next ? next.start : Number.MAX_SAFE_INTEGER };
  }
}

const UNKNOWN: VersionPerson = { userId: '', name: 'Unknown member', organisation: '', color: '' };

/**
 * Answers "who inserted the item at (client, clock), and when" and "who deleted it, and when" for
 * one draft, from the server's own records only: doc_clients (the account owning each client id),
 * edit_insertions and edit_deletions (server/versions/edit-recorder.ts), and the records of edits
 * applied but not committed yet (`pending`).
 */
export class AttributionIndex {
  private readonly owners = new Map<number, { userId: UserId; firstSeenAt: number }>();
  private readonly insertTimes = new RangeIndex<number>();
  private readonly deleters = new RangeIndex<{ userId: UserId | null; actorClient: number | null; at: number }>();
  private readonly people = new Map<string, VersionPerson>();

  constructor(
    draftId: DraftId,
    store: VersionStore,
    private readonly users: Pick<UsersRepo, 'findById'>,
    recentOwner: (client: number) => UserId | undefined,
    pending: readonly EditRecord[] = [],
  ) {
    for (const o of store.owners(draftId)) this.owners.set(o.clientId, { userId: o.userId, firstSeenAt: o.firstSeenAt });
    this.recentOwner = recentOwner;
    const ins = store.insertions(draftId);
    if (pending.length > 0) {
      for (const r of pending) for (const i of r.insertions) ins.push({ clientId: i.clientId, clock: i.clock, at: r.at });
      ins.sort((a, b) => a.clientId - b.clientId || a.clock - b.clock);
    }
    for (let i = 0; i < ins.length; i++) {
      const row = ins[i];
      if (!row) continue;
      const next = ins[i + 1];
      const end = next && next.clientId === row.clientId ? next.clock : Number.MAX_SAFE_INTEGER;
      this.insertTimes.add(row.clientId, { start: row.clock, end, value: row.at });
    }
    this.insertTimes.seal();
    for (const d of store.deletions(draftId)) {
      for (const r of decodeRanges(d.ds)) {
        this.deleters.add(r.client, { start: r.clock, end: r.clock + r.len, value: { userId: d.userId, actorClient: d.actorClient, at: d.at } });
      }
    }
    for (const r of pending) {
      const d = r.deletions;
      if (!d) continue;
      for (const range of d.ranges) {
        this.deleters.add(range.client, { start: range.clock, end: range.clock + range.len, value: { userId: d.userId as UserId | null, actorClient: d.actorClient, at: r.at } });
      }
    }
    this.deleters.seal();
  }

  private readonly recentOwner: (client: number) => UserId | undefined;

  /** The account behind a Yjs client id. */
  ownerOf(client: number): UserId | undefined {
    return this.owners.get(client)?.userId ?? this.recentOwner(client);
  }

  person(userId: string | undefined): VersionPerson {
    if (!userId) return UNKNOWN;
    let p = this.people.get(userId);
    if (!p) {
      const u = this.users.findById(userId);
      p = u ? { userId: u.id, name: u.name, organisation: u.organisation, color: u.color } : { ...UNKNOWN, userId };
      this.people.set(userId, p);
    }
    return p;
  }

  /** Who inserted (client, clock), and until which clock the same answer holds. */
  inserted(client: number, clock: number): { who: Attribution; end: number } {
    const t = this.insertTimes.find(client, clock);
    const at = t.value ?? this.owners.get(client)?.firstSeenAt ?? 0;
    return { who: { person: this.person(this.ownerOf(client)), at }, end: t.end };
  }

  /** Who deleted (client, clock), and until which clock the same answer holds. */
  deleted(client: number, clock: number): { who: Attribution; end: number } {
    const d = this.deleters.find(client, clock);
    if (!d.value) return { who: { person: UNKNOWN, at: 0 }, end: d.end };
    const userId = d.value.userId ?? (d.value.actorClient !== null ? this.ownerOf(d.value.actorClient) : undefined);
    return { who: { person: this.person(userId ?? undefined), at: d.value.at }, end: d.end };
  }
}
