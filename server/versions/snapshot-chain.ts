import * as Y from 'yjs';

/**
 * Versions are stored as a chain of snapshot deltas, so a version costs what changed since the
 * previous one rather than the draft's whole history.
 *
 * On the server's document (gc off) a snapshot only ever grows: a client's clock never goes back
 * and a deleted item stays deleted (a restore is a forward edit). So version n's snapshot is exactly
 * the union of what each version up to n added: state vector entries merged by maximum, delete
 * sets merged by union. A version stores only its part of that union (a "delta"); the first version
 * of a draft, and every version saved before deltas existed, stores the full snapshot, which is also
 * a valid starting point of the chain. Both forms are `Y.encodeSnapshot` bytes.
 */
export type SnapshotForm = 'full' | 'delta';

/** The part of `now` that is not already in `previous` (the snapshot of the version before). */
export function snapshotDelta(now: Y.Snapshot, previous: Y.Snapshot): Y.Snapshot {
  const sv = new Map<number, number>();
  for (const [client, clock] of now.sv) if (clock > (previous.sv.get(client) ?? 0)) sv.set(client, clock);
  const ds = Y.createDeleteSet();
  for (const [client, items] of now.ds.clients) {
    const fresh = subtractRanges(items, previous.ds.clients.get(client) ?? []);
    if (fresh.length > 0) ds.clients.set(client, fresh);
  }
  return Y.createSnapshot(ds, sv);
}

/**
 * The full snapshot of a version from its chain: the encoded snapshots of the last full version at
 * or before it and of every version after that up to it, in order.
 */
export function resolveChain(chain: readonly Uint8Array[]): Y.Snapshot {
  const parts = chain.map((bytes) => Y.decodeSnapshot(bytes));
  const sv = new Map<number, number>();
  for (const part of parts) for (const [client, clock] of part.sv) if (clock > (sv.get(client) ?? 0)) sv.set(client, clock);
  // mergeDeleteSets sorts and joins touching ranges, the same canonical form Y.snapshot produces,
  // so a resolved snapshot compares equal (Y.equalSnapshots) to the one taken at save time.
  return Y.createSnapshot(Y.mergeDeleteSets(parts.map((p) => p.ds)), sv);
}

type DeleteItem = { clock: number; len: number };

/** The clock ranges of `all` not covered by `known`; both sorted by clock and non-overlapping. */
function subtractRanges(all: readonly DeleteItem[], known: readonly DeleteItem[]): DeleteItem[] {
  const out: DeleteItem[] = [];
  let k = 0;
  for (const item of all) {
    let start = item.clock;
    const end = item.clock + item.len;
    while (k < known.length && (known[k]?.clock ?? 0) + (known[k]?.len ?? 0) <= start) k++;
    for (let j = k; j < known.length && start < end; j++) {
      const cut = known[j];
      if (!cut || cut.clock >= end) break;
      if (cut.clock > start) out.push({ clock: start, len: cut.clock - start });
      start = Math.max(start, cut.clock + cut.len);
    }
    if (start < end) out.push({ clock: start, len: end - start });
  }
  return out;
}
