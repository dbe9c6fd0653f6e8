import * as decoding from 'lib0/decoding';
import type * as Y from 'yjs';
import { MessageType, SyncMessageType } from '../../shared/protocol/messages.ts';

/**
 * Knows which of this browser's edits the server has committed (shared/protocol/messages.ts).
 *
 * Every local change to the document bumps `localChanges`. Each document-carrying frame the
 * provider sends (sync step 2 or update) is numbered per socket and remembers how many local
 * changes existed when it left; the server's `ack n` then makes all of those durable. "Saved" is
 * shown only when every local change is durable: never before the server said so.
 */
export class AckTracker {
  private localChanges = 0;
  private durableChanges = 0;
  private sentSeq = 0;
  private inFlight: Array<{ seq: number; changes: number }> = [];
  private readonly listeners = new Set<() => void>();

  /**
   * Must be constructed before the provider so that this update listener runs before the
   * provider's own (which sends the update): the count then already includes the change it sends.
   */
  constructor(
    doc: Y.Doc,
    private readonly isRemote: (origin: unknown) => boolean,
  ) {
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (this.isRemote(origin)) return;
      this.localChanges++;
      this.emit();
    });
  }

  /** Called with every frame the provider sends on the current socket. */
  onSend(frame: Uint8Array): void {
    if (!carriesDocument(frame)) return;
    this.sentSeq++;
    this.inFlight.push({ seq: this.sentSeq, changes: this.localChanges });
  }

  /** The server committed every document frame up to `seq` on the current socket. */
  onAck(seq: number): void {
    while (this.inFlight.length > 0 && (this.inFlight[0]?.seq ?? Infinity) <= seq) {
      const done = this.inFlight.shift();
      if (done) this.durableChanges = Math.max(this.durableChanges, done.changes);
    }
    this.emit();
  }

  /** A new socket starts numbering from 1; what was in flight on the old one is resent by sync. */
  onNewSocket(): void {
    this.sentSeq = 0;
    this.inFlight = [];
  }

  /** Local changes the server has not yet confirmed as stored. */
  get unsaved(): number {
    return this.localChanges - this.durableChanges;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

function carriesDocument(frame: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MessageType.Sync) return false;
    const sub = decoding.readVarUint(decoder);
    return sub === SyncMessageType.Step2 || sub === SyncMessageType.Update;
  } catch {
    return false;
  }
}
