import type { Browser, Page } from 'playwright-core';
import { quantile } from './stats.ts';

/**
 * Keystroke-to-paint latency in Chromium, the same way for every browser benchmark: from keydown
 * to the second animation frame after it (the frame after the one that handles the key is
 * painted), one key every 40 ms, typed where the page's caret is.
 */
export async function typeAndMeasure(page: Page, text: string): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __lat: number[] };
    w.__lat = [];
    document.addEventListener(
      'keydown',
      () => {
        const t0 = performance.now();
        requestAnimationFrame(() => requestAnimationFrame(() => w.__lat.push(performance.now() - t0)));
      },
      true,
    );
  });
  for (const ch of text) await page.keyboard.type(ch, { delay: 40 });
  // Let the last key's frames land before reading.
  await page.waitForFunction((n) => (window as unknown as { __lat: number[] }).__lat.length >= n, text.length, { timeout: 10_000 });
  return page.evaluate(() => (window as unknown as { __lat: number[] }).__lat);
}

/**
 * The floor, measured in the same browser and run: the same typing into a bare contenteditable
 * paragraph (no editor, no framework). Two frames at 60 Hz are ~17–33 ms, so this, not zero, is
 * what a page can reach on this machine under its current load.
 */
export async function typingFloor(browser: Browser, text: string): Promise<number[]> {
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

export interface LatencySummary {
  p50: number;
  p95: number;
  floorP50: number;
  floorP95: number;
}

export function summariseLatency(lat: number[], floor: number[]): LatencySummary {
  return { p50: quantile(lat, 0.5), p95: quantile(lat, 0.95), floorP50: quantile(floor, 0.5), floorP95: quantile(floor, 0.95) };
}

/** "62 ms / 180 ms (floor 25 / 33 ms: ×2.5 / ×5.5)". */
export function formatLatency(s: LatencySummary): string {
  const ms = (v: number) => v.toFixed(1);
  const x = (a: number, b: number) => (b > 0 ? `×${(a / b).toFixed(1)}` : '–');
  return `${ms(s.p50)} ms / ${ms(s.p95)} ms (bare contenteditable in the same run: ${ms(s.floorP50)} / ${ms(s.floorP95)} ms; ${x(s.p50, s.floorP50)} / ${x(s.p95, s.floorP95)})`;
}
