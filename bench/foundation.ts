import os from 'node:os';
import * as Y from 'yjs';
import { untilSynced, type BenchClient } from './bench-client.ts';
import { measureFloor, type FloorResult } from './floor.ts';
import { cpuTimeMs, peakRssBytes, rssBytes } from './proc.ts';
import { monotonicUs, profileEnv, writeReplayWindow } from './profiling.ts';
import { prepareParagraph, replay, type ReplayResult } from './replay.ts';
import { kibibytes, markdownTable, mebibytes, micros, ms, percentiles, quantile, ratio, type Percentiles } from './stats.ts';
import { startOurs, startReference, type Target } from './targets.ts';
import { editCount, loadTrace, textAfter, type Trace } from './trace.ts';

/**
 * The foundation benchmark (issue 2): a sequential trace replayed through our server by 1, 4 and
 * 16 clients taking turns, beside the reference y-websocket server and the in-process floor, all
 * measured in the same run. Returns a markdown section.
 */

export interface FoundationOptions {
  tracePath: string;
  /** Transactions of the trace to replay (a prefix; the whole takes minutes). */
  prefix: number;
  runLength: number;
  clientCounts: number[];
  /** Fresh-client loads from memory per target (the median is reported). */
  loadSamples: number;
  /** Restarts of our server, each followed by one load from disk (the median is reported). */
  diskSamples: number;
  /** Write V8 CPU profiles of both servers here. */
  profileDir: string | undefined;
  timeoutMs: number;
  /** Progress lines (the section itself is returned). */
  progress: (line: string) => void;
}

interface TargetResult {
  replay: ReplayResult;
  serverCpuMs: number;
  /** Resident memory once started, before any client (bytes). */
  startRss: number;
  peakRss: number;
  loadMemory: number[];
  loadDisk: number[];
  stateBytes: number;
}

export async function benchFoundation(opts: FoundationOptions): Promise<string> {
  const trace = await loadTrace(opts.tracePath);
  const transactions = Math.min(opts.prefix, trace.txns.length);
  const expected = textAfter(trace, transactions);
  const edits = editCount(trace, transactions);
  opts.progress(`foundation: ${trace.name}, first ${transactions} of ${trace.txns.length} transactions (${edits} edits)`);

  // The first pass warms the JIT up (the servers have had their start-up for that); the second counts.
  measureFloor(trace, transactions, expected, 1);
  const floor = measureFloor(trace, transactions, expected, opts.loadSamples);
  const sections: string[] = [header(trace, transactions, edits, expected, opts)];
  for (const clients of opts.clientCounts) {
    const ours = await measure(() => startOurs({ clients, env: profileEnv(opts.profileDir, `plenary-${clients}`) }), clients, trace, transactions, expected, opts);
    const reference = await measure(() => startReference(`bench-${clients}`, profileEnv(opts.profileDir, `reference-${clients}`)), clients, trace, transactions, expected, opts);
    sections.push(table(clients, opts.runLength, ours, reference, floor));
  }
  sections.push(notes(opts));
  return sections.join('\n\n');
}

