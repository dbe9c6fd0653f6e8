import type { Peer } from './peer.ts';

/**
 * Per-connection durability acknowledgements (see shared/protocol/messages.ts).
 *
 * Messages are numbered as they arrive. A message whose update was queued for disk is acked when
 * its commit resolves; one that needed no write (already known, or dropped) is acked once every
 * earlier message is. Because the writer commits in order, resolving in arrival order keeps the
 * acks monotonic. Acks of one tick are coalesced into one frame.
 */
export class AckTracker {
  private seq = 0;
  private acked = 0;
  private durableUpTo = 0;
  private last: Promise<void>;
  private flushScheduled = false;
  private noticeSent = false;

  /** `barrier`: writes queued before this connection existed; nothing is acked before them. */
  constructor(
    private readonly peer: Peer,
    barrier: Promise<void>,
  ) {
    this.last = barrier;
  }

  /**
   * Counts one document-carrying message; must be called exactly once per message, in order.
   * `commit` is its write, if it needed one.
   */
  track(commit?: Promise<void>): void {
    const n = ++this.seq;
    if (commit) this.last = commit;
    void this.last.then(() => this.markDurable(n));
  }

  /** A read-only peer tried to write: tell it once (its edits are not saved). */
  readOnlyWriteDropped(): void {
    if (this.noticeSent || !this.peer.wantsControl) return;
    this.noticeSent = true;
    this.peer.sendControl({ type: 'notice', code: 'read-only', message: 'You can read this draft but not change it.' });
  }

  private markDurable(n: number): void {
    if (n <= this.durableUpTo) return;
    // A message with no write of its own is only durable once everything before it is.
    this.durableUpTo = n;
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      if (this.durableUpTo > this.acked && this.peer.wantsControl && !this.peer.readOnly) {
        this.acked = this.durableUpTo;
        this.peer.sendControl({ type: 'ack', seq: this.acked });
      }
    });
  }
}
