import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.ts';
import type { AppendRow, WriterRequest, WriterResponse } from './writer-protocol.ts';

interface QueuedRow {
  kind: 'append';
  row: AppendRow;
  resolve: () => void;
  /** Callers waiting for everything up to and including this item (see `barrier`). */
  after?: Array<() => void>;
}
interface QueuedCompaction {
  kind: 'compact';
  draftId: string;
  state: Uint8Array;
  resolve: () => void;
  after?: Array<() => void>;
}
type Queued = QueuedRow | QueuedCompaction;

export interface UpdateWriterOptions {
  dbPath: string;
  synchronous: 'FULL' | 'NORMAL';
  /** How long to gather updates into one transaction. */
  commitWindowMs: number;
  /** Bytes waiting for disk beyond which new updates are refused (storage has been failing). */
  maxQueuedBytes: number;
  /** Told when storage starts failing and when it recovers. */
  onStorageStateChange: (ok: boolean) => void;
}

/**
 * Group commit of document updates through a worker thread.
 *
 * [D1] An update's promise resolves only after the transaction that holds it committed; callers
 *      acknowledge to clients from there and nowhere else.
 * [D2] Order is preserved: rows are committed in the order they were appended, and a compaction
 *      runs after every row appended before it.
 * [D3] A failed commit (disk full, read-only) loses nothing: its rows go back to the front of the
 *      queue and are retried with backoff until storage recovers; their promises stay pending.
 */
export class UpdateWriter {
  private readonly worker: Worker;
  private readonly queue: Queued[] = [];
  private inFlight: Queued[] | undefined;
  private timer: NodeJS.Timeout | undefined;
  private nextBatchId = 1;
  private queuedBytes = 0;
  private retryDelayMs = 0;
  private healthy = true;
  private readonly pendingByDraft = new Map<string, number>();
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly options: UpdateWriterOptions,
    private readonly logger: Logger,
  ) {
    // The worker is TypeScript too. Node 20 does not apply the main thread's ESM loader hooks to a
    // worker's entry file, so a small bootstrap registers tsx's CommonJS hook and loads it.
    const require = createRequire(import.meta.url);
    const bootstrap = [
      `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();`,
      `require(${JSON.stringify(fileURLToPath(new URL('./update-writer.worker.ts', import.meta.url)))});`,
    ].join('\n');
    this.worker = new Worker(bootstrap, {
      eval: true,
      execArgv: [],
      workerData: { dbPath: options.dbPath, synchronous: options.synchronous },
    });
    this.worker.on('message', (res: WriterResponse) => this.onResponse(res));
    this.worker.on('error', (err) => {
      // A crashed writer cannot commit anything more: exit so a supervisor restarts us; nothing
      // unacknowledged is lost because clients keep unacknowledged updates and resend them.
      this.logger.error('update writer crashed', { err });
      process.exitCode = 70;
      process.kill(process.pid, 'SIGTERM');
    });
  }

  /** Whether new updates can be taken (false while storage fails and the backlog is large). */
  acceptsWrites(): boolean {
    return this.healthy || this.queuedBytes < this.options.maxQueuedBytes;
  }

  isHealthy(): boolean {
    return this.healthy;
  }

  /** Queues one update; resolves once it is durable. */
  append(row: AppendRow): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push({ kind: 'append', row, resolve });
      this.queuedBytes += row.data.byteLength;
      this.pendingByDraft.set(row.draftId, (this.pendingByDraft.get(row.draftId) ?? 0) + 1);
      this.schedule();
    });
  }

  /** Queues a compaction of `draftId` into `state`; resolves once committed. */
  compact(draftId: string, state: Uint8Array): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push({ kind: 'compact', draftId, state, resolve });
      this.pendingByDraft.set(draftId, (this.pendingByDraft.get(draftId) ?? 0) + 1);
      this.schedule();
    });
  }

  /** Writes for `draftId` not yet committed (a draft is unloaded only at zero). */
  pendingFor(draftId: string): number {
    return this.pendingByDraft.get(draftId) ?? 0;
  }

  /**
   * Resolves when everything queued up to now is committed (later appends do not delay it, so
   * this settles even under a continuous stream of updates).
   */
  barrier(): Promise<void> {
    const last = this.queue[this.queue.length - 1] ?? this.inFlight?.[this.inFlight.length - 1];
    if (!last) return Promise.resolve();
    return new Promise((resolve) => (last.after ??= []).push(resolve));
  }

  /** Resolves when the queue is empty and nothing is in flight. */
  drain(): Promise<void> {
    if (this.queue.length === 0 && !this.inFlight) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.drain();
    this.closed = true;
    await this.worker.terminate();
  }

  private schedule(): void {
    if (this.inFlight || this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sendNext();
    }, this.retryDelayMs || this.options.commitWindowMs);
  }

  private sendNext(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const first = this.queue[0];
    if (!first) return;
    let request: WriterRequest;
    if (first.kind === 'compact') {
      this.inFlight = this.queue.splice(0, 1);
      request = { kind: 'compact', batchId: this.nextBatchId++, draftId: first.draftId, state: first.state };
    } else {
      let end = 0;
      while (end < this.queue.length && this.queue[end]?.kind === 'append') end++;
      const batch = this.queue.splice(0, end) as QueuedRow[];
      this.inFlight = batch;
      request = { kind: 'append', batchId: this.nextBatchId++, rows: batch.map((q) => q.row) };
    }
    this.worker.postMessage(request);
  }

  private onResponse(res: WriterResponse): void {
    const batch = this.inFlight ?? [];
    this.inFlight = undefined;
    if (res.ok) {
      for (const item of batch) {
        if (item.kind === 'append') this.queuedBytes -= item.row.data.byteLength;
        const draftId = item.kind === 'append' ? item.row.draftId : item.draftId;
        const left = (this.pendingByDraft.get(draftId) ?? 1) - 1;
        if (left <= 0) this.pendingByDraft.delete(draftId);
        else this.pendingByDraft.set(draftId, left);
        item.resolve();
        for (const waiter of item.after ?? []) waiter();
      }
      this.retryDelayMs = 0;
      if (!this.healthy) {
        this.healthy = true;
        this.logger.info('storage recovered');
        this.options.onStorageStateChange(true);
      }
    } else {
      // [D3] put the batch back, in order, and retry later.
      this.queue.unshift(...batch);
      this.retryDelayMs = Math.min(5000, Math.max(200, this.retryDelayMs * 2));
      if (this.healthy) {
        this.healthy = false;
        this.logger.error('storage write failed; retrying', { code: res.code, error: res.message });
        this.options.onStorageStateChange(false);
      }
    }
    if (this.queue.length > 0) {
      if (this.retryDelayMs > 0) this.schedule();
      else this.sendNext();
    } else if (!this.inFlight) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}
