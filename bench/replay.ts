import { setImmediate as nextMacrotask } from 'node:timers/promises';
import * as Y from 'yjs';
import { FRAGMENT, type BenchClient } from './bench-client.ts';
import { applyPatch, type Trace } from './trace.ts';

/**
 * Replays a sequential trace through a server, split across clients that take turns: each types
 * `runLength` consecutive transactions into the one paragraph, then hands over to the next, which
 * first waits until it has received everything before it (as a person would, reading before
 * typing). One Yjs transaction per trace transaction, so one update message each.
 *
 * The clients share this process. The sender yields to the event loop after every edit, so the
 * receivers handle what arrives between two keystrokes, as separate machines would; without the
 * yield a whole run would be sent before anyone could read a byte, and the latencies would
 * measure our own loop instead of the server.
 */

export interface ReplayOptions {
  trace: Trace;
  /** How many transactions of the trace to replay (a prefix). */
  transactions: number;
  runLength: number;
  /** The text every replica must show at the end. */
  expected: string;
  /** The server sends every update back to its sender too (the reference does; ours does not). */
  echoes: boolean;
  /** Wait for every edit's durability ack before the run counts as done (our server). */
  awaitAcks: boolean;
  timeoutMs: number;
}

export interface ReplayResult {
  totalMs: number;
  edits: number;
  /** Sender's change → applied in another client's document, one sample per (edit, receiver). */
  propagation: number[];
  /** Sender's change → durability ack, one per edit (our server). */
  acks: number[];
  /** Sender's change → the server's echo of it back at the sender (the reference). */
  echoes: number[];
}

/** Client 0 writes the paragraph the replay types into; everyone waits for it. Not timed. */
export async function prepareParagraph(clients: readonly BenchClient[], startContent: string, echoes: boolean, timeoutMs: number): Promise<void> {
  const first = clients[0];
  if (!first) throw new RangeError('a replay needs at least one client');
  let frames = 0;
  first.onUpdateFrame = () => frames++;
  first.doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    if (startContent) text.insert(0, startContent);
    paragraph.insert(0, [text]);
    first.doc.getXmlFragment(FRAGMENT).insert(0, [paragraph]);
  });
  await Promise.all(clients.map((c) => c.until(() => c.xmlText?.length === startContent.length, timeoutMs, 'the paragraph')));
  // A server that echoes must have sent this back before the replay counts update frames.
  if (echoes) await first.until(() => frames > 0, timeoutMs, 'the echo of the paragraph');
  first.onUpdateFrame = undefined;
}

export async function replay(clients: readonly BenchClient[], opts: ReplayOptions): Promise<ReplayResult> {
  const log = new EditLog(clients, opts.echoes);
  for (const c of clients) c.measuring = true;
  let edits = 0;
  const started = performance.now();
  for (let start = 0, turn = 0; start < opts.transactions; start += opts.runLength, turn++) {
    const sender = clients[turn % clients.length];
    const text = sender?.xmlText;
    if (!sender || !text) throw new Error('the sender has no paragraph to type into');
    await sender.until(() => log.hasEverything(sender), opts.timeoutMs, `turn ${turn} to receive the earlier edits`);
    const end = Math.min(start + opts.runLength, opts.transactions);
    for (let i = start; i < end; i++) {
      const patches = opts.trace.txns[i] ?? [];
      const at = performance.now();
      sender.doc.transact(() => {
        for (const patch of patches) applyPatch(text, patch);
      });
      edits += patches.length;
      log.record(sender, at);
      await nextMacrotask();
    }
  }
  // Alone in a room, a client learns that the server has its edits only from the echo (reference)
  // or the ack (ours); with others, their receiving the edits shows it.
  const alone = clients.length === 1;
  await Promise.all(clients.map((c) => c.until(() => log.hasEverything(c, alone), opts.timeoutMs, 'every edit to arrive everywhere')));
  if (opts.awaitAcks) await Promise.all(clients.map((c) => c.until(() => c.allAcked(), opts.timeoutMs, 'every durability ack')));
  const totalMs = performance.now() - started;
  for (const c of clients) c.measuring = false;
  log.dispose();

  clients.forEach((c, i) => {
    const got = c.text();
    if (got !== opts.expected) {
      throw new Error(`client ${i} of ${clients.length} ends with ${got.length} characters, not the trace's ${opts.expected.length}: the replay is wrong`);
    }
  });
  return { totalMs, edits, propagation: log.propagation, acks: clients.flatMap((c) => c.ackLatencies), echoes: log.echoes };
}

/**
 * Which edit each arriving update carries, without putting markers in the document.
 *
 * Every edit is one transaction, so one update message, and the server forwards each as one
 * update frame. The turns make the server's order the replay's order: a sender starts only after
 * it received every earlier edit, so the server had handled them all before its first one. Each
 * connection is FIFO, so a receiver gets the edits in that order, minus its own (or including
 * them, as echoes, from a server that echoes). So the n-th update frame at a receiver is the n-th
 * entry of the log it is due. (Yjs state vectors cannot be used for this: a deletion does not
 * advance the sender's clock.)
 */
class EditLog {
  readonly propagation: number[] = [];
  readonly echoes: number[] = [];
  private readonly senders: BenchClient[] = [];
  private readonly times: number[] = [];
  private readonly cursor = new Map<BenchClient, number>();
  /** Set when an update arrived that no client sent; every wait then fails with it. */
  private outOfStep: string | undefined;

  constructor(
    private readonly clients: readonly BenchClient[],
    private readonly echoing: boolean,
  ) {
    for (const c of clients) {
      this.cursor.set(c, 0);
      c.onUpdateFrame = () => this.arrived(c);
    }
  }

  record(sender: BenchClient, changedAt: number): void {
    this.senders.push(sender);
    this.times.push(changedAt);
  }

  /** Whether `c` has every edit of the others (and, with `ownEchoes`, the echoes of its own). */
  hasEverything(c: BenchClient, ownEchoes = false): boolean {
    if (this.outOfStep) throw new Error(this.outOfStep);
    const at = this.cursor.get(c) ?? 0;
    if (!this.echoing) return this.skipOwn(c, at) >= this.senders.length;
    let needed = this.senders.length;
    if (!ownEchoes) while (needed > 0 && this.senders[needed - 1] === c) needed--;
    return at >= needed;
  }

  dispose(): void {
    for (const c of this.clients) c.onUpdateFrame = undefined;
  }

  private arrived(receiver: BenchClient): void {
    const now = performance.now();
    const i = this.echoing ? (this.cursor.get(receiver) ?? 0) : this.skipOwn(receiver, this.cursor.get(receiver) ?? 0);
    const sender = this.senders[i];
    const at = this.times[i];
    if (sender === undefined || at === undefined) {
      // Not thrown: this runs in a socket listener. The waits report it.
      this.outOfStep ??= 'an update arrived that no client sent: the edit log is out of step';
      return;
    }
    (sender === receiver ? this.echoes : this.propagation).push(now - at);
    this.cursor.set(receiver, i + 1);
  }

  /** A server that does not echo never sends a client its own edits: step over them. */
  private skipOwn(c: BenchClient, from: number): number {
    let i = from;
    while (this.senders[i] === c) i++;
    return i;
  }
}
