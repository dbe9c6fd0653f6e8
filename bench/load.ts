import fs from 'node:fs';
import { WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MessageType, SyncMessageType } from '../shared/protocol/messages.ts';
import { addMember, buildDraft, buildUser, loginAdmin } from '../tests/helpers/api.ts';
import { startServer, type TestServer } from '../tests/helpers/test-server.ts';
import { childListeningOn, cpuTimeMs, peakRssBytes } from './proc.ts';
import { percentiles } from './stats.ts';

/**
 * Issue 5 §14: many people typing at human speed.
 *
 * - One draft, N editors (default 100) each typing ~5 keystrokes per second into a paragraph of
 *   their own: propagation latency (a keystroke's update leaving its writer → arriving at a
 *   sample of listeners) p50 / p99, server CPU and peak memory.
 * - Many drafts open at once (default 200, three editors each): server memory per idle open draft.
 * - A soak (default 3 minutes; BENCH_SOAK_MINUTES=10 for the full one): memory sampled over time.
 *
 * The writers are lightweight: each keeps a Y.Doc holding only its own paragraph (an insert at the
 * start of the root fragment depends on nothing else), so the benchmark process does not spend its
 * time applying everyone's updates and the server stays the thing measured. Latency is measured
 * at LISTENERS full receivers that decode each update's (client, clock) with Y.parseUpdateMeta.
 */
const EDITORS = Number(process.env.BENCH_LOAD_EDITORS ?? 100);
const KEYS_PER_SECOND = Number(process.env.BENCH_LOAD_RATE ?? 5);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const LISTENERS = 5;
const DRAFTS = Number(process.env.BENCH_LOAD_DRAFTS ?? 200);
const SOAK_MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 3);

interface Socket {
  ws: WebSocket;
  doc: Y.Doc;
  text: Y.XmlText;
}

function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

async function openWriter(server: TestServer, cookie: string, draftId: string, onUpdate?: (update: Uint8Array) => void): Promise<Socket> {
  const ws = new WebSocket(`${server.wsUrl}/collab/${draftId}`, { headers: { Cookie: cookie, Origin: server.origin }, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake ${res.statusCode}`)));
  });
  ws.on('message', (data: Buffer) => {
    if (!onUpdate) return;
    const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (decoding.readVarUint(d) !== MessageType.Sync) return;
    const sub = decoding.readVarUint(d);
    if (sub === SyncMessageType.Update) onUpdate(decoding.readVarUint8Array(d));
  });
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  doc.on('update', (update: Uint8Array) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncMessageType.Update);
    encoding.writeVarUint8Array(e, update);
    ws.send(encoding.toUint8Array(e));
  });
  doc.transact(() => {
    doc.getXmlFragment('default').insert(0, [paragraph]);
    paragraph.insert(0, [text]);
  });
  return { ws, doc, text };
}

async function oneDraftManyEditors(): Promise<string[]> {
  const server = await startServer({ env: { MAX_CONNECTIONS_PER_ADDRESS: '100000', MAX_CONNECTIONS_PER_USER: '10000' } });
  try {
    const pid = childListeningOn(server.port);
    const admin = await loginAdmin(server);
    const owner = await buildUser(server, admin);
    const draftId = await buildDraft(server, owner.cookie, 'Load');
    const editor = await buildUser(server, admin);
    await addMember(server, owner.cookie, draftId, editor.email, 'editor');
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const writers: Socket[] = [];
    for (let i = 0; i < EDITORS; i++) {
      const listen = i < LISTENERS;
      writers.push(
        await openWriter(server, editor.cookie, draftId, listen
          ? (update) => {
              const now = performance.now();
              for (const [client, clock] of Y.parseUpdateMeta(update).to) {
                const t = sentAt.get(`${client}:${clock}`);
                if (t !== undefined) latencies.push(now - t);
              }
            }
          : undefined),
      );
    }
    const cpu0 = cpuTimeMs(pid);
    let keystrokes = 0;
    const end = performance.now() + SECONDS * 1000;
    // Each writer types on its own jittered timer, like a person.
    await Promise.all(
      writers.map(async (w, i) => {
        await new Promise((r) => setTimeout(r, (i * 1000) / KEYS_PER_SECOND / EDITORS));
        while (performance.now() < end) {
          w.text.insert(w.text.length, 'a');
          sentAt.set(`${w.doc.clientID}:${Y.getState(w.doc.store, w.doc.clientID)}`, performance.now());
          keystrokes++;
          await new Promise((r) => setTimeout(r, (1000 / KEYS_PER_SECOND) * (0.8 + Math.random() * 0.4)));
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 1000));
    const cpu = cpuTimeMs(pid) - cpu0;
    const p = percentiles(latencies);
    for (const w of writers) w.ws.close();
    return [
      `### ${EDITORS} editors in one draft, ~${KEYS_PER_SECOND} keystrokes/s each, ${SECONDS} s`,
      '',
      '| measure | value | target |',
      '|---|---|---|',
      `| keystrokes sent | ${keystrokes} (${(keystrokes / SECONDS).toFixed(0)}/s) | |`,
      `| propagation latency p50 / p99 (at ${LISTENERS} listeners, ${latencies.length} samples) | ${p.p50.toFixed(1)} / ${p.p99.toFixed(1)} ms | p99 < 50 ms |`,
      `| server CPU | ${(cpu / SECONDS / 10).toFixed(0)} % of one core (${(cpu / keystrokes).toFixed(3)} ms per keystroke incl. fan-out to ${EDITORS - 1}) | |`,
      `| server peak memory | ${(peakRssBytes(pid) / 2 ** 20).toFixed(0)} MiB | |`,
      '',
    ];
  } finally {
    await server.dispose();
  }
}

