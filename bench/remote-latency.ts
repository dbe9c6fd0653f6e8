import type { BrowserContext, Page } from 'playwright-core';
import { quantile } from './stats.ts';

/**
 * What a collaborator's keystroke costs this page: for every message the collaboration socket
 * receives, the main-thread time of the task that handles it (its first listener → a
 * MessageChannel message, which runs once the task and its microtasks are done) and the time
 * until the next paint after it (requestAnimationFrame → a message after that frame). A remote
 * edit's work competes with the local user's typing for the same frames.
 */

/**
 * Installed before the page loads (an init script, which the app's CSP allows): wraps WebSocket
 * so that each socket's first 'message' listener is ours. Records only while
 * window.__remote.recording is true.
 */
const RECORDER = `(() => {
  const state = { recording: false, messages: [] };
  window.__remote = state;
  const afterTask = (fn) => { const c = new MessageChannel(); c.port1.onmessage = () => { fn(); c.port1.close(); }; c.port2.postMessage(null); };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => {
        if (!state.recording) return;
        const m = { start: performance.now(), end: null, paint: null };
        state.messages.push(m);
        afterTask(() => { m.end = performance.now(); });
        requestAnimationFrame(() => afterTask(() => { m.paint = performance.now(); }));
      });
    }
  };
})()`;

/** Before the page (or every page of the context) loads. */
export async function installRemoteRecorder(target: Page | BrowserContext): Promise<void> {
  await target.addInitScript(RECORDER);
}

interface RemoteMessage {
  start: number;
  end: number | null;
  paint: number | null;
}

export interface RemoteSummary {
  messages: number;
  processingP50: number;
  processingP95: number;
  paintP50: number;
  paintP95: number;
}

/**
 * Records while `edit(i)` is called `count` times, `intervalMs` apart (each a collaborator's
 * keystroke sent from outside the page), then summarises every message received meanwhile.
 */
export async function measureRemoteEdits(page: Page, count: number, intervalMs: number, edit: (i: number) => void): Promise<RemoteSummary> {
  await page.evaluate(() => {
    const w = window as unknown as { __remote: { recording: boolean; messages: RemoteMessage[] } };
    w.__remote.messages = [];
    w.__remote.recording = true;
  });
  for (let i = 0; i < count; i++) {
    edit(i);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  await page.waitForFunction(
    (n) => {
      const r = (window as unknown as { __remote: { messages: RemoteMessage[] } }).__remote;
      return r.messages.length >= n && r.messages.every((m) => m.end !== null && m.paint !== null);
    },
    count,
    { timeout: 60_000 },
  );
  const messages = await page.evaluate(() => {
    const r = (window as unknown as { __remote: { recording: boolean; messages: RemoteMessage[] } }).__remote;
    r.recording = false;
    return r.messages;
  });
  const processing = messages.map((m) => (m.end ?? Number.NaN) - m.start);
  const paint = messages.map((m) => (m.paint ?? Number.NaN) - m.start);
  return {
    messages: messages.length,
    processingP50: quantile(processing, 0.5),
    processingP95: quantile(processing, 0.95),
    paintP50: quantile(paint, 0.5),
    paintP95: quantile(paint, 0.95),
  };
}

/** The table row for a benchmark: "3.1 ms / 9.8 ms; to next paint 12.0 / 30.2 ms (31 messages)". */
export function remoteRow(label: string, s: RemoteSummary): string {
  const f = (v: number) => v.toFixed(1);
  return `| ${label}: main-thread time per received message, median / p95; to the next paint | ${f(s.processingP50)} ms / ${f(s.processingP95)} ms; to next paint ${f(s.paintP50)} / ${f(s.paintP95)} ms (${s.messages} messages) | |`;
}
