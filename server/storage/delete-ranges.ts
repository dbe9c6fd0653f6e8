import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type * as Y from 'yjs';

/** A deleted range of one Yjs client's clock values: [clock, clock + len). */
export interface DeleteRange {
  client: number;
  clock: number;
  len: number;
}

/** The ranges of a Yjs delete set (a transaction's `deleteSet`). */
export function rangesOf(ds: Y.Transaction['deleteSet']): DeleteRange[] {
  const out: DeleteRange[] = [];
  for (const [client, items] of ds.clients) for (const d of items) out.push({ client, clock: d.clock, len: d.len });
  return out;
}

/** Our own compact encoding of delete ranges (varuints), for edit_deletions.ds. */
export function encodeRanges(ranges: DeleteRange[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, ranges.length);
  for (const r of ranges) {
    encoding.writeVarUint(e, r.client);
    encoding.writeVarUint(e, r.clock);
    encoding.writeVarUint(e, r.len);
  }
  return encoding.toUint8Array(e);
}

export function decodeRanges(data: Uint8Array): DeleteRange[] {
  const d = decoding.createDecoder(data);
  const n = decoding.readVarUint(d);
  const out: DeleteRange[] = [];
  for (let i = 0; i < n; i++) out.push({ client: decoding.readVarUint(d), clock: decoding.readVarUint(d), len: decoding.readVarUint(d) });
  return out;
}
