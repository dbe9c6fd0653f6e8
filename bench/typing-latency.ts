import type { Browser, Page } from 'playwright-core';
import { quantile } from './stats.ts';

/**
 * Keystroke latency in Chromium, measured two ways on the same keys, one key every 40 ms typed
 * where the page's caret is:
 *
 * - Event Timing (the standard, what Chrome reports as INP): per key, the interaction's duration
 *   (the event's timestamp → the next paint after its handlers, the largest over its keydown,
 *   keypress, beforeinput, input and keyup entries) and its processing time (processingEnd −
 *   processingStart over those entries, as a union: Chromium dispatches beforeinput and input
 *   inside keypress's default action, so a plain sum would count them twice). The API reports nothing under 16 ms (its minimum
 *   durationThreshold) and rounds durations to 8 ms, so a key it does not report took < 16 ms.
 * - The same two quantities measured in the page for every key, because Event Timing is silent
 *   under 16 ms: duration = keydown's event.timeStamp → requestAnimationFrame after the last of the
 *   key's input events → a MessageChannel message, which runs after that frame is painted;
 *   processing = the union of each event's time from the first listener (window, capture) to the
 *   last (window, bubble, plus the microtasks its handlers queued).
 *
 * The recorder asks for one animation frame per key, the one the key's own change paints in. An
 * earlier series (keydown → second animation frame) asked for a second: that made the page render
 * a frame per key the app itself never asks for (Chromium traces: two Commits per key with it, one
 * without), each with its intersection work over every content-visibility block, on the same CPUs
 * as the next key. It is gone, so the page is measured as a person typing sees it.
 */

/**
 * The page-side recorder, as a plain script (a string, so the bundler adds nothing to it, and
 * evaluated through the DevTools protocol, which the app's CSP allows). Records go to
 * window.__typing.keys; Event Timing entries to window.__typing.entries.
 */
const RECORDER = `(() => {
  const state = { keys: [], entries: [] };
  window.__typing = state;
  const afterTask = (fn) => { const c = new MessageChannel(); c.port1.onmessage = () => { fn(); c.port1.close(); }; c.port2.postMessage(null); };
  const CHARACTER_EVENTS = ['keydown', 'keypress', 'beforeinput', 'input'];
  for (const type of [...CHARACTER_EVENTS, 'keyup']) {
    let open = null;
    window.addEventListener(type, (event) => {
      if (type === 'keydown') {
        state.keys.push({ start: event.timeStamp, paint: null, busy: [] });
      }
      const key = state.keys[state.keys.length - 1];
      if (!key) return;
      const span = [performance.now(), null];
      key.busy.push(span);
      open = span;
      // If a handler stops propagation the bubble listener never runs: end the span with the task.
      afterTask(() => { if (span[1] === null) span[1] = performance.now(); });
      // The next paint after the last of the key's character events (each later one overwrites).
      if (CHARACTER_EVENTS.includes(type)) requestAnimationFrame(() => afterTask(() => { key.paint = performance.now(); }));
    }, true);
    window.addEventListener(type, () => {
      const span = open;
      if (span) queueMicrotask(() => { span[1] = performance.now(); });
    }, false);
  }
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (![...CHARACTER_EVENTS, 'keyup'].includes(e.name)) continue;
      state.entries.push({ name: e.name, startTime: e.startTime, duration: e.duration, processingStart: e.processingStart, processingEnd: e.processingEnd, interactionId: e.interactionId ?? 0 });
    }
  }).observe({ type: 'event', durationThreshold: 16 });
})()`;

interface PageKey {
  start: number;
  paint: number | null;
  busy: Array<[number, number | null]>;
}

interface PageEntry {
  name: string;
  startTime: number;
  duration: number;
  processingStart: number;
  processingEnd: number;
  interactionId: number;
}

/** Per key, in ms. Event Timing figures are null for keys it did not report (under 16 ms). */
export interface KeyTimings {
  duration: number[];
  processing: number[];
  eventTimingDuration: Array<number | null>;
  eventTimingProcessing: Array<number | null>;
}

/** Total length of the union of [from, to] spans: events handled in one task are counted once. */
function unionLength(spans: ReadonlyArray<readonly [number, number]>): number {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of sorted) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

/** Each Event Timing entry belongs to the last key whose keydown came at or before it. */
function entriesByKey(keys: readonly PageKey[], entries: readonly PageEntry[]): PageEntry[][] {
  const byKey = keys.map((): PageEntry[] => []);
  for (const entry of entries) {
    let index = -1;
    for (let i = 0; i < keys.length; i++) if ((keys[i]?.start ?? Infinity) <= entry.startTime + 0.5) index = i;
    if (index >= 0) byKey[index]?.push(entry);
  }
  return byKey;
}