async function measure(start: () => Promise<Target>, count: number, trace: Trace, transactions: number, expected: string, opts: FoundationOptions): Promise<TargetResult> {
  const target = await start();
  const startRss = rssBytes(target.pid());
  opts.progress(`  ${target.label}, ${count} client${count === 1 ? '' : 's'}: replaying…`);
  try {
    const clients: BenchClient[] = [];
    let result: ReplayResult;
    let serverCpuMs: number;
    const loadMemory: number[] = [];
    let stateBytes = Number.NaN;
    let peakRss: number;
    try {
      for (let i = 0; i < count; i++) clients.push(target.connect(i));
      await Promise.all(clients.map((c) => untilSynced(c, opts.timeoutMs)));
      await prepareParagraph(clients, trace.startContent, target.echoes, opts.timeoutMs);
      const cpuBefore = cpuTimeMs(target.pid());
      const fromUs = monotonicUs();
      result = await replay(clients, {
        trace,
        transactions,
        runLength: opts.runLength,
        expected,
        echoes: target.echoes,
        awaitAcks: target.acks,
        timeoutMs: opts.timeoutMs,
      });
      serverCpuMs = cpuTimeMs(target.pid()) - cpuBefore;
      if (opts.profileDir) writeReplayWindow(opts.profileDir, `${target.label.toLowerCase()}-${count}`, fromUs, monotonicUs());
      // While the replay clients stay connected the document is in the server's memory.
      for (let i = 0; i < opts.loadSamples; i++) {
        const load = await timeLoad(target, expected, opts.timeoutMs);
        loadMemory.push(load.ms);
        stateBytes = load.stateBytes;
      }
      peakRss = peakRssBytes(target.pid());
    } finally {
      for (const c of clients) c.destroy();
    }
    const loadDisk: number[] = [];
    if (target.restart) {
      for (let i = 0; i < opts.diskSamples; i++) {
        await target.restart();
        loadDisk.push((await timeLoad(target, expected, opts.timeoutMs)).ms);
      }
    }
    opts.progress(`  ${target.label}, ${count}: ${ms(result.totalMs)} total`);
    return { replay: result, serverCpuMs, startRss, peakRss, loadMemory, loadDisk, stateBytes };
  } finally {
    await target.close();
  }
}

/** A new client: from creating the provider to its first complete sync, text checked. */
async function timeLoad(target: Target, expected: string, timeoutMs: number): Promise<{ ms: number; stateBytes: number }> {
  const started = performance.now();
  const client = target.connect(0);
  try {
    await untilSynced(client, timeoutMs);
    const elapsed = performance.now() - started;
    if (client.text() !== expected) throw new Error(`a new client of ${target.label} loaded ${client.text().length} characters, not ${expected.length}`);
    return { ms: elapsed, stateBytes: Y.encodeStateAsUpdate(client.doc).byteLength };
  } finally {
    client.destroy();
  }
}

const median = (xs: readonly number[]) => quantile(xs, 0.5);
const pair = (p: Percentiles) => (p.count === 0 ? 'n/a' : `${ms(p.p50)} / ${ms(p.p99)}`);
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

