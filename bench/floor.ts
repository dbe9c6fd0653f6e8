import * as Y from 'yjs';
import { FRAGMENT, plainText } from './bench-client.ts';
import { applyPatch, type Trace } from './trace.ts';

/**
 * The floor: the same prefix applied in this process to one Yjs document shaped like the editor's
 * (one paragraph of the `default` fragment), history kept (gc off) as our server keeps it. No
 * network, no server: what any Yjs-based replay must at least cost.
 */

export interface FloorResult {
  totalMs: number;
  edits: number;
  /** Time to apply each transaction (ms). */
  applyTimes: number[];
  /** CPU of this process over the replay (ms). */
  cpuMs: number;
  /** Encode the state, and apply it to a fresh document: a load with no transport (ms, each sample). */
  loadTimes: number[];
  stateBytes: number;
}

export function measureFloor(trace: Trace, transactions: number, expected: string, loadSamples: number): FloorResult {
  const doc = new Y.Doc({ gc: false });
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  doc.transact(() => {
    if (trace.startContent) text.insert(0, trace.startContent);
    paragraph.insert(0, [text]);
    doc.getXmlFragment(FRAGMENT).insert(0, [paragraph]);
  });
  const applyTimes: number[] = [];
  let edits = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < transactions; i++) {
    const patches = trace.txns[i] ?? [];
    const at = performance.now();
    doc.transact(() => {
      for (const patch of patches) applyPatch(text, patch);
    });
    applyTimes.push(performance.now() - at);
    edits += patches.length;
  }
  const totalMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  if (plainText(text) !== expected) throw new Error('the in-process replay does not end at the expected text');

  const loadTimes: number[] = [];
  let stateBytes = 0;
  for (let i = 0; i < loadSamples; i++) {
    const at = performance.now();
    const state = Y.encodeStateAsUpdate(doc);
    const fresh = new Y.Doc({ gc: false });
    Y.applyUpdate(fresh, state);
    loadTimes.push(performance.now() - at);
    stateBytes = state.byteLength;
    fresh.destroy();
  }
  doc.destroy();
  return { totalMs, edits, applyTimes, cpuMs: (cpu.user + cpu.system) / 1000, loadTimes, stateBytes };
}