export async function typeAndMeasure(page: Page, text: string): Promise<KeyTimings> {
  await page.evaluate(RECORDER);
  for (const ch of text) await page.keyboard.type(ch, { delay: 40 });
  // Let the last key's frames land, and Event Timing deliver its entries, before reading.
  await page.waitForFunction(
    (n) => {
      const keys = (window as unknown as { __typing: { keys: PageKey[] } }).__typing.keys;
      return keys.length >= n && keys.every((k) => k.paint !== null && k.busy.every((s) => s[1] !== null));
    },
    text.length,
    { timeout: 10_000 },
  );
  await page.waitForTimeout(200);
  const { keys, entries } = await page.evaluate(() => (window as unknown as { __typing: { keys: PageKey[]; entries: PageEntry[] } }).__typing);
  const byKey = entriesByKey(keys, entries);
  return {
    duration: keys.map((k) => (k.paint ?? Number.NaN) - k.start),
    processing: keys.map((k) => unionLength(k.busy.map(([from, to]) => [from, to ?? from] as const))),
    eventTimingDuration: byKey.map((es) => (es.length > 0 ? Math.max(...es.map((e) => e.duration)) : null)),
    eventTimingProcessing: byKey.map((es) => (es.length > 0 ? unionLength(es.map((e) => [e.processingStart, e.processingEnd] as const)) : null)),
  };
}

/**
 * Puts the caret at the end of the `index`th element matching `selector`, scrolled into view: the
 * same place in the app's page and in each rung of the ladder (bench/ladder).
 */
export function caretAtEndOf(selector: string, index: number): (page: Page) => Promise<void> {
  return async (page) => {
    const target = page.locator(selector).nth(index);
    await target.scrollIntoViewIfNeeded();
    await target.click();
    await page.keyboard.press('End');
  };
}

/**
 * The floor, measured in the same browser and run: the same typing into a bare contenteditable
 * paragraph (no editor, no framework). This, not zero, is what a page can reach on this machine
 * under its current load.
 */
export async function typingFloor(browser: Browser, text: string): Promise<KeyTimings> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  try {
    const page = await context.newPage();
    await page.setContent('<!doctype html><p contenteditable="true">The floor: </p>');
    await page.locator('p').click();
    await page.keyboard.press('End');
    return await typeAndMeasure(page, text);
  } finally {
    await context.close();
  }
}

/** Median and p95 of one measure, for the editor and the floor. */
export interface MeasureSummary {
  p50: number;
  p95: number;
  floorP50: number;
  floorP95: number;
}

/** Event Timing's summary: a quantile that falls on an unreported key is "under 16 ms" (-Infinity here). */
export interface EventTimingSummary extends MeasureSummary {
  reported: number;
  floorReported: number;
  keys: number;
}

export interface LatencySummary {
  duration: MeasureSummary;
  processing: MeasureSummary;
  eventTimingDuration: EventTimingSummary;
  eventTimingProcessing: EventTimingSummary;
}

function measure(values: number[], floor: number[]): MeasureSummary {
  return { p50: quantile(values, 0.5), p95: quantile(values, 0.95), floorP50: quantile(floor, 0.5), floorP95: quantile(floor, 0.95) };
}

function eventTimingMeasure(values: Array<number | null>, floor: Array<number | null>): EventTimingSummary {
  const withUnreported = (vs: Array<number | null>) => vs.map((v) => v ?? -Infinity);
  return {
    ...measure(withUnreported(values), withUnreported(floor)),
    reported: values.filter((v) => v !== null).length,
    floorReported: floor.filter((v) => v !== null).length,
    keys: values.length,
  };
}

export function summariseLatency(lat: KeyTimings, floor: KeyTimings): LatencySummary {
  return {
    duration: measure(lat.duration, floor.duration),
    processing: measure(lat.processing, floor.processing),
    eventTimingDuration: eventTimingMeasure(lat.eventTimingDuration, floor.eventTimingDuration),
    eventTimingProcessing: eventTimingMeasure(lat.eventTimingProcessing, floor.eventTimingProcessing),
  };
}

const ms = (v: number) => (v === -Infinity ? '< 16' : v.toFixed(1));
const times = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `×${(a / b).toFixed(1)}` : '–');

/** "27.0 ms / 60.0 ms (bare contenteditable in the same run: 18.0 / 32.0 ms; ×1.5 / ×1.9)". */
function formatMeasure(s: MeasureSummary): string {
  return `${ms(s.p50)} ms / ${ms(s.p95)} ms (bare contenteditable in the same run: ${ms(s.floorP50)} / ${ms(s.floorP95)} ms; ${times(s.p50, s.floorP50)} / ${times(s.p95, s.floorP95)})`;
}

function formatEventTiming(s: EventTimingSummary): string {
  return `${formatMeasure(s)}; reported for ${s.reported} of ${s.keys} keys (floor: ${s.floorReported})`;
}

/**
 * The latency rows of a benchmark table: `label` names the situation ("with the anchors present"),
 * `extraCells` are inserted before the target column (the structure table has a CPU column).
 * The 16 ms target is compared with the in-page interaction duration (see the row's wording).
 */
export function latencyRows(label: string, s: LatencySummary, extraCells = ''): string[] {
  return [
    `| keystroke → next paint ${label}, in page for every key (event.timeStamp → rAF → message after paint), median / p95 — **compared with the target** | ${formatMeasure(s.duration)} |${extraCells} < 16 ms |`,
    `| main-thread processing per keystroke ${label}, in page (keydown, keypress, beforeinput, input, keyup handlers), median / p95 | ${formatMeasure(s.processing)} |${extraCells} |`,
    `| Event Timing interaction duration (INP-style) ${label}, median / p95; keys under 16 ms are not reported | ${formatEventTiming(s.eventTimingDuration)} |${extraCells} |`,
    `| Event Timing processing (processingStart → processingEnd, union over the key's events) ${label}, median / p95, reported keys only | ${formatEventTiming(s.eventTimingProcessing)} |${extraCells} |`,
  ];
}
