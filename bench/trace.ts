import fs from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type * as Y from 'yjs';
import { z } from 'zod';

/**
 * Sequential editing traces (format: ../shared/traces/README.md). Positions count code points;
 * Yjs counts UTF-16 units. The two agree for text without astral characters, so the loader
 * refuses any trace that has one rather than replaying it at the wrong places.
 */

/** One patch: delete `deleteCount` characters at `position`, then insert `insert` there. */
export type Patch = readonly [position: number, deleteCount: number, insert: string];

export interface Trace {
  name: string;
  startContent: string;
  endContent: string;
  /** Each transaction's patches, applied in order as one change. */
  txns: ReadonlyArray<ReadonlyArray<Patch>>;
}

const TraceFileSchema = z.object({
  startContent: z.string(),
  endContent: z.string(),
  txns: z.array(
    z.object({
      patches: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative(), z.string()])),
    }),
  ),
});

/** Any UTF-16 surrogate: the text has a character outside the Basic Multilingual Plane. */
const ASTRAL = /[\uD800-\uDFFF]/;

/** Loads a gzipped sequential trace and checks that replaying all of it ends at `endContent`. */
export async function loadTrace(file: string): Promise<Trace> {
  const parsed = TraceFileSchema.parse(JSON.parse(gunzipSync(await fs.readFile(file)).toString('utf8')));
  const trace: Trace = {
    name: file.split('/').pop()?.replace(/\.json\.gz$/, '') ?? file,
    startContent: parsed.startContent,
    endContent: parsed.endContent,
    txns: parsed.txns.map((t) => t.patches),
  };
  if (ASTRAL.test(trace.startContent) || trace.txns.some((t) => t.some((p) => ASTRAL.test(p[2])))) {
    throw new RangeError(`${file}: characters outside the BMP; positions would need code point → UTF-16 conversion`);
  }
  const replayed = textAfter(trace, trace.txns.length);
  if (replayed !== trace.endContent) {
    throw new Error(`${file}: replaying every transaction does not end at endContent (${replayed.length} vs ${trace.endContent.length} characters)`);
  }
  return trace;
}

/**
 * The text after the first `count` transactions, computed without Yjs (a gap buffer: the trace
 * edits mostly near its last position, so moving the gap is cheap). This is what every replica
 * must show after a replay of that prefix.
 */
export function textAfter(trace: Trace, count: number): string {
  const buffer = new GapBuffer(trace.startContent);
  for (let i = 0; i < count; i++) for (const patch of trace.txns[i] ?? []) buffer.apply(patch);
  return buffer.toString();
}

/** Number of patches (single edits) in the first `count` transactions. */
export function editCount(trace: Trace, count: number): number {
  let n = 0;
  for (let i = 0; i < count; i++) n += trace.txns[i]?.length ?? 0;
  return n;
}

/** Applies one patch to a Yjs text (positions are UTF-16 units here; the loader ensured they agree). */
export function applyPatch(text: Y.XmlText | Y.Text, [position, deleteCount, insert]: Patch): void {
  if (deleteCount > 0) text.delete(position, deleteCount);
  if (insert) text.insert(position, insert);
}

class GapBuffer {
  private buf: Uint16Array;
  private gapStart: number;
  private gapEnd: number;

  constructor(initial: string) {
    this.buf = new Uint16Array(Math.max(1024, initial.length * 2));
    for (let i = 0; i < initial.length; i++) this.buf[i] = initial.charCodeAt(i);
    this.gapStart = initial.length;
    this.gapEnd = this.buf.length;
  }

  get length(): number {
    return this.buf.length - (this.gapEnd - this.gapStart);
  }

  apply([position, deleteCount, insert]: Patch): void {
    if (position + deleteCount > this.length) {
      throw new RangeError(`patch [${position}, ${deleteCount}] past the end of a ${this.length}-character text`);
    }
    this.moveGap(position);
    this.gapEnd += deleteCount;
    if (insert.length > this.gapEnd - this.gapStart) this.grow(insert.length);
    for (let i = 0; i < insert.length; i++) this.buf[this.gapStart++] = insert.charCodeAt(i);
  }

  toString(): string {
    const decoder = new TextDecoder('utf-16le');
    return decoder.decode(this.buf.subarray(0, this.gapStart)) + decoder.decode(this.buf.subarray(this.gapEnd));
  }

  private moveGap(position: number): void {
    if (position < this.gapStart) {
      const n = this.gapStart - position;
      this.buf.copyWithin(this.gapEnd - n, position, this.gapStart);
      this.gapStart -= n;
      this.gapEnd -= n;
    } else if (position > this.gapStart) {
      const n = position - this.gapStart;
      this.buf.copyWithin(this.gapStart, this.gapEnd, this.gapEnd + n);
      this.gapStart += n;
      this.gapEnd += n;
    }
  }

  private grow(needed: number): void {
    const tail = this.buf.length - this.gapEnd;
    const next = new Uint16Array(Math.max(this.buf.length * 2, this.length + needed + 1024));
    next.set(this.buf.subarray(0, this.gapStart));
    next.set(this.buf.subarray(this.gapEnd), next.length - tail);
    this.gapEnd = next.length - tail;
    this.buf = next;
  }
}