function table(clients: number, runLength: number, ours: TargetResult, ref: TargetResult, floor: FloorResult): string {
  const edits = ours.replay.edits;
  const alone = clients === 1;
  // Alone, nobody receives: our latency is the durability ack, the reference's its echo.
  const oursLatency = percentiles(alone ? ours.replay.acks : ours.replay.propagation);
  const refLatency = percentiles(alone ? ref.replay.echoes : ref.replay.propagation);
  const oursAck = percentiles(ours.replay.acks);
  const refEcho = percentiles(ref.replay.echoes);
  const floorApply = percentiles(floor.applyTimes);
  const cpuOurs = (ours.serverCpuMs * 1000) / edits;
  const cpuRef = (ref.serverCpuMs * 1000) / ref.replay.edits;
  const cpuFloor = (floor.cpuMs * 1000) / floor.edits;
  const rows: string[][] = [
    ['total time', ms(ours.replay.totalMs), ms(ref.replay.totalMs), ratio(ours.replay.totalMs, ref.replay.totalMs), ms(floor.totalMs), verdict(ours.replay.totalMs <= ref.replay.totalMs)],
    [
      alone ? 'latency p50 / p99: ack (ours), echo (reference)' : 'propagation p50 / p99',
      pair(oursLatency),
      pair(refLatency),
      ratio(oursLatency.p99, refLatency.p99),
      pair(floorApply),
      verdict(oursLatency.p99 <= refLatency.p99),
    ],
  ];
  if (!alone) rows.push(['durable ack p50 / p99 (ours) · echo (reference)', pair(oursAck), pair(refEcho), ratio(oursAck.p99, refEcho.p99), '', '']);
  rows.push(
    ['server CPU per edit', micros(cpuOurs), micros(cpuRef), ratio(cpuOurs, cpuRef), micros(cpuFloor), verdict(cpuOurs <= cpuRef)],
    ['server memory: at start → peak (VmRSS → VmHWM)', `${mebibytes(ours.startRss)} → ${mebibytes(ours.peakRss)}`, `${mebibytes(ref.startRss)} → ${mebibytes(ref.peakRss)}`, ratio(ours.peakRss, ref.peakRss), '', ''],
    [`new client load, from memory (median of ${ours.loadMemory.length})`, ms(median(ours.loadMemory)), ms(median(ref.loadMemory)), ratio(median(ours.loadMemory), median(ref.loadMemory)), ms(median(floor.loadTimes)), ''],
    [`new client load, from disk after restart (median of ${ours.loadDisk.length})`, ms(median(ours.loadDisk)), 'n/a (memory only)', '', '', ''],
    ['state a new client receives', kibibytes(ours.stateBytes), kibibytes(ref.stateBytes), ratio(ours.stateBytes, ref.stateBytes), kibibytes(floor.stateBytes), ''],
  );
  const samples = `${oursLatency.count.toLocaleString('en')} / ${refLatency.count.toLocaleString('en')} latency samples`;
  return [
    `#### ${clients} client${alone ? '' : 's'}${alone ? '' : `, turns of ${runLength} edits`} (${samples})`,
    '',
    markdownTable(['', 'Plenary', 'reference', 'Plenary ÷ reference', 'floor (in-process)', 'target'], rows),
  ].join('\n');
}

function header(trace: Trace, transactions: number, edits: number, expected: string, opts: FoundationOptions): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return [
    '## Foundation: trace replay through the server',
    '',
    `Trace \`${trace.name}\`: the first ${transactions.toLocaleString('en')} of ${trace.txns.length.toLocaleString('en')} transactions ` +
      `(${edits.toLocaleString('en')} single-character edits, ending at ${expected.length.toLocaleString('en')} characters; ` +
      `the whole trace ends at ${trace.endContent.length.toLocaleString('en')}). Set with \`--prefix\` / \`BENCH_PREFIX\`. ` +
      `Every client ended with exactly the expected text. Node ${process.version}, ${os.cpus().length} × ${cpu}, loopback; ` +
      `timeouts ${opts.timeoutMs / 1000} s per wait.`,
  ].join('\n');
}

function notes(opts: FoundationOptions): string {
  return [
    '**How to read it.** *Plenary* is our server as it ships (authentication at the handshake, each client its own editor',
    'account; write-through SQLite, `synchronous=FULL`, 2 ms group commit; updates not echoed) except `MESSAGES_PER_SECOND`,',
    'raised so the replay is not rate-limited. *reference* is `@y/websocket-server` 0.1.1 in memory (no persistence, no',
    'authentication, gc on, echoes every update to its sender). *floor* is the prefix applied to one Yjs document in this',
    'process (gc off); its "latency" is the time to apply one transaction. The target column compares Plenary with the',
    'reference on total time, p99 latency and CPU per edit. Clients run in this process; each types a run of consecutive',
    'edits, one Yjs transaction (one message) per edit, yielding to the event loop between edits; the next waits until it',
    'has received everything. Propagation: from the sender making the change to another client having applied it, one',
    'sample per (edit, receiver). Ack: from the change to our durability ack. Echo: from the change to the reference',
    "sending it back. Server CPU is the process's user+system time from /proc over the replay (all threads, 10 ms ticks),",
    'per edit; memory is the peak resident set (VmHWM) at the end. A load is a fresh client, from opening the socket to its',
    `first complete sync. ${opts.profileDir ? `CPU profiles: ${opts.profileDir}.` : 'Profile the servers with `--profile DIR`.'}`,
  ].join('\n');
}