async function manyDrafts(): Promise<string[]> {
  const server = await startServer({ env: { MAX_CONNECTIONS_PER_ADDRESS: '100000', MAX_CONNECTIONS_PER_USER: '10000', DOC_IDLE_UNLOAD_MS: '3600000' } });
  try {
    const pid = childListeningOn(server.port);
    const admin = await loginAdmin(server);
    const user = await buildUser(server, admin);
    const ids: string[] = [];
    for (let i = 0; i < DRAFTS; i++) ids.push(await buildDraft(server, user.cookie, `Draft ${i}`));
    global.gc?.();
    await new Promise((r) => setTimeout(r, 500));
    const before = rssBytes(pid);
    const sockets: Socket[] = [];
    for (const id of ids) for (let k = 0; k < 3; k++) sockets.push(await openWriter(server, user.cookie, id));
    // A little content per draft, then everyone idles.
    for (const s of sockets) s.text.insert(0, 'Idle draft text. '.repeat(5));
    await new Promise((r) => setTimeout(r, 3000));
    const open = rssBytes(pid);
    const content = sockets.reduce((n, s) => n + Y.encodeStateAsUpdate(s.doc).byteLength, 0);
    for (const s of sockets) s.ws.close();
    return [
      `### ${DRAFTS} drafts open at once, 3 editors each`,
      '',
      '| measure | value | target |',
      '|---|---|---|',
      `| server RSS before / with all open | ${(before / 2 ** 20).toFixed(0)} / ${(open / 2 ** 20).toFixed(0)} MiB | |`,
      `| memory per open draft (incl. its 3 connections) | ${((open - before) / DRAFTS / 1024).toFixed(0)} KiB (content ≈ ${(content / DRAFTS / 1024).toFixed(1)} KiB each) | < 1 MiB + content |`,
      '',
    ];
  } finally {
    await server.dispose();
  }
}

async function soak(): Promise<string[]> {
  const server = await startServer({ env: { MAX_CONNECTIONS_PER_ADDRESS: '100000' } });
  try {
    const pid = childListeningOn(server.port);
    const admin = await loginAdmin(server);
    const user = await buildUser(server, admin);
    const draftId = await buildDraft(server, user.cookie, 'Soak');
    const writers: Socket[] = [];
    for (let i = 0; i < 10; i++) writers.push(await openWriter(server, user.cookie, draftId));
    const samples: Array<{ minute: number; rss: number }> = [];
    const start = performance.now();
    const end = start + SOAK_MINUTES * 60_000;
    let next = start;
    while (performance.now() < end) {
      for (const w of writers) {
        // Type and delete, as drafting does: the text stays small, history grows.
        w.text.insert(w.text.length, 'word ');
        if (w.text.length > 200) w.text.delete(0, 50);
      }
      if (performance.now() >= next) {
        samples.push({ minute: (performance.now() - start) / 60_000, rss: rssBytes(pid) });
        next += 30_000;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    samples.push({ minute: (performance.now() - start) / 60_000, rss: rssBytes(pid) });
    for (const w of writers) w.ws.close();
    const first = samples[Math.min(1, samples.length - 1)]?.rss ?? 0;
    const last = samples[samples.length - 1]?.rss ?? 0;
    return [
      `### Soak: 10 editors typing and deleting for ${SOAK_MINUTES} min`,
      '',
      `RSS every 30 s (MiB): ${samples.map((s) => (s.rss / 2 ** 20).toFixed(0)).join(', ')}`,
      '',
      `Growth after the first sample: ${((last - first) / 2 ** 20).toFixed(1)} MiB (the draft keeps its history, gc off, so a small steady growth is the document itself).`,
      '',
    ];
  } finally {
    await server.dispose();
  }
}

/** The load section of `npm run bench`. */
export async function benchLoad(): Promise<string> {
  const lines = ['## Load (issue 5)', ''];
  lines.push(...(await oneDraftManyEditors()));
  // BENCH_LOAD_DRAFTS=0 skips this section (a per-draft figure over no drafts means nothing).
  if (DRAFTS > 0) lines.push(...(await manyDrafts()));
  if (SOAK_MINUTES > 0) lines.push(...(await soak()));
  return lines.join('\n');
}
